// Channels of a team, public, private and archived: rename, switch between public and private,
// archive and restore.

import { useSignal } from '@preact/signals';
import type { JSX } from 'preact';
import { useEffect } from 'preact/hooks';

import type { Channel, Team } from '../../api/types';
import { channels as chatChannels, upsert } from '../../state/entities';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { archiveChannel, listTeams, renameChannel, restoreChannel, setPrivacy, teamChannels } from './api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { PromptDialog } from './PromptDialog';
import './table.css';

function kindOf(c: Channel): string {
  if (c.delete_at) return 'Archived';
  return c.type === 'P' ? 'Private' : 'Public';
}

function ChannelActions(props: { channel: Channel; onChanged: (c: Channel) => void; openDialog: (d: JSX.Element) => void; close: () => void }) {
  const { channel: c, close, openDialog } = props;
  const name = c.display_name || c.name;
  const changed = (next: Channel) => {
    props.onChanged(next);
    // Keep the chat's copy in step when the admin is in the channel.
    if (chatChannels.value[next.id]) upsert(chatChannels, [next]);
  };
  const actions: MenuAction[] = [];
  if (!c.delete_at) {
    actions.push({
      label: 'Rename…',
      run: () => openDialog(<PromptDialog title="Rename channel" label="Channel name" initial={name} maxLength={64} confirmLabel="Rename" onClose={close} onSubmit={async (v) => changed(await renameChannel(c.id, v))} />),
    });
    if (c.name !== 'town-square') {
      const to = c.type === 'P' ? 'O' : 'P';
      actions.push({
        label: to === 'P' ? 'Make private…' : 'Make public…',
        run: () =>
          openDialog(
            <ConfirmDialog title={`Make ~${c.name} ${to === 'P' ? 'private' : 'public'}?`} confirmLabel={to === 'P' ? 'Make private' : 'Make public'} onClose={close} onConfirm={async () => changed(await setPrivacy(c.id, to))}>
              <p>{to === 'P' ? 'Only its current members will see it; others can join only when added.' : 'Everyone in the team will be able to find and join it.'}</p>
            </ConfirmDialog>,
          ),
      });
      actions.push({
        label: 'Archive…',
        danger: true,
        run: () =>
          openDialog(
            <ConfirmDialog title={`Archive ~${c.name}?`} confirmLabel="Archive channel" danger onClose={close} onConfirm={async () => (await archiveChannel(c.id), changed({ ...c, delete_at: Date.now() }))}>
              <p>No one can post in it any more. Its messages stay readable, and you can restore it later.</p>
            </ConfirmDialog>,
          ),
      });
    }
  } else {
    actions.push({
      label: 'Restore…',
      run: () =>
        openDialog(
          <ConfirmDialog title={`Restore ~${c.name}?`} confirmLabel="Restore" onClose={close} onConfirm={async () => changed(await restoreChannel(c.id))}>
            <p>Its members can post in it again.</p>
          </ConfirmDialog>,
        ),
    });
  }
  return <ActionMenu label={`Actions for ${name}`} actions={actions} />;
}

export function ChannelsSection() {
  const teams = useSignal<Team[]>([]);
  const teamId = useSignal('');
  const channels = useSignal<Channel[] | null>(null);
  const filter = useSignal('');
  const dialog = useSignal<JSX.Element | null>(null);
  const { status, run } = useAction();
  const close = () => (dialog.value = null);

  useEffect(() => {
    void run(async () => {
      teams.value = await listTeams();
      teamId.value = teams.value[0]?.id ?? '';
    });
  }, []);

  useEffect(() => {
    channels.value = null;
    if (teamId.value) void run(async () => (channels.value = await teamChannels(teamId.value)));
  }, [teamId.value]);

  const replace = (c: Channel) => {
    if (channels.value) channels.value = channels.value.map((x) => (x.id === c.id ? c : x));
  };
  const needle = filter.value.trim().toLowerCase();
  const shown = (channels.value ?? []).filter((c) => !needle || c.display_name.toLowerCase().includes(needle) || c.name.includes(needle));

  return (
    <section class="admin-section">
      <div class="admin-toolbar">
        {teams.value.length > 1 && (
          <select class="input" aria-label="Team" value={teamId.value} onChange={(e) => (teamId.value = e.currentTarget.value)}>
            {teams.value.map((t) => (
              <option key={t.id} value={t.id}>
                {t.display_name}
              </option>
            ))}
          </select>
        )}
        <input class="input admin-search" type="search" aria-label="Filter channels" placeholder="Filter channels" value={filter.value} onInput={(e) => (filter.value = e.currentTarget.value)} />
      </div>
      <Status value={status.value} />
      {channels.value && shown.length === 0 && <p class="muted">No channels{needle ? ` match "${filter.value.trim()}"` : ''}.</p>}
      {shown.length > 0 && (
        <table class="admin-table">
          <thead>
            <tr>
              <th scope="col">Channel</th>
              <th scope="col">Type</th>
              <th scope="col">
                <span class="visually-hidden">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {shown.map((c) => (
              <tr key={c.id} class={c.delete_at ? 'inactive' : ''}>
                <td class="admin-cell-name">
                  <div class="admin-who">
                    <span class="admin-ch-icon" aria-hidden="true">
                      {c.type === 'P' ? '🔒' : '#'}
                    </span>
                    <span>
                      <strong>{c.display_name || c.name}</strong>
                      <span class="muted">~{c.name}</span>
                    </span>
                  </div>
                </td>
                <td data-label="Type">{kindOf(c)}</td>
                <td class="admin-cell-actions">
                  <ChannelActions channel={c} onChanged={replace} openDialog={(d) => (dialog.value = d)} close={close} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {dialog.value}
    </section>
  );
}
