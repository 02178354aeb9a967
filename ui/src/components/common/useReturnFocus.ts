// A side panel's focus: what had focus when the panel opened (a post's "Reply" button) gets it
// back when the panel closes with focus inside it; otherwise focus would fall to the page's start
// and a keyboard or screen reader user would have to find their place again.

import type { RefObject } from 'preact';
import { useLayoutEffect } from 'preact/hooks';

export function useReturnFocus(panel: RefObject<HTMLElement | null>): void {
  // A layout effect: it sees the opener before the panel's own effects move focus into it.
  useLayoutEffect(() => {
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    const el = panel.current;
    return () => {
      const active = document.activeElement;
      if (!opener || (active && active !== document.body && !el?.contains(active))) return;
      // Once the render removing the panel is done, and what it covered on phones shows again.
      queueMicrotask(() => opener.isConnected && opener.focus());
    };
  }, []);
}
