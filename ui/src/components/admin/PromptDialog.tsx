// Asks for one value (a new name, a new password), checks it, then saves it.

import { useSignal } from '@preact/signals';

import { Modal } from '../common/Modal';
import { Status } from '../common/Status';
import { useAction } from '../common/useAction';

export interface PromptProps {
  title: string;
  label: string;
  initial?: string;
  type?: 'text' | 'password';
  autoComplete?: string;
  maxLength?: number;
  hint?: string;
  confirmLabel: string;
  /** Why the value cannot be used, or ''. */
  check?: (value: string) => string;
  onSubmit: (value: string) => Promise<unknown>;
  onClose: () => void;
}

export function PromptDialog(props: PromptProps) {
  const value = useSignal(props.initial ?? '');
  const { status, busy, run } = useAction();

  const input = {
    class: 'input',
    required: true,
    autoComplete: props.autoComplete ?? 'off',
    maxLength: props.maxLength,
    value: value.value,
    onInput: (e: Event) => (value.value = (e.currentTarget as HTMLInputElement).value),
  };

  async function submit(e: Event) {
    e.preventDefault();
    const problem = props.check?.(value.value) ?? '';
    if (problem) {
      status.value = { ok: false, text: problem };
      return;
    }
    if (await run(() => props.onSubmit(value.value.trim()))) props.onClose();
  }

  return (
    <Modal title={props.title} onClose={props.onClose}>
      <div class="modal-body">
      <form onSubmit={submit}>
        <label class="field">
          <span>{props.label}</span>
          {props.type === 'password' ? <input type="password" {...input} /> : <input type="text" {...input} />}
        </label>
        {props.hint && <p class="muted form-note">{props.hint}</p>}
        <Status value={status.value} />
        <div class="modal-actions">
          <button type="button" class="btn" onClick={props.onClose}>
            Cancel
          </button>
          <button type="submit" class="btn btn-primary" disabled={busy.value}>
            {props.confirmLabel}
          </button>
        </div>
      </form>
      </div>
    </Modal>
  );
}
