// A modal dialog: labelled by its title, keeps keyboard focus inside while open, closes with Esc,
// the close button or a click on the backdrop, and gives focus back to what opened it. Full
// screen on phones. Used by the settings dialog and the admin console's forms.

import type { ComponentChildren } from 'preact';
import { useEffect, useId, useRef } from 'preact/hooks';

import './modal.css';

const FOCUSABLE = 'a[href], button:not([disabled]), input:not([disabled]), select:not([disabled]), textarea:not([disabled]), [tabindex]:not([tabindex="-1"])';

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(FOCUSABLE)].filter((el) => el.offsetParent !== null || el === document.activeElement);
}

/** Keeps Tab and Shift+Tab cycling inside `root`. */
function trapTab(e: KeyboardEvent, root: HTMLElement): void {
  const list = focusables(root);
  const first = list[0];
  const last = list[list.length - 1];
  if (!first || !last) {
    e.preventDefault();
    return;
  }
  const inside = root.contains(document.activeElement);
  if (e.shiftKey && (document.activeElement === first || !inside)) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (document.activeElement === last || !inside)) {
    e.preventDefault();
    first.focus();
  }
}

export function Modal(props: { title: string; onClose: () => void; wide?: boolean; children: ComponentChildren }) {
  const titleId = useId();
  const box = useRef<HTMLDivElement>(null);

  // The latest onClose, for the key listener that lives as long as the dialog.
  const onClose = useRef(props.onClose);
  onClose.current = props.onClose;

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    const root = box.current;
    // Focus what the content marks with data-autofocus, else the first field, else the dialog
    // itself (not the close button, so screen readers start at the title).
    const field = root?.querySelector<HTMLElement>('[data-autofocus], input:not([type=hidden]), select, textarea');
    (field ?? root)?.focus();
    // On the document, not the dialog: focus may have fallen to the page (a button that was
    // clicked became disabled) and Esc and Tab must still work.
    function onKeyDown(e: KeyboardEvent) {
      if (!root || e.defaultPrevented) return;
      if (e.key === 'Escape') {
        // Marked handled so the page's own Esc handler does not close something else as well.
        e.preventDefault();
        onClose.current();
      } else if (e.key === 'Tab') {
        trapTab(e, root);
      }
    }
    document.addEventListener('keydown', onKeyDown);
    return () => {
      document.removeEventListener('keydown', onKeyDown);
      opener?.focus?.();
    };
  }, []);

  return (
    <div class="modal-backdrop" onMouseDown={(e) => e.target === e.currentTarget && props.onClose()}>
      <div ref={box} class={`modal${props.wide ? ' modal-wide' : ''}`} role="dialog" aria-modal="true" aria-labelledby={titleId} tabIndex={-1}>
        <header class="modal-head">
          <h2 id={titleId}>{props.title}</h2>
          <button type="button" class="icon-btn" aria-label="Close" title="Close" onClick={props.onClose}>
            ✕
          </button>
        </header>
        <div class="modal-body">{props.children}</div>
      </div>
    </div>
  );
}
