// "Invite people": the team's invite link to copy and send; people who may add members to the
// team can also add existing accounts directly.

import { useSignal } from '@preact/signals';
import { useEffect, useRef } from 'preact/hooks';

import { get, post } from '../../api/client';
import type { Team, User } from '../../api/types';
import { currentTeam, displayName } from '../../state/entities';
import { dialog } from '../../state/view';
import { Modal } from '../common/Modal';
import { findOutsideTeam } from './people';
import { can } from './permissions';
import { UserPicker } from './UserPicker';

const close = () => (dialog.value = null);

export function inviteLink(inviteId: string): string {
  return `${location.origin}/signup_user_complete?id=${encodeURIComponent(inviteId)}`;
}

export function InviteDialog() {
  const team = currentTeam.value;
  const full = useSignal<Team | null>(null);
  const copied = useSignal(false);
  const added = useSignal<User[]>([]);
  const error = useSignal('');
  const linkInput = useRef<HTMLInputElement>(null);

  useEffect(() => {
    if (!team) return;
    get<Team>(`/teams/${team.id}`)
      .then((t) => (full.value = t))
      .catch((e: unknown) => (error.value = e instanceof Error ? e.message : String(e)));
  }, [team?.id]);

  const link = full.value?.invite_id ? inviteLink(full.value.invite_id) : '';

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
    } catch {
      // No clipboard access (plain http on a LAN address): select the text for Ctrl+C instead.
      linkInput.current?.select();
      return;
    }
    copied.value = true;
    setTimeout(() => (copied.value = false), 2000);
  }

  async function addToTeam(user: User) {
    if (!team) return;
    error.value = '';
    try {
      await post(`/teams/${team.id}/members`, { team_id: team.id, user_id: user.id });
      added.value = [...added.value, user];
    } catch (e) {
      error.value = e instanceof Error ? e.message : String(e);
    }
  }

  const mayAdd = team ? can('add_user_to_team', { teamId: team.id }) : false;
  return (
    <Modal title={`Invite people to ${team?.display_name ?? 'the team'}`} onClose={close}>
      <div class="modal-body">
        <label class="field">
          <span>Invite link</span>
          <span class="dialog-toolbar">
            <input ref={linkInput} class="input grow" readOnly value={link || 'Loading…'} onFocus={(e) => e.currentTarget.select()} />
            <button type="button" class="btn btn-primary" disabled={!link} onClick={() => void copy()}>
              {copied.value ? 'Copied' : 'Copy link'}
            </button>
          </span>
          <span class="muted">Anyone with this link can create an account and join the team.</span>
        </label>
        <p class="visually-hidden" role="status">
          {copied.value ? 'Invite link copied' : ''}
        </p>
        {mayAdd && team && (
          <section class="dialog-section">
            <UserPicker label="Add people who already have an account" find={(term) => findOutsideTeam(team.id, term)} exclude={new Set(added.value.map((u) => u.id))} onPick={(u) => void addToTeam(u)} />
            {added.value.length > 0 && (
              <p class="success" role="status">
                Added to the team: {added.value.map(displayName).join(', ')}
              </p>
            )}
          </section>
        )}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <div class="modal-actions">
          <button type="button" class="btn" onClick={close}>
            Done
          </button>
        </div>
      </div>
    </Modal>
  );
}
