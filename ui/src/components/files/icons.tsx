// The picture of a file that is not shown inline: a document with a badge for its kind, drawn in
// currentColor so both themes colour it through CSS.

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
