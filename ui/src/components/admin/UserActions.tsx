// The actions an admin can take on one user: reset the password, grant or remove system admin,
// make a guest or a member, deactivate or reactivate. Each asks first, then shows the user as the
// server has them now.

import type { JSX } from 'preact';

import type { User } from '../../api/types';
import { config, me } from '../../state/session';
import { storeUser } from '../settings/api';
import { ActionMenu, type MenuAction } from './ActionMenu';
import { demoteToGuest, getUser, promoteToMember, resetPassword, setActive, setRoles } from './api';
import { ConfirmDialog } from '../common/ConfirmDialog';
import { PromptDialog } from './PromptDialog';
import { isActive, roleOf, withAdmin } from './roles';

export function UserActions(props: { user: User; onChanged: (user: User) => void; openDialog: (dialog: JSX.Element) => void; close: () => void }) {
  const { user, close } = props;
  const who = `@${user.username}`;
  const self = user.id === me.value?.id;
  const role = roleOf(user);
  const minLength = Number(config.value.PasswordMinimumLength) || 8;

  /** After a change, shows the user as the server now has them, here and everywhere in the app. */
  async function reload() {
    const fresh = await getUser(user.id);
    storeUser(fresh);
    props.onChanged(fresh);
  }

  const confirm = (title: string, text: string, confirmLabel: string, change: () => Promise<unknown>, danger = false) => () =>
    props.openDialog(
      <ConfirmDialog title={title} confirmLabel={confirmLabel} danger={danger} onClose={close} onConfirm={async () => (await change(), await reload())}>
        <p>{text}</p>
      </ConfirmDialog>,
    );

  const actions: MenuAction[] = [];
  // People change their own password in their settings, where the current one is asked for.
  if (!self) {
    actions.push({
      label: 'Reset password…',
      run: () =>
        props.openDialog(
          <PromptDialog
            title={`New password for ${who}`}
            label="New password"
            type="password"
            autoComplete="new-password"
            hint={`At least ${minLength} characters. Tell them the new password; they can change it in their settings.`}
            confirmLabel="Set password"
            check={(v) => (v.length < minLength ? `Use at least ${minLength} characters.` : '')}
            onSubmit={(v) => resetPassword(user.id, v)}
            onClose={close}
          />,
        ),
    });
  }
  if (!self && role === 'member') {
    actions.push({ label: 'Make system admin…', run: confirm(`Make ${who} a system admin?`, 'System admins can manage every user, team, channel and server setting.', 'Make system admin', () => setRoles(user.id, withAdmin(user, true))) });
  }
  if (!self && role === 'admin') {
    actions.push({ label: 'Remove system admin…', run: confirm(`Remove system admin from ${who}?`, 'They stay a member of their teams and channels.', 'Remove system admin', () => setRoles(user.id, withAdmin(user, false))) });
  }
  if (!self && role === 'member' && config.value.EnableGuestAccounts === 'true') {
    actions.push({ label: 'Make guest…', run: confirm(`Make ${who} a guest?`, 'Guests see only the channels they are added to, and cannot browse or join others.', 'Make guest', () => demoteToGuest(user.id)) });
  }
  if (role === 'guest') {
    actions.push({ label: 'Make member…', run: confirm(`Make ${who} a full member?`, 'Members can browse and join the public channels of their teams.', 'Make member', () => promoteToMember(user.id)) });
  }
  if (!self && isActive(user)) {
    actions.push({
      label: 'Deactivate…',
      danger: true,
      run: confirm(`Deactivate ${who}?`, 'They are signed out everywhere and cannot sign in until reactivated. Their messages stay.', 'Deactivate', () => setActive(user.id, false), true),
    });
  }
  if (!isActive(user)) {
    actions.push({ label: 'Reactivate…', run: confirm(`Reactivate ${who}?`, 'They can sign in again with their password.', 'Reactivate', () => setActive(user.id, true)) });
  }

  if (actions.length === 0) return null;
  return <ActionMenu label={`Actions for ${who}`} actions={actions} />;
}
