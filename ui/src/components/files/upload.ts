// Moves one file to the server. Small files go in one multipart `POST /files`; larger ones
// through a resumable upload session (`POST /uploads`, then the bytes in slices to
// `POST /uploads/{id}`), so a gigabyte video is never read into memory (Blob.slice only names a
// range of the file on disk) and a dropped slice resumes from the offset the server reports.
// The network sits behind `Transport`, so the planning and the resume logic are tested without a
// server; xhr.ts is the real one.

import { ApiError } from '../../api/client';
import type { FileInfo } from '../../api/types';
import { formatBytes } from './format';

/** Bytes per slice: big enough that per-request overhead does not matter, small enough that a
 * failed slice costs little to send again. */
export const CHUNK_BYTES = 8 * 1024 * 1024;
/** Tries per slice before the upload is reported failed (the reader can still press retry): with
 * the back-off between them, about half a minute, long enough for a server restart. */
export const SLICE_ATTEMPTS = 6;

export interface TransferRequest {
  method: 'GET' | 'POST';
  /** Relative to /api/v4. */
  path: string;
  body?: Blob | FormData | string;
  contentType?: string;
  /** Bytes of the request body sent so far, out of `total`. */
  onProgress?: (loaded: number, total: number) => void;
  signal?: AbortSignal;
}

export interface TransferReply {
  status: number;
  body: unknown;
}

/** Sends one request. Resolves on 2xx; rejects with `ApiError` (status 0 when the server could
 * not be reached) or with an `AbortError` when `signal` fires. */
export type Transport = (request: TransferRequest) => Promise<TransferReply>;

/** One file on its way up. It outlives a failed try so that a retry resumes the same session. */
export interface UploadJob {
  file: File;
  channelId: string;
  /** The upload session, once the server opened one. */
  sessionId?: string;
}

interface UploadSession {
  id: string;
  file_size: number;
  file_offset: number;
}

/** The next slice to send once the server holds `offset` bytes, or null when it has them all. */
export function nextSlice(offset: number, size: number, chunk = CHUNK_BYTES): { start: number; end: number } | null {
  if (offset >= size) return null;
  const start = Math.max(0, offset);
  return { start, end: Math.min(size, start + chunk) };
}

/** File bytes the server has, or is receiving, while the slice from `sliceStart` has `loaded`
 * bytes on the wire. */
export function sentBytes(sliceStart: number, loaded: number, size: number): number {
  return Math.min(size, sliceStart + Math.max(0, loaded));
}

/** File bytes sent of a multipart body: the body adds a few hundred bytes of form framing, which
 * the progress event counts in `total`, so scale rather than subtract. */
export function formSentBytes(loaded: number, total: number, size: number): number {
  if (total <= 0) return 0;
  return Math.min(size, Math.round((size * loaded) / total));
}

/** Whole percent done, 100 only when every byte is there. */
export function percentDone(sent: number, size: number): number {
  if (size <= 0) return 100;
  const exact = (100 * sent) / size;
  return sent >= size ? 100 : Math.min(99, Math.floor(exact));
}

/** Why a file may not be uploaded at all, or null when it may. `max` 0 means no limit. */
export function sizeProblem(size: number, max: number): string | null {
  if (max > 0 && size > max) return `${formatBytes(size)} is more than the ${formatBytes(max)} this server accepts.`;
  return null;
}

export function isAbort(e: unknown): boolean {
  return e instanceof DOMException && e.name === 'AbortError';
}

/** Errors worth trying again by ourselves: the network, a busy or restarting server, and the
 * session still recording the previous, interrupted request. */
export function isTransient(e: unknown): boolean {
  if (!(e instanceof ApiError)) return false;
  return e.status === 0 || e.status === 408 || e.status === 429 || e.status >= 500 || e.id === 'api.upload.upload_data.in_progress.app_error';
}

/** Wait before retry `attempt` (1-based) of a slice: 1 s, 2 s, 4 s, ... */
export function retryDelay(attempt: number): number {
  return 1000 * 2 ** (attempt - 1);
}

