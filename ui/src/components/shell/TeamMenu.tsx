// The sidebar's header: the team name, the user's own avatar and status, and the menu with
// invite, profile, admin console and sign-out.

import { useSignal } from '@preact/signals';

import { currentTeam } from '../../state/entities';
import { navigate } from '../../state/router';
import { logout, me } from '../../state/session';
import { dialog } from '../../state/view';
import { Avatar } from './Avatar';

export function TeamMenu() {
  const open = useSignal(false);
  const user = me.value;
  const isAdmin = user?.roles.includes('system_admin') ?? false;
  const choose = (action: () => void) => () => {
    open.value = false;
    action();
  };
  return (
    <header class="sb-header">
      <button class="sb-team" aria-haspopup="menu" aria-expanded={open.value} onClick={() => (open.value = !open.value)}>
        <span class="sb-team-name">{currentTeam.value?.display_name ?? 'Hearth'}</span>
        <span class="sb-user">
          {user && <Avatar userId={user.id} size={20} showStatus />}
          <span>@{user?.username}</span>
        </span>
      </button>
      {open.value && (
        <ul class="menu" role="menu" onKeyDown={(e) => e.key === 'Escape' && (open.value = false)}>
          <li role="none">
            <button role="menuitem" onClick={choose(() => (dialog.value = { kind: 'invite' }))}>Invite people</button>
          </li>
          <li role="none">
            <button role="menuitem" onClick={choose(() => (dialog.value = { kind: 'profile' }))}>Profile and settings</button>
          </li>
          {isAdmin && (
            <li role="none">
              <button role="menuitem" onClick={choose(() => navigate('/admin_console'))}>Admin console</button>
            </li>
          )}
          <li role="none">
            <button role="menuitem" onClick={choose(() => void logout())}>Sign out</button>
          </li>
        </ul>
      )}
    </header>
  );
}
