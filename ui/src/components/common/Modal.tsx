// A real modal dialog on the native <dialog>: showModal() makes the page behind it inert (so focus
// stays inside), it is labelled by its title, Esc and the close button close it, and focus goes
// back where it was. It starts on the element marked `data-autofocus`, if any. On phones it
// covers the whole screen. `wide` suits tabbed content such as the settings dialog. Children are
// the body: wrap them in `.modal-body` for padding and scrolling.

import type { ComponentChildren } from 'preact';
import { useId, useLayoutEffect, useRef } from 'preact/hooks';

import { CloseIcon } from './icons';
import './modal.css';

export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; class?: string; wide?: boolean }) {
  const ref = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    el.showModal();
    // showModal() focuses the first control, the close button; a dialog may name a better start
    // (the safe choice of a confirmation, the open tab of the settings).
    el.querySelector<HTMLElement>('[data-autofocus]')?.focus();
    return () => {
      el.close();
      if (opener?.isConnected) opener.focus();
    };
  }, []);
  return (
    <dialog
      ref={ref}
      class={`modal${props.wide ? ' modal-wide' : ''} ${props.class ?? ''}`}
      aria-labelledby={titleId}
      onCancel={(e) => {
        e.preventDefault();
        props.onClose();
      }}
      onKeyDown={(e) => {
        // Esc closes this dialog only, not also the panel behind it (the shell closes the
        // topmost panel on an Esc that reaches the window).
        if (e.key !== 'Escape') return;
        e.preventDefault();
        e.stopPropagation();
        props.onClose();
      }}
      onClick={(e) => e.target === ref.current && props.onClose()}
    >
      <div class="modal-box">
        <header class="modal-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="icon-btn" aria-label="Close" onClick={props.onClose}>
            <CloseIcon />
          </button>
        </header>
        {props.children}
      </div>
    </dialog>
  );
}
