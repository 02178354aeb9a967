// A file under a post that is not a picture: audio and video play inline with the browser's own
// controls (the server answers Range requests, so seeking fetches only what it needs); anything
// else, or media this browser cannot play, is a card with an icon of its kind, the name, the size
// and a download link.

import { useState } from 'preact/hooks';

import { urls } from '../../api/client';
import type { FileInfo } from '../../api/types';
import { fileKind, formatBytes } from './format';
import { DownloadIcon } from '../common/icons';
import { FileIcon } from './icons';

function DownloadLink({ file, label }: { file: FileInfo; label?: string }) {
  return (
    <a class={label ? 'file-download' : 'icon-btn file-download'} href={urls.download(file.id)} download={file.name} aria-label={`Download ${file.name}`} title="Download">
      <DownloadIcon size={18} />
      {label}
    </a>
  );
}

export function FileCard({ file }: { file: FileInfo }) {
  const kind = fileKind(file.mime_type, file.extension);
  return (
    <div class="file-card">
      <FileIcon kind={kind} />
      <span class="file-card-text">
        <span class="file-card-name" title={file.name}>
          {file.name}
        </span>
        <span class="muted">
          {formatBytes(file.size)}
          {file.extension ? ` · ${file.extension.toUpperCase()}` : ''}
        </span>
      </span>
      <DownloadLink file={file} />
    </div>
  );
}

/** Video or audio with native controls; falls back to the card when the browser cannot play it. */
export function MediaPlayer({ file }: { file: FileInfo }) {
  const [unplayable, setUnplayable] = useState(false);
  if (unplayable) return <FileCard file={file} />;
  const fail = () => setUnplayable(true);
  const label = `${file.name}, ${formatBytes(file.size)}`;
  const video = fileKind(file.mime_type, file.extension) === 'video';
  return (
    <figure class={`file-media ${video ? 'file-media-video' : 'file-media-audio'}`}>
      {video ? (
        <video src={urls.file(file.id)} controls preload="metadata" playsInline aria-label={label} onError={fail} />
      ) : (
        <audio src={urls.file(file.id)} controls preload="metadata" aria-label={label} onError={fail} />
      )}
      <figcaption>
        <span class="file-card-name" title={file.name}>
          {file.name}
        </span>
        <span class="muted">{formatBytes(file.size)}</span>
        <DownloadLink file={file} label="Download" />
      </figcaption>
    </figure>
  );
}
