import { beforeEach, describe, expect, it, vi } from 'vitest';

import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import { apply, checkAnswers, CommandError, onCheckUpdateRequest, service, status, toCommandError } from './commands';
import { sampleAnswers } from './testing/samples';

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: vi.fn(function (this: { onmessage: unknown }, onmessage: unknown) {
    this.onmessage = onmessage;
  }),
}));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));
const invokeMock = vi.mocked(invoke);

beforeEach(() => vi.resetAllMocks());

describe('commands', () => {
  it('call the Rust commands by their snake_case names with named arguments', async () => {
    invokeMock.mockResolvedValue('ok');
    const answers = sampleAnswers();
    await checkAnswers(answers);
    await service('restart');
    await status();
    expect(invokeMock.mock.calls).toEqual([
      ['check_answers', { answers }],
      ['service', { action: 'restart' }],
      ['status', undefined],
    ]);
  });

  it("take the tray's update request once, whether it came before the window or after", async () => {
    let fromTray: () => void = () => {};
    vi.mocked(listen).mockImplementation(async (_event, handler) => {
      fromTray = () => handler({ event: 'check-update', id: 1, payload: null });
      return () => {};
    });
    const pending = [true, true, false];
    invokeMock.mockImplementation(async () => pending.shift());
    const handler = vi.fn();
    await onCheckUpdateRequest(handler);
    expect(listen).toHaveBeenCalledWith('check-update', expect.any(Function));
    expect(handler).toHaveBeenCalledTimes(1); // asked just before the window opened
    fromTray();
    await vi.waitFor(() => expect(handler).toHaveBeenCalledTimes(2));
    fromTray(); // the request was already taken
    await new Promise((resolve) => setTimeout(resolve, 0));
    expect(handler).toHaveBeenCalledTimes(2);
    expect(invokeMock.mock.calls.every(([name]) => name === 'take_update_request')).toBe(true);
  });

  it('stream the install through a channel', async () => {
    invokeMock.mockResolvedValue({ address: 'https://hearth.local' });
    const onMessage = vi.fn();
    await apply(sampleAnswers(), onMessage);
    const [name, args] = invokeMock.mock.calls[0]!;
    expect(name).toBe('apply');
    const events = (args as { events: { onmessage: unknown } }).events;
    expect(Channel).toHaveBeenCalledWith(onMessage);
    expect(events.onmessage).toBe(onMessage);
  });

  it("turn the Rust side's error into an Error with its field, fix and step", async () => {
    invokeMock.mockRejectedValue({ message: 'permission denied', step: 'local_ca', fix: 'run as root' });
    const err = await status().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(CommandError);
    expect(err).toMatchObject({ message: 'permission denied', step: 'local_ca', fix: 'run as root', field: undefined });
    expect(toCommandError({ message: 'is taken', field: 'admin.username' }).field).toBe('admin.username');
    expect(toCommandError('command apply not found').message).toBe('command apply not found');
    expect(toCommandError(42).message).toBe('Hearth Manager could not do that.');
  });
});
