// The client's line icons: a 24-unit grid, a 2-unit stroke, drawn in the text colour so both
// themes colour them. Decoration only: the control holding one carries the accessible name.

import type { ComponentChildren } from 'preact';

interface IconProps {
  size?: number;
}

function Glyph({ children, size }: { children: ComponentChildren; size: number }) {
  return (
    <svg class="icon" width={size} height={size} viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round" aria-hidden="true" focusable="false">
      {children}
    </svg>
  );
}

export const MenuIcon = ({ size = 22 }: IconProps) => (
  <Glyph size={size}>
    <path d="M4 6h16M4 12h16M4 18h16" />
  </Glyph>
);

export const MembersIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <circle cx="9" cy="8" r="3.5" />
    <path d="M2.5 20c.6-3.6 3.2-5.5 6.5-5.5s5.9 1.9 6.5 5.5M16 4.8a3.5 3.5 0 0 1 0 6.4M18.5 14.8c1.6.8 2.7 2.5 3 5.2" />
  </Glyph>
);

export const PinIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M9 3h6l-1 6 4 4H6l4-4-1-6zM12 13v8" />
  </Glyph>
);

export const SearchIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <circle cx="11" cy="11" r="6.5" />
    <path d="m16 16 4.5 4.5" />
  </Glyph>
);

export const ChevronIcon = ({ size = 14 }: IconProps) => (
  <Glyph size={size}>
    <path d="m6 9 6 6 6-6" />
  </Glyph>
);

export const CloseIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Glyph>
);

export const BackIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M15 5l-7 7 7 7" />
  </Glyph>
);

export const SmileIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <circle cx="12" cy="12" r="9" />
    <path d="M8.5 14.5c.9 1.2 2.1 1.8 3.5 1.8s2.6-.6 3.5-1.8M9 9.5h.01M15 9.5h.01" />
  </Glyph>
);

export const ReplyIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M9 14 4 9l5-5" />
    <path d="M4 9h10.5a5.5 5.5 0 0 1 0 11H11" />
  </Glyph>
);

export const MoreIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M5 12h.01M12 12h.01M19 12h.01" stroke-width="3" />
  </Glyph>
);

export const AttachIcon = ({ size = 20 }: IconProps) => (
  <Glyph size={size}>
    <path d="m20.5 11.5-8.2 8.2a5 5 0 0 1-7.1-7.1l8.5-8.5a3.3 3.3 0 0 1 4.7 4.7l-8.5 8.5a1.7 1.7 0 0 1-2.4-2.4l7.8-7.8" />
  </Glyph>
);

export const SendIcon = ({ size = 20 }: IconProps) => (
  <Glyph size={size}>
    <path d="M4 12 20 4l-5 16-3-7-8-1z" />
    <path d="m12 13 8-9" />
  </Glyph>
);

export const NextIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M9 5l7 7-7 7" />
  </Glyph>
);

export const DownloadIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M12 4v11m-5-5l5 5 5-5M5 20h14" />
  </Glyph>
);

export const RetryIcon = ({ size = 18 }: IconProps) => (
  <Glyph size={size}>
    <path d="M20 11a8 8 0 1 1-2.3-5.7M20 4v5h-5" />
  </Glyph>
);
