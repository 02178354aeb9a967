// A button that opens a menu: arrow keys move between items, Esc or a click elsewhere closes it
// and gives focus back to the button, Tab leaves it.

import { useSignal } from '@preact/signals';
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export interface MenuItem {
  label: string;
  onSelect: () => void;
  /** For a choice among several (status): shown ticked and announced as checked. */
  checked?: boolean;
  danger?: boolean;
  /** A group heading shown above this item. */
  group?: string;
}

export function MenuButton(props: { label: string; class: string; items: MenuItem[]; children: ComponentChildren; align?: 'start' | 'end' }) {
  const open = useSignal(false);
  const root = useRef<HTMLDivElement>(null);
  const button = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    if (!open.value) return;
    root.current?.querySelector<HTMLElement>('[role^="menuitem"]')?.focus();
    const outside = (e: PointerEvent) => {
      if (!root.current?.contains(e.target as Node)) open.value = false;
    };
    document.addEventListener('pointerdown', outside);
    return () => document.removeEventListener('pointerdown', outside);
  }, [open.value]);

  function onKeyDown(e: KeyboardEvent) {
    const items = [...(root.current?.querySelectorAll<HTMLElement>('[role^="menuitem"]') ?? [])];
    const at = items.indexOf(document.activeElement as HTMLElement);
    if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      open.value = false;
      button.current?.focus();
    } else if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
      e.preventDefault();
      const step = e.key === 'ArrowDown' ? 1 : -1;
      items[(at + step + items.length) % items.length]?.focus();
    } else if (e.key === 'Home' || e.key === 'End') {
      e.preventDefault();
      items[e.key === 'Home' ? 0 : items.length - 1]?.focus();
    } else if (e.key === 'Tab') {
      open.value = false;
    }
  }

  function choose(item: MenuItem) {
    open.value = false;
    button.current?.focus();
    item.onSelect();
  }

  return (
    <div class="menu-root" ref={root}>
      <button ref={button} type="button" class={props.class} aria-label={props.label} aria-haspopup="menu" aria-expanded={open.value} onClick={() => (open.value = !open.value)}>
        {props.children}
      </button>
      {open.value && (
        <ul class={`menu${props.align === 'end' ? ' menu-end' : ''}`} role="menu" aria-label={props.label} onKeyDown={onKeyDown}>
          {props.items.map((item) => (
            <li key={item.label} role="none">
              {item.group && <div class="menu-group" aria-hidden="true">{item.group}</div>}
              <button
                type="button"
                role={item.checked === undefined ? 'menuitem' : 'menuitemradio'}
                aria-checked={item.checked}
                class={item.danger ? 'danger' : undefined}
                onClick={() => choose(item)}
              >
                {item.checked !== undefined && <span class="menu-check" aria-hidden="true">{item.checked ? '✓' : ''}</span>}
                {item.label}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
