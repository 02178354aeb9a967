import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { Socket } from './socket';

/** Stands in for the browser's WebSocket: tests make the server say hello or drop the line. */
class FakeSocket {
  static OPEN = 1;
  static made: FakeSocket[] = [];
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((m: { data: string }) => void) | null = null;
  onclose: (() => void) | null = null;
  constructor(readonly url: string) {
    FakeSocket.made.push(this);
  }
  hello(connectionId: string): void {
    this.readyState = FakeSocket.OPEN;
    this.onopen?.();
    this.onmessage?.({ data: JSON.stringify({ event: 'hello', seq: 0, data: { connection_id: connectionId }, broadcast: {} }) });
  }
  close(): void {
    this.onclose?.();
  }
  send(): void {}
}

function socket() {
  const onResync = vi.fn();
  const s = new Socket({ onEvent: () => {}, onResync, onState: () => {} });
  s.start();
  return { s, onResync, last: () => FakeSocket.made.at(-1)! };
}

beforeEach(() => {
  FakeSocket.made = [];
  vi.useFakeTimers();
  vi.stubGlobal('WebSocket', FakeSocket);
  vi.stubGlobal('location', { protocol: 'http:', host: 'localhost' });
});
afterEach(() => {
  vi.useRealTimers();
  vi.unstubAllGlobals();
});

describe('listening before loading', () => {
  it('waits for hello; only a later new connection asks for a resync', async () => {
    const { s, onResync, last } = socket();
    const listening = s.listening(3_000);
    last().hello('a');
    await listening;
    expect(onResync).not.toHaveBeenCalled();

    last().close();
    await vi.advanceTimersByTimeAsync(1_000);
    last().hello('b');
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('treats a first hello that came after the wait as a reconnect', async () => {
    const { s, onResync, last } = socket();
    const listening = s.listening(3_000);
    await vi.advanceTimersByTimeAsync(3_000);
    await listening;
    last().hello('a');
    expect(onResync).toHaveBeenCalledTimes(1);
  });

  it('does not resync a resumed connection', async () => {
    const { s, onResync, last } = socket();
    const listening = s.listening(3_000);
    last().hello('a');
    await listening;
    last().close();
    await vi.advanceTimersByTimeAsync(1_000);
    expect(last().url).toContain('connection_id=a');
    last().hello('a');
    expect(onResync).not.toHaveBeenCalled();
  });
});
