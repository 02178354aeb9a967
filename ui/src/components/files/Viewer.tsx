// The full-size picture viewer: an overlay over the whole page showing one of a post's pictures
// at its real size (shrunk to fit), with previous/next, download and close. Keyboard: Esc closes,
// the arrow keys step through the pictures, Tab stays inside; focus returns to the picture that
// opened it. It is put under <body>, so no scrolling or transformed list can clip it.

import { createPortal } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';

import { urls } from '../../api/client';
import type { FileInfo } from '../../api/types';
import { formatBytes } from './format';
import { BackIcon, CloseIcon, DownloadIcon, NextIcon } from '../common/icons';
import './files.css';

/** Index `i` moved by `step`, wrapping around `count`. */
export function stepIndex(i: number, step: number, count: number): number {
  return count > 0 ? (((i + step) % count) + count) % count : 0;
}

function focusables(root: HTMLElement): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>('button, a[href]')];
}

export function Viewer({ files, start, onClose }: { files: FileInfo[]; start: number; onClose: () => void }) {
  const [index, setIndex] = useState(start);
  const [broken, setBroken] = useState('');
  const dialog = useRef<HTMLDivElement>(null);
  const file = files[index];

  useEffect(() => {
    const opener = document.activeElement as HTMLElement | null;
    dialog.current?.querySelector<HTMLElement>('.viewer-close')?.focus();
    return () => opener?.focus();
  }, []);

  if (!file) return null;
  const several = files.length > 1;
  const step = (by: number) => setIndex(stepIndex(index, by, files.length));

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === 'Escape') onClose();
    else if (e.key === 'ArrowLeft' && several) step(-1);
    else if (e.key === 'ArrowRight' && several) step(1);
    else if (e.key === 'Tab' && dialog.current) {
      const all = focusables(dialog.current);
      const [first, last] = [all[0], all[all.length - 1]];
      const active = document.activeElement;
      if (e.shiftKey && (active === first || active === dialog.current)) last?.focus();
      else if (!e.shiftKey && active === last) first?.focus();
      else return;
    } else return;
    // Handled here: the shell's Esc must not also close the thread panel behind.
    e.preventDefault();
    e.stopPropagation();
  };

  const title = several ? `${file.name} (${index + 1} of ${files.length})` : file.name;
  return createPortal(
    <div class="viewer" role="dialog" aria-modal="true" aria-label={title} ref={dialog} tabIndex={-1} onKeyDown={onKeyDown}>
      <header class="viewer-bar">
        <span class="viewer-title" title={file.name}>
          {file.name}
        </span>
        <span class="viewer-meta">
          {formatBytes(file.size)}
          {several && ` · ${index + 1} of ${files.length}`}
        </span>
        <a class="icon-btn viewer-btn" href={urls.download(file.id)} download={file.name} aria-label={`Download ${file.name}`} title="Download">
          <DownloadIcon />
        </a>
        <button type="button" class="icon-btn viewer-btn viewer-close" onClick={onClose} aria-label="Close viewer" title="Close (Esc)">
          <CloseIcon />
        </button>
      </header>
      {/* A click beside the picture closes, as in every lightbox; the picture itself does not. */}
      <div class="viewer-stage" onClick={(e) => e.target === e.currentTarget && onClose()}>
        {broken === file.id ? (
          <p class="viewer-broken">This picture cannot be shown. Download it to open it.</p>
        ) : (
          <img
            key={file.id}
            class="viewer-image"
            src={urls.file(file.id)}
            alt={file.name}
            width={file.width || undefined}
            height={file.height || undefined}
            style={{ backgroundImage: file.has_preview_image ? `url(${urls.preview(file.id)})` : undefined }}
            onError={() => setBroken(file.id)}
          />
        )}
        {several && (
          <>
            <button type="button" class="viewer-nav viewer-prev" onClick={() => step(-1)} aria-label="Previous picture" title="Previous (←)">
              <BackIcon size={28} />
            </button>
            <button type="button" class="viewer-nav viewer-next" onClick={() => step(1)} aria-label="Next picture" title="Next (→)">
              <NextIcon size={28} />
            </button>
          </>
        )}
      </div>
    </div>,
    document.body,
  );
}
