import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { ApiError } from '../../api/client';
import { FakeServer, patternFile } from './fakeServer.test-util';
import {
  CHUNK_BYTES,
  formSentBytes,
  isTransient,
  nextSlice,
  percentDone,
  SLICE_ATTEMPTS,
  sentBytes,
  sizeProblem,
  uploadFile,
  type UploadJob,
} from './upload';

const MiB = 1024 * 1024;

/** Every slice a fresh upload of `size` bytes sends, in order. */
function plan(size: number, chunk = CHUNK_BYTES): Array<[number, number]> {
  const slices: Array<[number, number]> = [];
  for (let s = nextSlice(0, size, chunk); s; s = nextSlice(s.end, size, chunk)) slices.push([s.start, s.end]);
  return slices;
}

describe('slice planning', () => {
  it('covers the file in whole chunks and a shorter last one', () => {
    expect(plan(20 * MiB)).toEqual([
      [0, 8 * MiB],
      [8 * MiB, 16 * MiB],
      [16 * MiB, 20 * MiB],
    ]);
  });

  it('has no empty slice when the size is a multiple of the chunk', () => {
    expect(plan(16 * MiB)).toEqual([
      [0, 8 * MiB],
      [8 * MiB, 16 * MiB],
    ]);
  });

  it('resumes from an offset inside a chunk', () => {
    expect(nextSlice(5 * MiB + 3, 20 * MiB)).toEqual({ start: 5 * MiB + 3, end: 13 * MiB + 3 });
    expect(nextSlice(20 * MiB - 1, 20 * MiB)).toEqual({ start: 20 * MiB - 1, end: 20 * MiB });
  });

  it('is done once the server holds every byte', () => {
    expect(nextSlice(20 * MiB, 20 * MiB)).toBeNull();
  });
});

describe('progress arithmetic', () => {
  it('counts the bytes of earlier slices plus what is on the wire', () => {
    expect(sentBytes(16 * MiB, 1000, 20 * MiB)).toBe(16 * MiB + 1000);
    expect(sentBytes(16 * MiB, 8 * MiB, 20 * MiB)).toBe(20 * MiB);
  });

  it('scales multipart progress to file bytes', () => {
    expect(formSentBytes(550, 1100, 1000)).toBe(500);
    expect(formSentBytes(1100, 1100, 1000)).toBe(1000);
    expect(formSentBytes(10, 0, 1000)).toBe(0);
  });

  it('shows 100 percent only when the last byte is there', () => {
    expect(percentDone(0, 200)).toBe(0);
    expect(percentDone(50, 200)).toBe(25);
    expect(percentDone(199_999, 200_000)).toBe(99);
    expect(percentDone(200, 200)).toBe(100);
  });

  it('refuses files over the limit, and accepts any size with no limit', () => {
    expect(sizeProblem(101 * MiB, 100 * MiB)).toBe('101 MB is more than the 100 MB this server accepts.');
    expect(sizeProblem(100 * MiB, 100 * MiB)).toBeNull();
    expect(sizeProblem(5e12, 0)).toBeNull();
  });

  it('retries network and server failures, not refusals', () => {
    const error = (status: number, id = 'x') => new ApiError({ id, message: '', status_code: status });
    expect(isTransient(error(0))).toBe(true);
    expect(isTransient(error(503))).toBe(true);
    expect(isTransient(error(400, 'api.upload.upload_data.in_progress.app_error'))).toBe(true);
    expect(isTransient(error(413))).toBe(false);
    expect(isTransient(error(403))).toBe(false);
    expect(isTransient(new Error('boom'))).toBe(false);
  });
});

