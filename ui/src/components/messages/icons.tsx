// Line icons of the messages area, drawn like the shell's (24-unit grid, 2-unit stroke, text
// colour). Decoration only: the control holding one carries the accessible name.

import type { ComponentChildren } from 'preact';

function Glyph({ children, size = 18 }: { children: ComponentChildren; size?: number }) {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const SmileIcon = ({ size }: { size?: number }) => (
  <Glyph size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8M9 9.5h.01M15 9.5h.01" />
  </Glyph>
);

export const ReplyIcon = () => (
  <Glyph>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
  </Glyph>
);

export const MoreIcon = () => (
  <Glyph>
    <path d="M5 12h.01M12 12h.01M19 12h.01" stroke-width="3" />
  </Glyph>
);

export const AttachIcon = () => (
  <Glyph size={20}>
    <path d="m20.5 11.5-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
  </Glyph>
);

export const SendIcon = () => (
  <Glyph size={20}>
    <path d="M4 12 20 4l-5 16-3-7-8-1z" />
    <path d="m12 13 8-9" />
  </Glyph>
);
