// Runs a form's or button's server call with a busy flag and an outcome line: the text to show
// when it worked, or the server's message when it did not.

import { useSignal, type Signal } from '@preact/signals';

import { messageOf } from '../auth/forms';
import type { StatusValue } from './Status';

export interface Action {
  status: Signal<StatusValue>;
  busy: Signal<boolean>;
  /** Runs `work`; shows `done` (if any) on success, else the server's message. Resolves to
   * whether it worked. */
  run: (work: () => Promise<unknown>, done?: string) => Promise<boolean>;
}

export function useAction(): Action {
  const status = useSignal<StatusValue>(null);
  const busy = useSignal(false);
  async function run(work: () => Promise<unknown>, done = ''): Promise<boolean> {
    busy.value = true;
    status.value = null;
    try {
      await work();
      status.value = done ? { ok: true, text: done } : null;
      return true;
    } catch (err) {
      status.value = { ok: false, text: messageOf(err) };
      return false;
    } finally {
      busy.value = false;
    }
  }
  return { status, busy, run };
}
