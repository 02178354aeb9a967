// Teams: create one, and for each: rename, open or close it to anyone on the server, share or
// replace its invite link, archive it and restore it. The server lists live teams only, so an
// archived team shows here just after it was archived, until the page is left.

import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';

import type { Team } from '../../api/types';
import { loadTeams } from '../../state/entities';
import { slugify } from '../auth/forms';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { inviteLink } from '../shell/InviteDialog';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { archiveTeam, createTeam, getTeam, listTeams, patchTeam, regenerateInvite, restoreTeam } from './api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { CopyLink } from './CopyLink';
import { PromptDialog } from './PromptDialog';
import './table.css';
import './teams.css';

function NewTeamForm({ onCreated }: { onCreated: (team: Team) => void }) {
  const name = useSignal('');
  const { status, busy, run } = useAction();
  async function submit(e: Event) {
    e.preventDefault();
    const display = name.value.trim();
    const created = await run(async () => onCreated(await createTeam(slugify(display) || 'team', display)), `Team "${display}" created.`);
    if (created) name.value = '';
  }
  return (
    <form class="admin-new" onSubmit={submit}>
      <div class="admin-toolbar">
        <input class="input admin-search" required maxLength={64} aria-label="New team name" placeholder="New team name" value={name.value} onInput={(e) => (name.value = e.currentTarget.value)} />
        <button class="btn btn-primary" type="submit" disabled={busy.value}>
          Create team
        </button>
      </div>
      <Status value={status.value} />
    </form>
  );
}

function TeamCard(props: { team: Team; onChanged: (team: Team) => void; openDialog: (d: JSX.Element) => void; close: () => void }) {
  const { team, close } = props;
  const { status, busy, run } = useAction();
  const change = (work: () => Promise<Team>, done: string) => void run(async () => props.onChanged(await work()), done);
  const archived = team.delete_at > 0;

  const actions: MenuAction[] = [
    {
      label: 'Rename…',
      run: () =>
        props.openDialog(
          <PromptDialog title="Rename team" label="Team name" initial={team.display_name} maxLength={64} confirmLabel="Rename" onClose={close} onSubmit={async (v) => props.onChanged(await patchTeam(team.id, { display_name: v }))} />,
        ),
    },
    {
      label: 'Archive…',
      danger: true,
      run: () =>
        props.openDialog(
          // Archiving answers only "OK"; the team's own record (admins may read archived ones) says when.
          <ConfirmDialog title={`Archive ${team.display_name}?`} confirmLabel="Archive team" danger onClose={close} onConfirm={async () => (await archiveTeam(team.id), props.onChanged(await getTeam(team.id)))}>
            <p>Its members lose access to its channels. Messages are kept, and you can restore it here until you leave this page.</p>
          </ConfirmDialog>,
        ),
    },
  ];

  return (
    <li class={`admin-card${archived ? ' admin-card-archived' : ''}`}>
      <div class="admin-card-head">
        <div>
          <h2>{team.display_name}</h2>
          <span class="muted">/{team.name}</span>
        </div>
        {archived ? <span class="state state-off">Archived</span> : <ActionMenu label={`Actions for ${team.display_name}`} actions={actions} />}
      </div>
      {archived ? (
        <p class="muted form-note">Its members cannot open it. Restoring brings back its channels and messages.</p>
      ) : (
        <>
          <label class="check">
            <input type="checkbox" checked={team.allow_open_invite} disabled={busy.value} onChange={(e) => change(() => patchTeam(team.id, { allow_open_invite: e.currentTarget.checked }), 'Saved.')} />
            <span>Anyone with an account on this server can join</span>
          </label>
          {team.invite_id && <CopyLink link={inviteLink(team.invite_id)} label={`Invite link for ${team.display_name}`} />}
        </>
      )}
      <div class="admin-card-foot">
        <Status value={status.value} />
        {archived ? (
          <button class="btn" type="button" disabled={busy.value} onClick={() => change(() => restoreTeam(team.id), 'Team restored.')}>
            Restore team
          </button>
        ) : (
          <button class="btn" type="button" disabled={busy.value} onClick={() => change(() => regenerateInvite(team.id), 'New link made; the old one no longer works.')}>
            New invite link
          </button>
        )}
      </div>
    </li>
  );
}

export function TeamsSection() {
  const teams = useSignal<Team[] | null>(null);
  const dialog = useSignal<JSX.Element | null>(null);
  const { status, run } = useAction();
  const close = () => (dialog.value = null);

  useEffect(() => {
    void run(async () => {
      // The list may leave out invite ids; each team's own record has them for admins.
      teams.value = await Promise.all((await listTeams()).map((t) => (t.invite_id ? t : getTeam(t.id))));
    });
  }, []);

  /** The chat's own team list (sidebar) follows changes made here. */
  const refreshChat = () => void loadTeams().catch(() => {});
  const put = (team: Team) => {
    teams.value = (teams.value ?? []).map((t) => (t.id === team.id ? team : t));
    refreshChat();
  };

  return (
    <section class="admin-section">
      <NewTeamForm
        onCreated={(t) => {
          teams.value = [...(teams.value ?? []), t];
          refreshChat();
        }}
      />
      <Status value={status.value} />
      {teams.value?.length === 0 && <p class="muted">No teams yet.</p>}
      <ul class="admin-cards">
        {(teams.value ?? []).map((t) => (
          <TeamCard key={t.id} team={t} onChanged={put} openDialog={(d) => (dialog.value = d)} close={close} />
        ))}
      </ul>
      {dialog.value}
    </section>
  );
}