function wait(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new DOMException('Cancelled', 'AbortError'));
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener(
      'abort',
      () => {
        clearTimeout(timer);
        reject(new DOMException('Cancelled', 'AbortError'));
      },
      { once: true },
    );
  });
}

export interface UploadOptions {
  transport: Transport;
  /** File bytes the server has or is receiving, as they move. */
  onSent: (bytes: number) => void;
  /** A slice failed and is tried again after `delayMs`. */
  onRetry?: (error: ApiError, delayMs: number) => void;
  signal?: AbortSignal;
  /** Slice size; files up to one slice go in a single request. */
  chunkBytes?: number;
}

/** Uploads `job.file` and returns its FileInfo. */
export async function uploadFile(job: UploadJob, options: UploadOptions): Promise<FileInfo> {
  const chunk = options.chunkBytes ?? CHUNK_BYTES;
  return job.file.size > chunk ? viaSession(job, options, chunk) : inOneRequest(job, options);
}

async function inOneRequest(job: UploadJob, { transport, onSent, signal }: UploadOptions): Promise<FileInfo> {
  const form = new FormData();
  form.append('channel_id', job.channelId);
  form.append('files', job.file, job.file.name);
  const size = job.file.size;
  const reply = await transport({ method: 'POST', path: '/files', body: form, onProgress: (loaded, total) => onSent(formSentBytes(loaded, total, size)), signal });
  const info = (reply.body as { file_infos?: FileInfo[] }).file_infos?.[0];
  if (!info) throw new ApiError({ id: 'web.upload.no_info', message: 'The server did not describe the uploaded file.', status_code: reply.status });
  onSent(size);
  return info;
}

/** Where the server's copy of the session ends; null when the session is gone. */
async function serverOffset(sessionId: string, transport: Transport, signal?: AbortSignal): Promise<number | null> {
  try {
    const reply = await transport({ method: 'GET', path: `/uploads/${sessionId}`, signal });
    return (reply.body as UploadSession).file_offset;
  } catch (e) {
    if (e instanceof ApiError && e.status === 404) return null;
    throw e;
  }
}

/** Resumes `job`'s session, or opens one; returns the offset to continue from. */
async function openSession(job: UploadJob, transport: Transport, signal?: AbortSignal): Promise<number> {
  if (job.sessionId) {
    const offset = await serverOffset(job.sessionId, transport, signal);
    if (offset !== null) return offset;
  }
  const body = JSON.stringify({ channel_id: job.channelId, filename: job.file.name, file_size: job.file.size });
  const reply = await transport({ method: 'POST', path: '/uploads', body, contentType: 'application/json', signal });
  const session = reply.body as UploadSession;
  job.sessionId = session.id;
  return session.file_offset;
}

async function viaSession(job: UploadJob, { transport, onSent, onRetry, signal }: UploadOptions, chunk: number): Promise<FileInfo> {
  const size = job.file.size;
  /** Bytes the server holds; null until it has told us (at the start and after a failure). */
  let offset: number | null = null;
  let failures = 0;
  for (;;) {
    try {
      if (offset === null) {
        offset = await openSession(job, transport, signal);
        onSent(offset);
      }
      const slice = nextSlice(offset, size, chunk);
      if (!slice) {
        // Every byte arrived but the answer carrying the FileInfo was lost, and the server
        // closed the session with it: the file can only be sent again.
        job.sessionId = undefined;
        offset = null;
        continue;
      }
      const reply = await transport({
        method: 'POST',
        path: `/uploads/${job.sessionId}`,
        body: job.file.slice(slice.start, slice.end),
        contentType: 'application/octet-stream',
        onProgress: (loaded) => onSent(sentBytes(slice.start, loaded, size)),
        signal,
      });
      if (reply.status === 201) {
        onSent(size);
        return reply.body as FileInfo;
      }
      offset = slice.end;
      failures = 0;
    } catch (e) {
      if (isAbort(e) || !isTransient(e) || ++failures >= SLICE_ATTEMPTS) throw e;
      const delay = retryDelay(failures);
      onRetry?.(e as ApiError, delay);
      await wait(delay, signal);
      // The server keeps what arrived of the failed request: ask it where to go on from.
      offset = null;
    }
  }
}
