// "Browse channels": the team's public channels with a filter; choosing one opens it, which joins
// it when the user is not in it yet (navigation does that).

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { get, query } from '../../api/client';
import type { Channel } from '../../api/types';
import { currentTeam, myMembers } from '../../state/entities';
import { navigate, paths } from '../../state/router';
import { dialog } from '../../state/view';
import { Modal } from '../common/Modal';
import { can } from './permissions';
import { normalize } from './switcher';

const close = () => (dialog.value = null);

export function BrowseChannelsDialog() {
  const team = currentTeam.value;
  const list = useSignal<Channel[] | null>(null);
  const filter = useSignal('');
  const error = useSignal('');

  useEffect(() => {
    if (!team) return;
    get<Channel[]>(`/teams/${team.id}/channels${query({ page: 0, per_page: 200 })}`)
      .then((found) => (list.value = found.sort((a, b) => a.display_name.localeCompare(b.display_name))))
      .catch((e: unknown) => (error.value = e instanceof Error ? e.message : String(e)));
  }, [team?.id]);

  const mayCreate = !!team && (can('create_public_channel', { teamId: team.id }) || can('create_private_channel', { teamId: team.id }));
  const wanted = normalize(filter.value);
  const shown = (list.value ?? []).filter((c) => !wanted || [c.display_name, c.name, c.purpose].some((t) => normalize(t).includes(wanted)));
  return (
    <Modal title="Browse channels" onClose={close}>
      <div class="modal-body">
        <div class="dialog-toolbar">
          <input class="input grow" type="search" aria-label="Filter channels" placeholder="Filter channels" autoFocus value={filter.value} onInput={(e) => (filter.value = e.currentTarget.value)} />
          {mayCreate && (
            <button class="btn" onClick={() => (dialog.value = { kind: 'new-channel' })}>
              Create channel
            </button>
          )}
        </div>
        {error.value && <p class="error" role="alert">{error.value}</p>}
        {list.value === null && !error.value && <p class="muted">Loading channels…</p>}
        {list.value !== null && shown.length === 0 && <p class="muted">{wanted ? 'No channel matches.' : 'This team has no public channels yet.'}</p>}
        <ul class="row-list">
          {shown.map((c) => {
            const joined = !!myMembers.value[c.id];
            return (
              <li key={c.id}>
                <button
                  class="row-btn"
                  onClick={() => {
                    close();
                    if (team) navigate(paths.channel(team.name, c.name));
                  }}
                >
                  <span class="row-main">
                    <b># {c.display_name}</b>
                    {c.purpose && <span class="muted row-sub">{c.purpose}</span>}
                  </span>
                  <span class={joined ? 'tag' : 'tag tag-accent'}>{joined ? 'Joined' : 'Join'}</span>
                </button>
              </li>
            );
          })}
        </ul>
      </div>
    </Modal>
  );
}
