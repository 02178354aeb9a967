// A "more actions" button with a menu of actions for one row. Keyboard: the menu opens with its
// first item focused, arrow keys move, Esc closes and returns to the button.

import { useSignal } from '@preact/signals';
import { useLayoutEffect, useRef } from 'preact/hooks';

import './menu.css';

export interface MenuAction {
  label: string;
  run: () => void;
  danger?: boolean;
}

export function ActionMenu({ label, actions }: { label: string; actions: MenuAction[] }) {
  const open = useSignal(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  // A layout effect, so the first item has focus before the next key press arrives.
  useLayoutEffect(() => {
    if (!open.value) return;
    root.current?.querySelector<HTMLElement>('[role=menuitem]')?.focus();
    const outside = (e: MouseEvent) => {
      if (!root.current?.contains(e.target as Node)) open.value = false;
    };
    document.addEventListener('mousedown', outside);
    return () => document.removeEventListener('mousedown', outside);
  }, [open.value]);

  function close() {
    open.value = false;
    button.current?.focus();
  }

  function onKeyDown(e: KeyboardEvent) {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role=menuitem]') ?? [])];
    const index = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(index + step + items.length) % items.length]?.focus();
    } else if (e.key === 'Tab') {
      open.value = false;
    }
  }

  return (
    <div class="admin-menu" ref={root} onKeyDown={onKeyDown}>
      <button ref={button} type="button" class="icon-btn" aria-label={label} title={label} aria-haspopup="menu" aria-expanded={open.value} onClick={() => (open.value = !open.value)}>
        ⋯
      </button>
      {open.value && (
        <ul class="admin-menu-list" role="menu" aria-label={label}>
          {actions.map((a) => (
            <li key={a.label} role="none">
              <button
                type="button"
                role="menuitem"
                tabIndex={-1}
                class={a.danger ? 'danger' : undefined}
                onClick={() => {
                  close();
                  a.run();
                }}
              >
                {a.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
