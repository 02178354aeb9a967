// Inviting people: the team's sign-up link to share, and email invites when the server sends
// email.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Team } from '../../api/types';
import { config } from '../../state/session';
import { Modal } from '../common/Modal';
import { Status } from '../settings/Status';
import { useAction } from '../settings/useAction';
import { getTeam, inviteByEmail, inviteLink, listTeams } from './api';
import { CopyLink } from './CopyLink';
import { parseEmails } from './emails';

function EmailInvites({ team }: { team: Team }) {
  const text = useSignal('');
  const { status, busy, run } = useAction();
  if (config.value.SendEmailNotifications !== 'true') {
    return <p class="muted form-note">Email invites need the server to send email, which is not set up. Share the link instead.</p>;
  }
  async function send(e: Event) {
    e.preventDefault();
    const emails = parseEmails(text.value);
    if (emails.length === 0) return;
    const sent = await run(() => inviteByEmail(team.id, emails), `Invites sent to ${emails.length} ${emails.length === 1 ? 'address' : 'addresses'}.`, 'This server cannot send email invites yet. Share the link instead.');
    if (sent) text.value = '';
  }
  return (
    <form onSubmit={send}>
      <label class="field">
        <span>Or invite by email</span>
        <textarea class="input" rows={3} placeholder="ana@example.com, bob@example.com" value={text.value} onInput={(e) => (text.value = e.currentTarget.value)} />
      </label>
      <Status value={status.value} />
      <div class="modal-actions">
        <button type="submit" class="btn" disabled={busy.value}>
          Send invites
        </button>
      </div>
    </form>
  );
}

export function InviteDialog({ onClose }: { onClose: () => void }) {
  const teams = useSignal<Team[] | null>(null);
  const team = useSignal<Team | null>(null);
  const { status, run } = useAction();

  const pick = (id: string) => void run(async () => (team.value = await getTeam(id)));
  useEffect(() => {
    void run(async () => {
      teams.value = await listTeams();
      if (teams.value[0]) team.value = await getTeam(teams.value[0].id);
    });
  }, []);

  return (
    <Modal title="Invite people" onClose={onClose}>
      <div class="modal-body">
      {teams.value && teams.value.length > 1 && (
        <label class="field">
          <span>Team</span>
          <select class="input" value={team.value?.id ?? ''} onChange={(e) => pick(e.currentTarget.value)}>
            {teams.value.map((t) => (
              <option key={t.id} value={t.id}>
                {t.display_name}
              </option>
            ))}
          </select>
        </label>
      )}
      {teams.value?.length === 0 && <p>Create a team first: people are invited into a team.</p>}
      {team.value && (
        <>
          <p class="form-note">Anyone with this link can create an account and join {team.value.display_name}.</p>
          <CopyLink link={inviteLink(team.value)} label={`Invite link for ${team.value.display_name}`} />
          <EmailInvites team={team.value} />
        </>
      )}
      <Status value={status.value} />
      </div>
    </Modal>
  );
}
