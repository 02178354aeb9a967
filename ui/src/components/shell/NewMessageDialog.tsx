// "New message": pick one person for a direct message or several for a group message, then open
// the conversation (created if it does not exist yet).

import { useSignal } from '@preact/signals';

import { post } from '../../api/client';
import type { Channel, User } from '../../api/types';
import { currentTeam, displayName } from '../../state/entities';
import { goToChannel } from '../../state/navigation';
import { me } from '../../state/session';
import { dialog } from '../../state/view';
import { Modal } from '../common/Modal';
import { findTeamUsers } from './people';
import { UserPicker } from './UserPicker';

/** Mattermost's group messages hold 3 to 8 people, the writer included. */
const MAX_OTHERS = 7;

const close = () => (dialog.value = null);

export function NewMessageDialog() {
  const team = currentTeam.value;
  const myId = me.value?.id ?? '';
  const picked = useSignal<User[]>([]);
  const error = useSignal('');
  const busy = useSignal(false);

  async function start() {
    if (picked.value.length === 0) return;
    busy.value = true;
    error.value = '';
    try {
      const others = picked.value.map((u) => u.id);
      const channel = others.length === 1 ? await post<Channel>('/channels/direct', [myId, others[0]]) : await post<Channel>('/channels/group', [myId, ...others]);
      close();
      await goToChannel(channel);
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    } finally {
      busy.value = false;
    }
  }

  const full = picked.value.length >= MAX_OTHERS;
  return (
    <Modal title="New message" onClose={close}>
      <div class="modal-body">
        {picked.value.length > 0 && (
          <ul class="chips" aria-label="Recipients">
            {picked.value.map((u) => (
              <li key={u.id} class="chip">
                {displayName(u)}
                <button type="button" class="chip-remove" aria-label={`Remove ${displayName(u)}`} onClick={() => (picked.value = picked.value.filter((x) => x.id !== u.id))}>
                  ×
                </button>
              </li>
            ))}
          </ul>
        )}
        {full ? (
          <p class="muted">A group message can have at most {MAX_OTHERS + 1} people.</p>
        ) : (
          team && (
            <UserPicker
              label={picked.value.length ? 'Add someone else' : 'Who do you want to write to?'}
              autoFocus
              find={(term) => findTeamUsers(team.id, term)}
              exclude={new Set([myId, ...picked.value.map((u) => u.id)])}
              onPick={(u) => (picked.value = [...picked.value, u])}
            />
          )
        )}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <div class="modal-actions">
          <button type="button" class="btn" onClick={close}>
            Cancel
          </button>
          <button type="button" class="btn btn-primary" disabled={picked.value.length === 0 || busy.value} onClick={() => void start()}>
            {picked.value.length > 1 ? 'Start group message' : 'Go'}
          </button>
        </div>
      </div>
    </Modal>
  );
}
