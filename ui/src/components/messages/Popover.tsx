// A floating panel (menu, emoji picker) placed next to the button that opened it. It renders into
// <body> because list rows are transformed and clipped by their scroller; on phones CSS turns it
// into a bottom sheet. It closes on Esc (returning focus to the button) and on a click outside.

import type { ComponentChildren } from 'preact';
import { createPortal } from 'preact/compat';
import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import './overlays.css';

interface Props {
  anchor: HTMLElement;
  onClose: () => void;
  label: string;
  children: ComponentChildren;
}

const MARGIN = 8;

export function Popover({ anchor, onClose, label, children }: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [place, setPlace] = useState<{ top: number; left: number } | null>(null);

  useLayoutEffect(() => {
    const panel = ref.current;
    if (!panel) return;
    const a = anchor.getBoundingClientRect();
    const { offsetWidth: w, offsetHeight: h } = panel;
    const below = a.bottom + 4;
    const top = below + h <= innerHeight - MARGIN ? below : Math.max(MARGIN, a.top - h - 4);
    const left = Math.max(MARGIN, Math.min(a.right - w, innerWidth - w - MARGIN));
    setPlace({ top, left });
  }, [anchor]);

  useEffect(() => {
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!ref.current?.contains(target) && !anchor.contains(target)) onClose();
    };
    const key = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      // Handled here, so the app's Esc (closing the thread) leaves the panel behind it alone.
      e.preventDefault();
      e.stopPropagation();
      onClose();
      anchor.focus();
    };
    document.addEventListener('pointerdown', outside, true);
    document.addEventListener('keydown', key, true);
    return () => {
      document.removeEventListener('pointerdown', outside, true);
      document.removeEventListener('keydown', key, true);
    };
  }, [anchor, onClose]);

  const style = place ? { '--top': `${place.top}px`, '--left': `${place.left}px` } : { visibility: 'hidden' };
  return createPortal(
    <div ref={ref} class="popover" role="dialog" aria-label={label} style={style}>
      {children}
    </div>,
    document.body,
  );
}
