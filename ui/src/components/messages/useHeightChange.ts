// Calls back when an element's height changes. Message lists get shorter when the composer grows
// or the on-screen keyboard opens; a reader at the bottom should stay there, with the newest
// message in view rather than hidden under the composer.

import type { RefObject } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function useHeightChange(ref: RefObject<HTMLElement | null>, onChange: () => void): void {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    let height = el.clientHeight;
    const observer = new ResizeObserver(() => {
      if (el.clientHeight !== height) latest.current();
      height = el.clientHeight;
    });
    observer.observe(el);
    return () => observer.disconnect();
  }, []);
}
