import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Draft, MAX_FILES_PER_POST, PARALLEL_UPLOADS } from './draft';
import { FakeServer, patternFile } from './fakeServer.test-util';
import { SLICE_ATTEMPTS, type Transport } from './upload';

/** A transport whose requests wait until the test lets them through. */
function gated(server: FakeServer) {
  const waiting: Array<() => void> = [];
  const transport: Transport = (request) =>
    new Promise((resolve, reject) => {
      waiting.push(() => server.transport(request).then(resolve, reject));
      request.signal?.addEventListener('abort', () => reject(new DOMException('Cancelled', 'AbortError')));
    });
  return { transport, release: () => waiting.splice(0).forEach((go) => go()), pending: () => waiting.length };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('Draft', () => {
  let server: FakeServer;
  beforeEach(() => {
    server = new FakeServer();
    URL.createObjectURL = vi.fn(() => 'blob:preview');
    URL.revokeObjectURL = vi.fn();
  });
  afterEach(() => {
    vi.useRealTimers();
    vi.restoreAllMocks();
  });

  it('refuses files over the server limit before sending anything', async () => {
    const draft = new Draft({ transport: server.transport, maxFileSize: () => 1000 });
    draft.attach([patternFile(1001, 'big.bin'), patternFile(10, 'small.txt')], 'c1');
    await settle();
    const [big, small] = draft.of('c1');
    expect(big?.status.value).toBe('refused');
    expect(big?.error.value).toBe('1001 B is more than the 1000 B this server accepts.');
    expect(small?.status.value).toBe('done');
    expect(server.files.map((f) => f.info.name)).toEqual(['small.txt']);
  });

  it(`runs ${PARALLEL_UPLOADS} uploads at a time and starts the next when one ends`, async () => {
    const gate = gated(server);
    const draft = new Draft({ transport: gate.transport, maxFileSize: () => 0 });
    draft.attach(Array.from({ length: 5 }, (_, i) => patternFile(10, `f${i}`)), 'c1');
    const statuses = () => draft.of('c1').map((f) => f.status.value);
    expect(statuses()).toEqual(['uploading', 'uploading', 'uploading', 'queued', 'queued']);
    gate.release();
    await settle();
    expect(statuses()).toEqual(['done', 'done', 'done', 'uploading', 'uploading']);
    gate.release();
    await settle();
    expect(statuses()).toEqual(['done', 'done', 'done', 'done', 'done']);
  });

  it('refuses files past the per-post limit', () => {
    const draft = new Draft({ transport: gated(server).transport, maxFileSize: () => 0 });
    draft.attach(Array.from({ length: MAX_FILES_PER_POST + 1 }, (_, i) => patternFile(10, `f${i}`)), 'c1');
    const last = draft.of('c1').at(-1);
    expect(last?.status.value).toBe('refused');
    expect(last?.error.value).toBe(`A message can carry at most ${MAX_FILES_PER_POST} files.`);
  });

  it('cancels an upload when removed, and lets a waiting one start', async () => {
    const gate = gated(server);
    const draft = new Draft({ transport: gate.transport, maxFileSize: () => 0 });
    draft.attach(Array.from({ length: 4 }, (_, i) => patternFile(10, `f${i}`)), 'c1');
    const first = draft.of('c1')[0]!;
    draft.remove(first);
    await settle();
    expect(first.controller).toBeNull();
    expect(draft.of('c1').map((f) => f.status.value)).toEqual(['uploading', 'uploading', 'uploading']);
    gate.release();
    await settle();
    expect(server.files.map((f) => f.info.name)).toEqual(['f1', 'f2', 'f3']);
  });

  it('shows a failure and resumes the same session on retry', async () => {
    vi.useFakeTimers();
    const draft = new Draft({ transport: server.transport, maxFileSize: () => 0, chunkBytes: 100 });
    server.faults.push(...Array.from({ length: SLICE_ATTEMPTS }, () => ({ afterBytes: 0, status: 500 })));
    draft.attach([patternFile(250)], 'c1');
    await vi.runAllTimersAsync();
    const item = draft.of('c1')[0]!;
    expect(item.status.value).toBe('failed');
    expect(item.error.value).toBe('failed');
    draft.retry(item);
    await vi.runAllTimersAsync();
    expect(item.status.value).toBe('done');
    expect(item.info?.size).toBe(250);
    expect(server.log.filter((l) => l === 'POST /uploads')).toHaveLength(1);
  });

  it('keeps each channel its own files and clears one channel only', async () => {
    const draft = new Draft({ transport: server.transport, maxFileSize: () => 0 });
    draft.attach([patternFile(10, 'a.png')], 'c1');
    draft.attach([patternFile(10, 'b.txt')], 'c2');
    await settle();
    expect(server.files.map((f) => [f.info.name, f.channelId])).toEqual([
      ['a.png', 'c1'],
      ['b.txt', 'c2'],
    ]);
    draft.clear('c1');
    expect(draft.of('c1')).toEqual([]);
    expect(draft.of('c2')).toHaveLength(1);
  });

  it('makes a local preview of images and revokes it on removal', () => {
    const draft = new Draft({ transport: gated(server).transport, maxFileSize: () => 0 });
    draft.attach([new File(['x'], 'cat.png', { type: 'image/png' }), new File(['x'], 'a.txt', { type: 'text/plain' })], 'c1');
    const [image, text] = draft.of('c1');
    expect(image?.previewUrl).toBe('blob:preview');
    expect(text?.previewUrl).toBeNull();
    draft.remove(image!);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:preview');
  });
});
