import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { DnsCheck } from '../types';
import { type DnsState, watchDns } from './dns';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function setup() {
  const pending = new Map<string, (check: DnsCheck) => void>();
  const check = vi.fn((domain: string) => new Promise<DnsCheck>((resolve) => pending.set(domain, resolve)));
  const states: DnsState[] = [];
  const watch = watchDns(check, (s) => states.push(s));
  const answer = (domain: string, points_here = true) => pending.get(domain)!({ domain, addresses: ['192.0.2.7'], points_here, error: null });
  return { check, states, watch, answer };
}

describe('the live DNS check', () => {
  it('asks only once typing paused for 600 ms', async () => {
    const { check, states, watch } = setup();
    for (const typed of ['c', 'ch', 'chat.example.co', 'chat.example.com']) {
      watch.typed(typed);
      await vi.advanceTimersByTimeAsync(300);
    }
    await vi.advanceTimersByTimeAsync(299);
    expect(check).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1);
    expect(check).toHaveBeenCalledExactlyOnceWith('chat.example.com');
    expect(states.at(-1)).toEqual({ kind: 'checking', domain: 'chat.example.com' });
  });

  it('shows only the latest answer', async () => {
    const { states, watch, answer } = setup();
    watch.typed('old.example.com');
    await vi.advanceTimersByTimeAsync(600);
    watch.typed('new.example.com');
    await vi.advanceTimersByTimeAsync(600);
    answer('new.example.com');
    answer('old.example.com', false);
    await vi.advanceTimersByTimeAsync(0);
    const done = states.filter((s) => s.kind === 'done');
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ check: { domain: 'new.example.com', points_here: true } });
  });

  it('clears at once for an empty domain, and stop drops what is pending', async () => {
    const { check, states, watch, answer } = setup();
    watch.typed('chat.example.com');
    watch.typed('  ');
    expect(states).toEqual([{ kind: 'idle' }]);
    await vi.advanceTimersByTimeAsync(1000);
    expect(check).not.toHaveBeenCalled();

    watch.typed('chat.example.com');
    await vi.advanceTimersByTimeAsync(600);
    watch.stop();
    answer('chat.example.com');
    await vi.advanceTimersByTimeAsync(0);
    expect(states.some((s) => s.kind === 'done')).toBe(false);
  });

  it('says when the lookup itself failed', async () => {
    const states: DnsState[] = [];
    const watch = watchDns(() => Promise.reject(new Error('no network')), (s) => states.push(s));
    watch.typed('chat.example.com');
    await vi.advanceTimersByTimeAsync(600);
    expect(states.at(-1)).toEqual({ kind: 'failed', domain: 'chat.example.com', message: 'no network' });
  });
});
