// A yes-or-no question about a post (deleting it), in the client's common modal dialog.

import type { ComponentChildren } from 'preact';

import { Modal } from '../common/Modal';

interface Props {
  title: string;
  confirmLabel: string;
  onConfirm: () => void;
  onCancel: () => void;
  children: ComponentChildren;
}

export function ConfirmDialog({ title, confirmLabel, onConfirm, onCancel, children }: Props) {
  return (
    <Modal title={title} onClose={onCancel}>
      <div class="modal-body">
        {children}
        <div class="modal-actions">
          <button type="button" class="btn" autoFocus onClick={onCancel}>
            Cancel
          </button>
          <button type="button" class="btn btn-primary btn-danger-fill" onClick={onConfirm}>
            {confirmLabel}
          </button>
        </div>
      </div>
    </Modal>
  );
}
