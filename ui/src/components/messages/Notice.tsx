// A short-lived message at the bottom of the channel ("Link copied", "Could not delete"), read out
// by screen readers as it appears.

import { signal } from '@preact/signals';

const notice = signal('');
let timer: ReturnType<typeof setTimeout> | undefined;

export function showNotice(text: string): void {
  notice.value = text;
  clearTimeout(timer);
  timer = setTimeout(() => (notice.value = ''), 3_000);
}

/** Shows an action's failure as a notice, with the server's words when it gave some. */
export function reportFailure(what: string): (e: unknown) => void {
  return (e) => showNotice(`${what}: ${e instanceof Error ? e.message : String(e)}`);
}

export function Notice() {
  return (
    <div class="notice-area" role="status" aria-live="polite">
      {notice.value && <div class="notice">{notice.value}</div>}
    </div>
  );
}
