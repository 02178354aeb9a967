// The Security tab: password, multi-factor authentication and signed-in sessions.

import { config } from '../../state/session';
import { MfaSection } from './MfaSection';
import { PasswordForm } from './PasswordForm';
import { SessionList } from './SessionList';

export function SecurityTab() {
  return (
    <div class="settings-stack">
      <PasswordForm />
      {config.value.EnableMultifactorAuthentication === 'true' && <MfaSection />}
      <SessionList />
    </div>
  );
}
