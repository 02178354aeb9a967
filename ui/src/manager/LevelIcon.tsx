// A health level as a coloured symbol: a tick for ok, "!" for a warning, a cross for a problem,
// and "i" for a note that is only information. Colour is never the only sign: the symbol differs
// too, and the text beside it says it.

import type { Level } from './types';

export type Mark = Level | 'info';

const GLYPHS: Record<Mark, string> = { ok: 'M6 12.5l4 4 8-9', warning: 'M12 6.5v7M12 17.5h.01', problem: 'M7.5 7.5l9 9M16.5 7.5l-9 9', info: 'M12 11v6M12 7h.01' };

export function LevelIcon({ level, size = 20 }: { level: Mark; size?: number }) {
  return (
    <svg class={`level-icon level-${level}`} width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" focusable="false">
      <circle cx="12" cy="12" r="11" />
      <path d={GLYPHS[level]} />
    </svg>
  );
}
