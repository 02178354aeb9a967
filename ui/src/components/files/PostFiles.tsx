// The files under a post: pictures first, as previews sized to keep their shape (one picture
// large, several side by side), each opening the full-size viewer; then players for audio and
// video; then download cards for everything else. Sizes come from FileInfo, so the message list
// does not jump when a picture loads.

import { useState } from 'preact/hooks';

import { urls } from '../../api/client';
import type { FileInfo, Post } from '../../api/types';
import { FileCard, MediaPlayer } from './FileCard';
import { fileKind, fitWithin, MAX_ORIGINAL_AS_THUMBNAIL, placeholder, showsAsImage } from './format';
import { Viewer } from './Viewer';
import './files.css';

/** The box of a post's only picture, and of each when there are several. */
const SINGLE = { width: 400, height: 300 };
const SEVERAL = { width: 200, height: 150 };

/** Where to draw a picture from: the server's preview, else the original when small enough. */
function sources(file: FileInfo): string[] {
  const original = file.size <= MAX_ORIGINAL_AS_THUMBNAIL ? [urls.file(file.id)] : [];
  return file.has_preview_image ? [urls.preview(file.id), ...original] : original;
}

function ImageTile({ file, box, onOpen }: { file: FileInfo; box: { width: number; height: number }; onOpen: () => void }) {
  // A preview is made in the background after the upload, so it may not exist yet: fall back
  // to the original, and to a download card when nothing can be drawn.
  const [attempt, setAttempt] = useState(0);
  const src = sources(file)[attempt];
  if (!src) return <FileCard file={file} />;
  const size = fitWithin(file.width ?? 0, file.height ?? 0, box.width, box.height);
  const known = !!file.width && !!file.height;
  return (
    <button type="button" class="post-image" onClick={onOpen} aria-label={`Open image ${file.name}`} title={file.name}>
      <img
        src={src}
        alt=""
        width={known ? size.width : undefined}
        height={known ? size.height : undefined}
        style={{ backgroundImage: placeholder(file), maxWidth: `${box.width}px`, maxHeight: `${box.height}px` }}
        loading="lazy"
        decoding="async"
        onError={() => setAttempt(attempt + 1)}
      />
    </button>
  );
}

/** The post's files in the order the author attached them (metadata lists them in any order). */
function inAttachedOrder(p: Post): FileInfo[] {
  const files = p.metadata?.files ?? [];
  const order = p.file_ids ?? [];
  const rank = (f: FileInfo) => (order.includes(f.id) ? order.indexOf(f.id) : order.length);
  return [...files].sort((a, b) => rank(a) - rank(b));
}

export function PostFiles({ post: p }: { post: Post }) {
  const [viewing, setViewing] = useState<number | null>(null);
  const files = inAttachedOrder(p);
  if (files.length === 0) return null;
  const images = files.filter(showsAsImage);
  const rest = files.filter((f) => !showsAsImage(f));
  const box = images.length === 1 ? SINGLE : SEVERAL;
  return (
    <div class="post-files">
      {images.length > 0 && (
        <div class={`post-images${images.length === 1 ? ' post-images-single' : ''}`}>
          {images.map((f, i) => (
            <ImageTile key={f.id} file={f} box={box} onOpen={() => setViewing(i)} />
          ))}
        </div>
      )}
      {rest.map((f) => {
        const kind = fileKind(f.mime_type, f.extension);
        return kind === 'video' || kind === 'audio' ? <MediaPlayer key={f.id} file={f} /> : <FileCard key={f.id} file={f} />;
      })}
      {viewing !== null && <Viewer files={images} start={viewing} onClose={() => setViewing(null)} />}
    </div>
  );
}
