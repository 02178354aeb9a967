// An invite link in a read-only field with a Copy button.

import { useSignal } from '@preact/signals';
import { useRef } from 'preact/hooks';

import './copy-link.css';

export function CopyLink({ link, label }: { link: string; label: string }) {
  const copied = useSignal(false);
  const field = useRef<HTMLInputElement>(null);

  async function copy() {
    try {
      await navigator.clipboard.writeText(link);
      copied.value = true;
      setTimeout(() => (copied.value = false), 2000);
    } catch {
      // No clipboard access (plain http, or refused): select it so Ctrl+C works.
      field.current?.select();
    }
  }

  return (
    <div class="copy-link">
      <input ref={field} class="input" readOnly aria-label={label} value={link} onFocus={(e) => e.currentTarget.select()} />
      <button type="button" class="btn" onClick={() => void copy()} aria-live="polite">
        {copied.value ? 'Copied' : 'Copy'}
      </button>
    </div>
  );
}
