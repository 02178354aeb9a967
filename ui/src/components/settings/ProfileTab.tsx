// The Profile tab: picture, names, nickname and position. Username and email are shown but
// changed only by an administrator.

import { useSignal } from '@preact/signals';

import { me } from '../../state/session';
import { patchMe } from './api';
import { PictureEditor } from './PictureEditor';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';

const FIELDS = [
  { key: 'first_name', label: 'First name', max: 64, autoComplete: 'given-name' },
  { key: 'last_name', label: 'Last name', max: 64, autoComplete: 'family-name' },
  { key: 'nickname', label: 'Nickname', max: 64, autoComplete: 'nickname' },
  { key: 'position', label: 'Position', max: 128, autoComplete: 'organization-title' },
] as const;

type Key = (typeof FIELDS)[number]['key'];

export function ProfileTab() {
  const user = me.value;
  const values = useSignal<Record<Key, string>>({
    first_name: user?.first_name ?? '',
    last_name: user?.last_name ?? '',
    nickname: user?.nickname ?? '',
    position: user?.position ?? '',
  });
  const { status, busy, run } = useAction();
  if (!user) return null;

  function save(e: Event) {
    e.preventDefault();
    const trimmed = Object.fromEntries(Object.entries(values.value).map(([k, v]) => [k, v.trim()]));
    void run(() => patchMe(trimmed), 'Profile saved.');
  }

  return (
    <div class="settings-stack">
      <PictureEditor user={user} />
      <section aria-labelledby="profile-account">
        <h3 id="profile-account">Account</h3>
        <dl class="settings-facts">
          <div>
            <dt>Username</dt>
            <dd>@{user.username}</dd>
          </div>
          <div>
            <dt>Email</dt>
            <dd>{user.email || '—'}</dd>
          </div>
        </dl>
        <p class="muted form-note">An administrator can change your username or email.</p>
      </section>
      <form aria-labelledby="profile-about" onSubmit={save}>
        <h3 id="profile-about">About you</h3>
        <div class="form-grid">
          {FIELDS.map((f) => (
            <label key={f.key} class="field">
              <span>{f.label}</span>
              <input
                class="input"
                name={f.key}
                maxLength={f.max}
                autoComplete={f.autoComplete}
                value={values.value[f.key]}
                onInput={(e) => (values.value = { ...values.value, [f.key]: e.currentTarget.value })}
              />
            </label>
          ))}
        </div>
        <div class="settings-actions">
          <Status value={status.value} />
          <button class="btn btn-primary" type="submit" disabled={busy.value}>
            Save profile
          </button>
        </div>
      </form>
    </div>
  );
}
