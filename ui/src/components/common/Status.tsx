// The one-line outcome of a save: "Saved." or what went wrong, announced to screen readers.

import './status.css';

export type StatusValue = { ok: boolean; text: string } | null;

export function Status({ value }: { value: StatusValue }) {
  return (
    <p class={`form-status${value && !value.ok ? ' error' : ' form-ok'}`} role={value && !value.ok ? 'alert' : 'status'}>
      {value?.text ?? ''}
    </p>
  );
}
