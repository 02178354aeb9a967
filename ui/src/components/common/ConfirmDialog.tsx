// Asks before a change that is hard to undo (deleting a post, deactivating, archiving, role
// changes), runs it, and shows the server's answer if it failed.

import type { ComponentChildren } from 'preact';

import { Modal } from './Modal';
import { Status } from './Status';
import { useAction } from './useAction';
import './confirm.css';

export interface ConfirmProps {
  title: string;
  children: ComponentChildren;
  confirmLabel: string;
  danger?: boolean;
  onConfirm: () => Promise<unknown>;
  onClose: () => void;
}

export function ConfirmDialog(props: ConfirmProps) {
  const { status, busy, run } = useAction();
  async function confirm() {
    if (await run(props.onConfirm)) props.onClose();
  }
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <div class="modal-body">
      <div class="confirm-text">{props.children}</div>
      <Status value={status.value} />
      <div class="modal-actions">
        <button type="button" class="btn" data-autofocus onClick={props.onClose}>
          Cancel
        </button>
        <button type="button" class={`btn btn-primary${props.danger ? ' btn-primary-danger' : ''}`} disabled={busy.value} onClick={() => void confirm()}>
          {props.confirmLabel}
        </button>
      </div>
      </div>
    </Modal>
  );
}
