// Inviting people: the team's sign-up link to share. Hearth sends no email invites; the link is
// how people are invited.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import type { Team } from '../../api/types';
import { Modal } from '../common/Modal';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { inviteLink } from '../shell/InviteDialog';
import { getTeam, listTeams } from './api';
import { CopyLink } from './CopyLink';

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
      {team.value?.invite_id && (
        <>
          <p class="form-note">Anyone with this link can create an account and join {team.value.display_name}.</p>
          <CopyLink link={inviteLink(team.value.invite_id)} label={`Invite link for ${team.value.display_name}`} />
        </>
      )}
      <Status value={status.value} />
      </div>
    </Modal>
  );
}