describe('uploadFile', () => {
  // Small slices keep the test files small; the logic does not depend on the size.
  const K = 1000;
  const CHUNK = 8 * K;
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer();
    vi.useFakeTimers();
  });
  afterEach(() => vi.useRealTimers());

  /** Runs an upload to the end, letting retry back-offs pass. */
  async function run(job: UploadJob, onSent: (n: number) => void = () => {}) {
    const done = uploadFile(job, { transport: server.transport, onSent, chunkBytes: CHUNK });
    done.catch(() => {});
    await vi.runAllTimersAsync();
    return done;
  }

  it('sends a file of one slice or less as a multipart form with its channel', async () => {
    const file = patternFile(3000, 'note.txt');
    const sent: number[] = [];
    const info = await run({ file, channelId: 'c1' }, (n) => sent.push(n));
    expect(server.log).toEqual(['POST /files']);
    expect(server.files[0]?.channelId).toBe('c1');
    expect(server.files[0]?.bytes).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(info.name).toBe('note.txt');
    expect(sent.at(-1)).toBe(3000);
  });

  it('sends a large file slice by slice through a session', async () => {
    const file = patternFile(20 * K);
    const sent: number[] = [];
    const info = await run({ file, channelId: 'c1' }, (n) => sent.push(n));
    expect(server.log).toEqual(['POST /uploads', 'POST /uploads/upload1', 'POST /uploads/upload1', 'POST /uploads/upload1']);
    expect(info.size).toBe(20 * K);
    expect(server.files[0]?.bytes).toEqual(new Uint8Array(await file.arrayBuffer()));
    expect(sent).toEqual([...sent].sort((a, b) => a - b));
    expect(sent.at(-1)).toBe(20 * K);
  });

  it('resumes a dropped slice from the offset the server reports', async () => {
    const file = patternFile(20 * K);
    server.faults.push({ afterBytes: 0 }, { afterBytes: 3 * K + 5 });
    const info = await run({ file, channelId: 'c1' });
    expect(info.size).toBe(20 * K);
    // Fault one: nothing arrived, the slice is sent again. Fault two: part of the next slice
    // arrived, so the next request starts where it stopped.
    expect(server.log.filter((l) => l.startsWith('GET'))).toHaveLength(2);
    expect(server.files[0]?.bytes).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it('keeps trying while the server is down, also when asking for the offset', async () => {
    const file = patternFile(20 * K);
    server.faults.push({ afterBytes: 2 * K, status: 0 });
    server.failGets = 2;
    const delays: number[] = [];
    const done = uploadFile({ file, channelId: 'c1' }, { transport: server.transport, onSent: () => {}, onRetry: (_, ms) => delays.push(ms), chunkBytes: CHUNK });
    await vi.runAllTimersAsync();
    expect((await done).size).toBe(20 * K);
    expect(delays).toEqual([1000, 2000, 4000]);
    expect(server.files[0]?.bytes).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it('gives up after a few failed tries, and a retry resumes the same session', async () => {
    const file = patternFile(20 * K);
    server.faults.push(...Array.from({ length: SLICE_ATTEMPTS }, (_, i) => ({ afterBytes: i === 0 ? 8 * K + 100 : 0, status: 502 })));
    const job: UploadJob = { file, channelId: 'c1' };
    await expect(run(job)).rejects.toMatchObject({ status: 502 });
    expect(job.sessionId).toBe('upload1');
    expect(server.sessions.get('upload1')?.file_offset).toBe(8 * K);

    server.log.length = 0;
    const info = await run(job);
    expect(server.log[0]).toBe('GET /uploads/upload1');
    expect(server.log).not.toContain('POST /uploads');
    expect(info.size).toBe(20 * K);
    expect(server.files[0]?.bytes).toEqual(new Uint8Array(await file.arrayBuffer()));
  });

  it('opens a new session when the old one is gone', async () => {
    const job: UploadJob = { file: patternFile(9 * K), channelId: 'c1', sessionId: 'expired' };
    const info = await run(job);
    expect(server.log.slice(0, 2)).toEqual(['GET /uploads/expired', 'POST /uploads']);
    expect(info.size).toBe(9 * K);
  });

  it('stops at once on a refusal', async () => {
    server.faults.push({ afterBytes: 0, status: 403, id: 'api.context.permissions.app_error' });
    await expect(run({ file: patternFile(9 * K), channelId: 'c1' })).rejects.toMatchObject({ status: 403 });
    expect(server.log).toEqual(['POST /uploads', 'POST /uploads/upload1']);
  });

  it('stops when cancelled', async () => {
    const controller = new AbortController();
    controller.abort();
    const job = { file: patternFile(9 * K), channelId: 'c1' };
    await expect(uploadFile(job, { transport: server.transport, onSent: () => {}, signal: controller.signal, chunkBytes: CHUNK })).rejects.toMatchObject({ name: 'AbortError' });
  });
});
