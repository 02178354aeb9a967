// Server settings Hearth lets admins change from the browser: the site's name and address, whether
// anyone may sign up without an invite, and the largest file people may upload. The server checks
// them again and names the setting it refuses.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { loadConfig } from '../../state/session';
import { formatBytes, mbToBytes } from '../settings/format';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';
import { getConfig, patchConfig } from './api';
import { SITE_NAME_MAX, formOf, patchOf, validate, type SettingsErrors, type SettingsForm } from './serverSettings';

function FieldError({ id, text }: { id: string; text: string | undefined }) {
  return text ? (
    <span id={id} class="error field-error">
      {text}
    </span>
  ) : null;
}

export function ServerSettings() {
  const form = useSignal<SettingsForm | null>(null);
  const errors = useSignal<SettingsErrors>({});
  const { status, busy, run } = useAction();

  useEffect(() => void run(async () => (form.value = formOf(await getConfig()))), []);

  const f = form.value;
  if (!f) return <Status value={status.value ?? { ok: true, text: 'Loading…' }} />;
  const set = (change: Partial<SettingsForm>) => (form.value = { ...f, ...change });

  async function save(e: Event) {
    e.preventDefault();
    if (!form.value) return;
    errors.value = validate(form.value);
    if (Object.keys(errors.value).length) {
      status.value = { ok: false, text: 'Check the fields marked above.' };
      return;
    }
    const patch = patchOf(form.value);
    await run(async () => {
      form.value = formOf(await patchConfig(patch));
      await loadConfig();
    }, 'Settings saved.');
  }

  const mb = Number(f.maxFileMb);
  return (
    <form class="admin-form" onSubmit={save} noValidate>
      <label class="field">
        <span>Site name</span>
        <input
          class="input"
          maxLength={SITE_NAME_MAX}
          placeholder="Hearth"
          value={f.siteName}
          aria-describedby="site-name-help"
          onInput={(e) => set({ siteName: e.currentTarget.value })}
        />
        <span id="site-name-help" class="muted field-help">
          Shown in the browser's tab. Empty shows "Hearth".
        </span>
      </label>
      <label class="field">
        <span>Site URL</span>
        <input
          class="input"
          type="url"
          inputMode="url"
          placeholder="https://chat.example.com"
          value={f.siteUrl}
          aria-invalid={errors.value.siteUrl ? true : undefined}
          aria-describedby="site-url-help site-url-error"
          onInput={(e) => set({ siteUrl: e.currentTarget.value })}
        />
        <FieldError id="site-url-error" text={errors.value.siteUrl} />
        <span id="site-url-help" class="muted field-help">
          The address people open. Links in email and push notifications point here.
        </span>
      </label>
      <label class="check">
        <input type="checkbox" checked={f.openSignup} onChange={(e) => set({ openSignup: e.currentTarget.checked })} />
        <span>
          Anyone who can reach the server may create an account
          <span class="muted field-help">When off, people need an invite link or an admin to create their account.</span>
        </span>
      </label>
      <label class="field">
        <span>Maximum file size (MB)</span>
        <input
          class="input admin-number"
          inputMode="numeric"
          value={f.maxFileMb}
          aria-invalid={errors.value.maxFileMb ? true : undefined}
          aria-describedby="max-file-help max-file-error"
          onInput={(e) => set({ maxFileMb: e.currentTarget.value })}
        />
        <FieldError id="max-file-error" text={errors.value.maxFileMb} />
        <span id="max-file-help" class="muted field-help">
          {mb > 0 ? `Files up to ${formatBytes(mbToBytes(mb))} can be uploaded.` : 'The largest file anyone can upload.'}
        </span>
      </label>
      <div class="settings-actions">
        <Status value={status.value} />
        <button class="btn btn-primary" type="submit" disabled={busy.value}>
          Save settings
        </button>
      </div>
    </form>
  );
}
