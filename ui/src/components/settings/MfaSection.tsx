// Multi-factor authentication. Off: "Set up" asks the server for a secret and shows it as a QR
// code and as text, then turns it on once the user types a code from their app. On: turning it
// off also takes a current code.

import { useSignal } from '@preact/signals';

import { me } from '../../state/session';
import { generateMfa, setMfa, type MfaSecret } from './api';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { isCode, normaliseCode } from './validate';

function CodeField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <label class="field settings-code">
      <span>Code from your authenticator app</span>
      <input
        class="input"
        name="mfa_code"
        inputMode="numeric"
        autoComplete="one-time-code"
        pattern="[0-9 ]*"
        maxLength={7}
        required
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
    </label>
  );
}

export function MfaSection() {
  const user = me.value;
  const secret = useSignal<MfaSecret | null>(null);
  const code = useSignal('');
  const { status, busy, run } = useAction();
  if (!user) return null;
  const active = user.mfa_active ?? false;

  function submit(e: Event) {
    e.preventDefault();
    if (!isCode(code.value)) {
      status.value = { ok: false, text: 'Enter the six digits your app shows.' };
      return;
    }
    const activate = !active;
    void run(async () => {
      await setMfa(user!.id, activate, normaliseCode(code.value));
      secret.value = null;
      code.value = '';
    }, activate ? 'Multi-factor authentication is on. You will be asked for a code when you sign in.' : 'Multi-factor authentication is off.');
  }

  return (
    <section aria-labelledby="security-mfa">
      <h3 id="security-mfa">
        Multi-factor authentication <span class={`pill${active ? ' pill-on' : ''}`}>{active ? 'On' : 'Off'}</span>
      </h3>
      {!active && !secret.value && (
        <>
          <p class="muted form-note">Ask for a code from an authenticator app (such as Google Authenticator, Aegis or 1Password) each time you sign in.</p>
          <div class="settings-actions">
            <Status value={status.value} />
            <button class="btn btn-primary" type="button" disabled={busy.value} onClick={() => void run(async () => (secret.value = await generateMfa(user.id)))}>
              Set up
            </button>
          </div>
        </>
      )}
      {(active || secret.value) && (
        <form onSubmit={submit}>
          {secret.value && (
            <div class="mfa-setup">
              <img class="mfa-qr" src={`data:image/png;base64,${secret.value.qr_code}`} alt="QR code to scan with your authenticator app" width={180} height={180} />
              <div>
                <p>Scan the QR code with your authenticator app, or type this key into it:</p>
                <code class="mfa-secret" aria-label="Secret key">{secret.value.secret.replace(/(.{4})/g, '$1 ').trim()}</code>
              </div>
            </div>
          )}
          {active && <p class="muted form-note">To turn it off, enter a current code from your app.</p>}
          <CodeField value={code.value} onInput={(v) => (code.value = v)} />
          <div class="settings-actions">
            <Status value={status.value} />
            {secret.value && (
              <button class="btn" type="button" onClick={() => ((secret.value = null), (status.value = null))}>
                Cancel
              </button>
            )}
            <button class={`btn ${active ? 'btn-danger' : 'btn-primary'}`} type="submit" disabled={busy.value}>
              {active ? 'Turn off' : 'Turn on'}
            </button>
          </div>
        </form>
      )}
    </section>
  );
}
