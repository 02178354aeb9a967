// The small pictures the file components use: a document with a badge for each kind of file, and
// the glyphs of their buttons. Drawn in currentColor so both themes colour them through CSS.

import type { FileKind } from './format';

const BADGE: Record<FileKind, string> = {
  image: 'IMG',
  video: 'VID',
  audio: 'AUD',
  pdf: 'PDF',
  archive: 'ZIP',
  spreadsheet: 'XLS',
  presentation: 'PPT',
  document: 'DOC',
  code: '</>',
  text: 'TXT',
  other: 'FILE',
};

/** A page with its corner folded and a short label of the kind of file, coloured by kind. */
export function FileIcon({ kind, size = 40 }: { kind: FileKind; size?: number }) {
  return (
    <svg class={`file-icon file-icon-${kind}`} width={size} height={size} viewBox="0 0 40 40" aria-hidden="true">
      <path d="M9 3h15l9 9v24a2 2 0 0 1-2 2H9a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z" fill="none" stroke="currentColor" stroke-width="2" />
      <path d="M24 3v9h9" fill="none" stroke="currentColor" stroke-width="2" />
      <rect x="3" y="20" width="28" height="12" rx="2" fill="currentColor" />
      <text x="17" y="29.5" text-anchor="middle" class="file-icon-label">
        {BADGE[kind]}
      </text>
    </svg>
  );
}

type Glyph = 'close' | 'previous' | 'next' | 'download' | 'retry';

const PATHS: Record<Glyph, string> = {
  close: 'M6 6l12 12M18 6L6 18',
  previous: 'M15 5l-7 7 7 7',
  next: 'M9 5l7 7-7 7',
  download: 'M12 4v11m-5-5l5 5 5-5M5 20h14',
  retry: 'M20 11a8 8 0 1 1-2.3-5.7M20 4v5h-5',
};

export function Icon({ name, size = 20 }: { name: Glyph; size?: number }) {
  return (
    <svg width={size} height={size} viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round">
      <path d={PATHS[name]} />
    </svg>
  );
}
