// The Notifications tab: desktop notifications and their sound for mentions and direct
// messages, kept in the user's notify_props on the server (so every browser follows them), and
// the browser's own permission, which each browser grants separately.

import { useSignal } from '@preact/signals';

import { me } from '../../state/session';
import { patchMe } from './api';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';

function permission(): NotificationPermission | 'unsupported' {
  return 'Notification' in window ? Notification.permission : 'unsupported';
}

function BrowserPermission() {
  const state = useSignal(permission());
  if (state.value === 'granted') return <p class="muted form-note">This browser may show notifications.</p>;
  if (state.value === 'unsupported') return <p class="muted form-note">This browser cannot show notifications.</p>;
  if (state.value === 'denied') {
    return <p class="form-note">This browser blocks notifications from Hearth. Allow them in the browser's site settings.</p>;
  }
  return (
    <div class="settings-row">
      <p class="form-note">This browser has not been allowed to show notifications yet.</p>
      <button class="btn" type="button" onClick={() => void Notification.requestPermission().then(() => (state.value = permission()))}>
        Allow in this browser
      </button>
    </div>
  );
}

export function NotificationsTab() {
  const { status, run } = useAction();
  // What was just picked, shown at once while the server saves it (and dropped if it fails).
  const pending = useSignal<Record<string, string>>({});
  const user = me.value;
  if (!user) return null;
  const props = { ...user.notify_props, ...pending.value };
  const desktop = (props.desktop ?? 'mention') !== 'none';
  const sound = props.desktop_sound !== 'false';

  async function save(change: Record<string, string>) {
    pending.value = { ...pending.value, ...change };
    await run(() => patchMe({ notify_props: { ...props, ...change } }), 'Saved.');
    pending.value = {};
  }

  return (
    <div class="settings-stack">
      <fieldset class="settings-choices">
        <legend>Desktop notifications</legend>
        <label class="check">
          <input type="checkbox" checked={desktop} onChange={(e) => void save({ desktop: e.currentTarget.checked ? 'mention' : 'none' })} />
          <span>Notify me of mentions and direct messages while Hearth is in the background</span>
        </label>
        <label class="check">
          <input type="checkbox" checked={sound} disabled={!desktop} onChange={(e) => void save({ desktop_sound: String(e.currentTarget.checked) })} />
          <span>Play a sound with them</span>
        </label>
        <Status value={status.value} />
      </fieldset>
      {desktop && <BrowserPermission />}
    </div>
  );
}
