// The row of files attached to a draft, above the composer: one chip per file with a picture
// (the local image itself, or an icon of its kind), its name and size, a progress bar of the
// bytes sent, and cancel, remove or retry. Each chip reads its own signals, so progress redraws
// only that chip.

import type { Draft, DraftFile } from './draft';
import { extensionOf, fileKind, formatBytes } from './format';
import { CloseIcon, RetryIcon } from '../common/icons';
import { FileIcon } from './icons';
import { percentDone } from './upload';
import './files.css';

function Progress({ item }: { item: DraftFile }) {
  const size = item.file.size;
  const percent = percentDone(item.sent.value, size);
  return (
    <div
      class="file-progress"
      role="progressbar"
      aria-label={`Uploading ${item.file.name}`}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={`${percent}%, ${formatBytes(item.sent.value)} of ${formatBytes(size)}`}
    >
      <div class="file-progress-bar" style={{ width: `${(100 * item.sent.value) / Math.max(1, size)}%` }} />
    </div>
  );
}

function StatusLine({ item, onRetry }: { item: DraftFile; onRetry: () => void }) {
  const size = formatBytes(item.file.size);
  switch (item.status.value) {
    case 'queued':
      return <span class="muted">Waiting · {size}</span>;
    case 'uploading':
      if (item.error.value) return <span class="muted">{item.error.value}</span>;
      return (
        <span class="muted">
          {formatBytes(item.sent.value)} of {size} · {percentDone(item.sent.value, item.file.size)}%
        </span>
      );
    case 'done':
      return <span class="muted">{size}</span>;
    case 'failed':
      return (
        <>
          <span class="file-chip-error" role="alert">
            {item.error.value}
          </span>
          <button type="button" class="file-chip-retry" onClick={onRetry} aria-label={`Retry uploading ${item.file.name}`}>
            <RetryIcon size={14} /> Retry
          </button>
        </>
      );
    case 'refused':
      return (
        <span class="file-chip-error" role="alert">
          {item.error.value}
        </span>
      );
  }
}

function Chip({ item, draft }: { item: DraftFile; draft: Draft }) {
  const status = item.status.value;
  const running = status === 'queued' || status === 'uploading';
  const name = item.file.name;
  return (
    <li class={`file-chip file-chip-${status}`}>
      <span class="file-chip-thumb">
        {item.previewUrl ? <img src={item.previewUrl} alt="" /> : <FileIcon kind={fileKind(item.file.type, extensionOf(name))} size={32} />}
      </span>
      <span class="file-chip-body">
        <span class="file-chip-name" title={name}>
          {name}
        </span>
        <StatusLine item={item} onRetry={() => draft.retry(item)} />
        {running && <Progress item={item} />}
      </span>
      <button type="button" class="icon-btn file-chip-remove" onClick={() => draft.remove(item)} aria-label={running ? `Cancel upload of ${name}` : `Remove ${name}`} title={running ? 'Cancel upload' : 'Remove'}>
        <CloseIcon size={16} />
      </button>
    </li>
  );
}

export function Tray({ draft, channelId }: { draft: Draft; channelId: string }) {
  const items = draft.of(channelId);
  if (items.length === 0) return null;
  return (
    <ul class="file-tray" aria-label="Attached files">
      {items.map((item) => (
        <Chip key={item.key} item={item} draft={draft} />
      ))}
    </ul>
  );
}
