// Sign-in with username or email and password, then the six-digit code when the account has
// multi-factor authentication.

import { useSignal } from '@preact/signals';

import { ApiError } from '../../api/client';
import { login } from '../../state/session';
import { AuthCard } from './AuthCard';

const MFA_NEEDED = 'mfa.validate_token.authenticate.app_error';

export function Login() {
  const loginId = useSignal('');
  const password = useSignal('');
  const code = useSignal('');
  const askCode = useSignal(false);
  const error = useSignal('');
  const busy = useSignal(false);

  async function submit(e: Event) {
    e.preventDefault();
    busy.value = true;
    error.value = '';
    try {
      await login(loginId.value.trim(), password.value, code.value.trim());
    } catch (err) {
      if (err instanceof ApiError && err.id === MFA_NEEDED) askCode.value = true;
      else error.value = err instanceof Error ? err.message : String(err);
    } finally {
      busy.value = false;
    }
  }

  return (
    <AuthCard title="Sign in" lead="Welcome back to Hearth.">
      <form onSubmit={submit}>
        {!askCode.value ? (
          <>
            <label class="field">
              <span>Email or username</span>
              <input class="input" name="login_id" autoComplete="username" autoCapitalize="none" spellcheck={false} required autoFocus value={loginId.value} onInput={(e) => (loginId.value = e.currentTarget.value)} />
            </label>
            <label class="field">
              <span>Password</span>
              <input class="input" name="password" type="password" autoComplete="current-password" required value={password.value} onInput={(e) => (password.value = e.currentTarget.value)} />
            </label>
          </>
        ) : (
          <label class="field">
            <span>Code from your authenticator app</span>
            <input class="input" name="mfa_token" inputMode="numeric" autoComplete="one-time-code" pattern="[0-9]*" maxLength={6} required autoFocus value={code.value} onInput={(e) => (code.value = e.currentTarget.value)} />
          </label>
        )}
        {error.value && <p class="error" role="alert">{error.value}</p>}
        <button class="btn btn-primary" type="submit" disabled={busy.value}>
          {askCode.value ? 'Verify' : 'Sign in'}
        </button>
      </form>
    </AuthCard>
  );
}
