// The sidebar's header: the team name, the user's own avatar and status, and the menu to set the
// status (online, away, do not disturb), invite people, open the profile or admin console, and
// sign out.

import { put } from '../../api/client';
import type { Status } from '../../api/types';
import { currentTeam, statuses } from '../../state/entities';
import { navigate } from '../../state/router';
import { logout, me } from '../../state/session';
import { dialog } from '../../state/view';
import { askNotificationPermission, notificationPermission } from './alerts';
import { Avatar } from './Avatar';
import { MenuButton, type MenuItem } from './Menu';
import { STATUS_LABELS } from './status';

type Settable = Exclude<Status['status'], 'offline'>;

async function setStatus(userId: string, status: Settable): Promise<void> {
  const previous = statuses.value[userId];
  statuses.value = { ...statuses.value, [userId]: status };
  try {
    await put('/users/me/status', { user_id: userId, status });
  } catch {
    if (previous) statuses.value = { ...statuses.value, [userId]: previous };
  }
}

export function TeamMenu() {
  const user = me.value;
  if (!user) return null;
  const status = statuses.value[user.id] ?? 'offline';
  const isAdmin = user.roles.includes('system_admin');
  const choices: Settable[] = ['online', 'away', 'dnd'];
  const items: MenuItem[] = [
    ...choices.map((s, i) => ({
      label: STATUS_LABELS[s],
      checked: status === s,
      group: i === 0 ? 'Status' : undefined,
      onSelect: () => void setStatus(user.id, s),
    })),
    { label: 'Invite people', group: 'Team', onSelect: () => (dialog.value = { kind: 'invite' }) },
    { label: 'Profile and settings', onSelect: () => (dialog.value = { kind: 'profile' }) },
  ];
  if (notificationPermission.value === 'default') items.push({ label: 'Enable desktop notifications', onSelect: () => void askNotificationPermission() });
  if (isAdmin) items.push({ label: 'Admin console', onSelect: () => navigate('/admin_console') });
  items.push({ label: 'Sign out', danger: true, onSelect: () => void logout() });

  const team = currentTeam.value?.display_name ?? 'Hearth';
  return (
    <header class="sb-header">
      <MenuButton label={`${team} menu, ${user.username}, ${STATUS_LABELS[status]}`} class="sb-team" items={items}>
        <span class="sb-team-name">{team}</span>
        <span class="sb-user">
          <Avatar userId={user.id} size={20} showStatus />
          <span>@{user.username}</span>
          <span class="sb-status">{STATUS_LABELS[status]}</span>
        </span>
      </MenuButton>
    </header>
  );
}
