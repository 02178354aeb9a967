// Shown to a signed-in user who belongs to no team: admins create one, others join an open team.

import { useSignal, useSignalEffect } from '@preact/signals';

import { get, post } from '../../api/client';
import type { Team } from '../../api/types';
import { loadTeams } from '../../state/entities';
import { DEFAULT_CHANNEL } from '../../state/navigation';
import { navigate, paths } from '../../state/router';
import { logout, me } from '../../state/session';
import { AuthCard } from '../auth/AuthCard';
import { Setup } from '../auth/Setup';

export function NoTeam() {
  const open = useSignal<Team[]>([]);
  const isAdmin = me.value?.roles.includes('system_admin') ?? false;
  useSignalEffect(() => {
    get<Team[]>('/teams').then((t) => (open.value = t.filter((x) => x.allow_open_invite))).catch(() => {});
  });
  if (isAdmin) return <Setup />;

  async function join(team: Team) {
    await post(`/teams/${team.id}/members`, { team_id: team.id, user_id: me.value?.id });
    await loadTeams();
    navigate(paths.channel(team.name, DEFAULT_CHANNEL));
  }

  return (
    <AuthCard title="No team yet" lead="You are not in any team. Join an open one, or ask your administrator for an invite link.">
      <div class="auth-actions">
        {open.value.map((t) => (
          <button key={t.id} class="btn btn-primary" onClick={() => void join(t)}>
            Join {t.display_name}
          </button>
        ))}
        <button class="btn" onClick={() => void logout()}>
          Sign out
        </button>
      </div>
    </AuthCard>
  );
}
