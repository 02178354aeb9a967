// Changing one's own password: the current one, then the new one twice.

import { useSignal } from '@preact/signals';

import { config, me } from '../../state/session';
import { changePassword } from './api';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { passwordProblem } from './validate';

export function PasswordForm() {
  const current = useSignal('');
  const next = useSignal('');
  const confirm = useSignal('');
  const { status, busy, run } = useAction();
  const minLength = Number(config.value.PasswordMinimumLength) || 8;

  async function submit(e: Event) {
    e.preventDefault();
    const problem = passwordProblem(next.value, confirm.value, minLength);
    if (problem) {
      status.value = { ok: false, text: problem };
      return;
    }
    const changed = await run(() => changePassword(me.value?.id ?? 'me', current.value, next.value), 'Password changed.');
    if (changed) current.value = next.value = confirm.value = '';
  }

  const field = (label: string, name: string, value: typeof current, autoComplete: string) => (
    <label class="field">
      <span>{label}</span>
      <input class="input" type="password" name={name} required autoComplete={autoComplete} value={value.value} onInput={(e) => (value.value = e.currentTarget.value)} />
    </label>
  );

  return (
    <form aria-labelledby="security-password" onSubmit={submit}>
      <h3 id="security-password">Password</h3>
      {/* The username lets password managers file the new password under the right account. */}
      <input type="text" name="username" autoComplete="username" value={me.value?.username ?? ''} hidden readOnly />
      <div class="form-grid">
        {field('Current password', 'current_password', current, 'current-password')}
        <span />
        {field('New password', 'new_password', next, 'new-password')}
        {field('New password again', 'confirm_password', confirm, 'new-password')}
      </div>
      <p class="muted form-note">At least {minLength} characters.</p>
      <div class="settings-actions">
        <Status value={status.value} />
        <button class="btn btn-primary" type="submit" disabled={busy.value}>
          Change password
        </button>
      </div>
    </form>
  );
}
