// Log lines in a scrolling monospace box, newest last. It stays at the bottom as lines come in,
// unless the reader scrolled up to read something.

import { useLayoutEffect, useRef } from 'preact/hooks';

export function LogLines({ lines, label }: { lines: string[]; label: string }) {
  const box = useRef<HTMLDivElement>(null);
  /** Whether the box showed its last line before this draw. */
  const atEnd = useRef(true);

  useLayoutEffect(() => {
    const el = box.current;
    if (el && atEnd.current) el.scrollTop = el.scrollHeight;
  }, [lines]);

  return (
    <div
      ref={box}
      class="log-lines"
      role="region"
      aria-label={label}
      tabIndex={0}
      onScroll={(e) => {
        const el = e.currentTarget;
        atEnd.current = el.scrollHeight - el.scrollTop - el.clientHeight < 24;
      }}
    >
      {lines.length ? lines.map((line, i) => <div key={i}>{line}</div>) : <div class="muted">Nothing yet.</div>}
    </div>
  );
}
