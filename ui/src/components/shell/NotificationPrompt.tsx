// The banner offering desktop notifications, shown until the user answers the browser's question
// or says "not now" (remembered in this browser; the team menu still offers it).

import { signal } from '@preact/signals';

import { askNotificationPermission, notificationPermission } from './alerts';

const KEY = 'hearth.notificationPromptDismissed';
const dismissed = signal(localStorage.getItem(KEY) === '1');

export function NotificationPrompt() {
  if (notificationPermission.value !== 'default' || dismissed.value) return null;
  return (
    <div class="banner banner-info notify-prompt" role="region" aria-label="Desktop notifications">
      <span>Get a desktop notification when someone mentions you or sends you a message.</span>
      <button class="btn btn-primary" onClick={() => void askNotificationPermission()}>
        Enable notifications
      </button>
      <button
        class="btn"
        onClick={() => {
          localStorage.setItem(KEY, '1');
          dismissed.value = true;
        }}
      >
        Not now
      </button>
    </div>
  );
}
