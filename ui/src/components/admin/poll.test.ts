import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import { poll } from './poll';

/** A question whose answers the test hands out one by one. */
function scripted<T>() {
  const pending: { resolve: (v: T) => void; reject: (e: unknown) => void }[] = [];
  const ask = vi.fn(() => new Promise<T>((resolve, reject) => pending.push({ resolve, reject })));
  return { ask, pending };
}

/** Lets resolved promises run their continuations. */
const settle = () => vi.advanceTimersByTimeAsync(0);

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('poll', () => {
  it('asks at once, then again an interval after each answer, until the answer says stop', async () => {
    const { ask, pending } = scripted<string>();
    const taken: string[] = [];
    poll(ask, (a) => (taken.push(a), a !== 'done'), { intervalMs: 1500, onError: () => {} });
    expect(ask).toHaveBeenCalledTimes(1);

    pending[0]!.resolve('running');
    await settle();
    await vi.advanceTimersByTimeAsync(1499);
    expect(ask).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(ask).toHaveBeenCalledTimes(2);

    pending[1]!.resolve('done');
    await settle();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ask).toHaveBeenCalledTimes(2);
    expect(taken).toEqual(['running', 'done']);
  });

  it('never asks again before the previous answer came', async () => {
    const { ask } = scripted<string>();
    poll(ask, () => true, { intervalMs: 100, onError: () => {} });
    await vi.advanceTimersByTimeAsync(5_000);
    expect(ask).toHaveBeenCalledTimes(1);
  });

  it('reports a failed question and keeps going', async () => {
    const { ask, pending } = scripted<string>();
    const errors: unknown[] = [];
    const take = vi.fn(() => true);
    poll(ask, take, { intervalMs: 1000, onError: (e) => errors.push(e) });
    pending[0]!.reject(new Error('offline'));
    await settle();
    expect(errors).toEqual([new Error('offline')]);
    expect(take).not.toHaveBeenCalled();
    await vi.advanceTimersByTimeAsync(1000);
    expect(ask).toHaveBeenCalledTimes(2);
  });

  it('stops: no further question, and a late answer or error is dropped', async () => {
    const { ask, pending } = scripted<string>();
    const take = vi.fn(() => true);
    const onError = vi.fn();
    const stop = poll(ask, take, { intervalMs: 1000, onError });
    pending[0]!.resolve('running');
    await settle();
    expect(take).toHaveBeenCalledTimes(1);

    await vi.advanceTimersByTimeAsync(1000);
    expect(ask).toHaveBeenCalledTimes(2);
    stop();
    pending[1]!.resolve('late');
    await settle();
    expect(take).toHaveBeenCalledTimes(1);
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ask).toHaveBeenCalledTimes(2);

    const second = scripted<string>();
    const stopAgain = poll(second.ask, take, { intervalMs: 1000, onError });
    stopAgain();
    second.pending[0]!.reject(new Error('late'));
    await settle();
    expect(onError).not.toHaveBeenCalled();
  });

  it('stops between answers: the waiting question is cancelled', async () => {
    const { ask, pending } = scripted<string>();
    const stop = poll(ask, () => true, { intervalMs: 1000, onError: () => {} });
    pending[0]!.resolve('running');
    await settle();
    stop();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(ask).toHaveBeenCalledTimes(1);
  });
});
