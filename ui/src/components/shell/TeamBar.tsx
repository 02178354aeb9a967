// The narrow column of team icons, shown when the user belongs to more than one team, with the
// unread dot and mention count of each other team.

import { teams, currentTeamId, teamUnreads } from '../../state/entities';
import { DEFAULT_CHANNEL } from '../../state/navigation';
import { navigate, paths } from '../../state/router';

export function TeamBar() {
  const list = Object.values(teams.value).sort((a, b) => a.display_name.localeCompare(b.display_name));
  if (list.length < 2) return null;
  return (
    <nav class="teambar" aria-label="Teams">
      {list.map((t) => {
        const active = t.id === currentTeamId.value;
        // The open team's unreads are in its sidebar; marking its icon too would say the same
        // thing twice (and go stale while its channels are read).
        const unread = active ? undefined : teamUnreads.value[t.id];
        return (
          <button
            key={t.id}
            class={`team-icon${active ? ' active' : ''}${unread?.msg_count ? ' unread' : ''}`}
            aria-label={t.display_name}
            aria-current={active ? 'page' : undefined}
            title={t.display_name}
            onClick={() => navigate(paths.channel(t.name, DEFAULT_CHANNEL))}
          >
            {t.display_name.slice(0, 2)}
            {unread?.mention_count ? <span class="badge">{unread.mention_count}</span> : null}
          </button>
        );
      })}
    </nav>
  );
}
