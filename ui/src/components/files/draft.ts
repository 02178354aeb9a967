// The files attached to one composer's drafts, as signals: each file's state, bytes sent and
// error, so a progress event re-renders only its own chip. A few files upload at a time and the
// rest wait their turn; a file too large, or one over the per-post limit, is refused before any
// byte is sent. Files are kept per channel, so switching channels neither loses a draft's files
// nor posts them to the wrong channel.

import { signal } from '@preact/signals';

import type { FileInfo } from '../../api/types';
import { isAbort, sizeProblem, type Transport, uploadFile, type UploadJob } from './upload';

/** Uploads that run at once; more would only share the same bandwidth and finish later. */
export const PARALLEL_UPLOADS = 3;
/** Files one post may carry (Mattermost's limit, which Hearth keeps). */
export const MAX_FILES_PER_POST = 10;

export type DraftStatus = 'queued' | 'uploading' | 'done' | 'failed' | 'refused';

let lastKey = 0;

export class DraftFile {
  readonly key = ++lastKey;
  readonly status = signal<DraftStatus>('queued');
  /** Bytes of the file the server has or is receiving. */
  readonly sent = signal(0);
  /** Why it failed or was refused; while uploading, why it is trying again. */
  readonly error = signal('');
  info: FileInfo | null = null;
  /** A local picture of an image file, revoked when the chip goes. */
  readonly previewUrl: string | null;
  readonly job: UploadJob;
  controller: AbortController | null = null;

  constructor(file: File, channelId: string) {
    this.job = { file, channelId };
    this.previewUrl = file.type.startsWith('image/') && file.type !== 'image/svg+xml' ? URL.createObjectURL(file) : null;
  }

  get file(): File {
    return this.job.file;
  }

  get channelId(): string {
    return this.job.channelId;
  }
}

/** Still on its way: the post must wait for it. */
export const isActive = (f: DraftFile) => f.status.value === 'queued' || f.status.value === 'uploading';
const counts = (f: DraftFile) => f.status.value !== 'refused';

export interface DraftOptions {
  transport: Transport;
  /** The server's `MaxFileSize` in bytes, read when files are attached; 0 for no limit. */
  maxFileSize: () => number;
  /** Upload slice size (tests make it small). */
  chunkBytes?: number;
}

export class Draft {
  readonly files = signal<DraftFile[]>([]);

  constructor(private readonly options: DraftOptions) {}

  of(channelId: string): DraftFile[] {
    return this.files.value.filter((f) => f.channelId === channelId);
  }

  attach(list: File[], channelId: string): void {
    let room = MAX_FILES_PER_POST - this.of(channelId).filter(counts).length;
    const added = list.map((file) => {
      const item = new DraftFile(file, channelId);
      const problem = file.size === 0 ? 'This file is empty.' : sizeProblem(file.size, this.options.maxFileSize());
      const refusal = problem ?? (room > 0 ? null : `A message can carry at most ${MAX_FILES_PER_POST} files.`);
      if (refusal) {
        item.status.value = 'refused';
        item.error.value = refusal;
      } else {
        room--;
      }
      return item;
    });
    this.files.value = [...this.files.value, ...added];
    this.pump();
  }

  /** Stops an upload (or forgets a finished one) and takes it off the draft. */
  remove(item: DraftFile): void {
    item.controller?.abort();
    if (item.previewUrl) URL.revokeObjectURL(item.previewUrl);
    this.files.value = this.files.value.filter((f) => f !== item);
    this.pump();
  }

  /** Tries a failed upload again; a large file resumes where the server stopped receiving. */
  retry(item: DraftFile): void {
    if (item.status.value !== 'failed') return;
    item.error.value = '';
    item.status.value = 'queued';
    this.pump();
  }

  /** Empties one channel's draft (after it was sent), or every channel's when the composer goes. */
  clear(channelId?: string): void {
    for (const item of this.files.value) if (channelId === undefined || item.channelId === channelId) this.remove(item);
  }

  /** Starts queued files while fewer than PARALLEL_UPLOADS run. */
  private pump(): void {
    const running = this.files.value.filter((f) => f.status.value === 'uploading').length;
    const waiting = this.files.value.filter((f) => f.status.value === 'queued');
    for (const item of waiting.slice(0, Math.max(0, PARALLEL_UPLOADS - running))) void this.run(item);
  }

  private async run(item: DraftFile): Promise<void> {
    const controller = new AbortController();
    item.controller = controller;
    item.status.value = 'uploading';
    try {
      const onSent = (bytes: number) => {
        item.sent.value = bytes;
        item.error.value = '';
      };
      const onRetry = (error: Error, delayMs: number) => (item.error.value = `${error.message} Trying again in ${Math.round(delayMs / 1000)} s…`);
      const { transport, chunkBytes } = this.options;
      item.info = await uploadFile(item.job, { transport, onSent, onRetry, signal: controller.signal, chunkBytes });
      item.status.value = 'done';
    } catch (e) {
      if (isAbort(e)) return;
      item.status.value = 'failed';
      item.error.value = e instanceof Error ? e.message : String(e);
    } finally {
      item.controller = null;
      if (!controller.signal.aborted) this.pump();
    }
  }
}
