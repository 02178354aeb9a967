// Creating an account for someone: email, username, password and name, optionally as a guest,
// optionally added to a team straight away.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Team, User } from '../../api/types';
import { config } from '../../state/session';
import { AccountFields } from '../auth/AccountFields';
import { Modal } from '../common/Modal';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { addToTeam, createUser, demoteToGuest, getUser, listTeams } from './api';

export function CreateUserDialog(props: { onClose: () => void; onCreated: (user: User) => void }) {
  const account = { email: useSignal(''), username: useSignal(''), password: useSignal('') };
  const firstName = useSignal('');
  const lastName = useSignal('');
  const guest = useSignal(false);
  const teamId = useSignal('');
  const teams = useSignal<Team[]>([]);
  const { status, busy, run } = useAction();
  const guestsAllowed = config.value.EnableGuestAccounts === 'true';

  useEffect(() => {
    listTeams()
      .then((list) => {
        teams.value = list;
        if (list.length === 1) teamId.value = list[0]!.id;
      })
      .catch(() => (teams.value = []));
  }, []);

  async function submit(e: Event) {
    e.preventDefault();
    let created = null as User | null;
    const ok = await run(async () => {
      created = await createUser({
        email: account.email.value.trim(),
        username: account.username.value.trim(),
        password: account.password.value,
        first_name: firstName.value.trim(),
        last_name: lastName.value.trim(),
      });
      if (guest.value) await demoteToGuest(created.id);
      if (teamId.value) await addToTeam(teamId.value, created.id);
      created = await getUser(created.id);
    });
    // The account exists even if a later step failed: show it in the list either way.
    if (created) props.onCreated(created);
    if (ok) props.onClose();
    else if (created) status.value = { ok: false, text: `The account was created, but: ${status.value?.text ?? ''}` };
  }

  return (
    <Modal title="Create user" onClose={props.onClose}>
      <div class="modal-body">
      <form onSubmit={submit}>
        <AccountFields account={account} />
        <div class="form-grid">
          <label class="field">
            <span>First name</span>
            <input class="input" name="first_name" maxLength={64} autoComplete="off" value={firstName.value} onInput={(e) => (firstName.value = e.currentTarget.value)} />
          </label>
          <label class="field">
            <span>Last name</span>
            <input class="input" name="last_name" maxLength={64} autoComplete="off" value={lastName.value} onInput={(e) => (lastName.value = e.currentTarget.value)} />
          </label>
        </div>
        <label class="field">
          <span>Team</span>
          <select class="input" value={teamId.value} onChange={(e) => (teamId.value = e.currentTarget.value)}>
            <option value="">No team</option>
            {teams.value.map((t) => (
              <option key={t.id} value={t.id}>
                {t.display_name}
              </option>
            ))}
          </select>
        </label>
        {guestsAllowed && (
          <label class="check">
            <input type="checkbox" checked={guest.value} onChange={(e) => (guest.value = e.currentTarget.checked)} />
            <span>Guest account: sees only the channels it is added to</span>
          </label>
        )}
        <Status value={status.value} />
        <div class="modal-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy.value}>
            Create user
          </button>
        </div>
      </form>
      </div>
    </Modal>
  );
}
