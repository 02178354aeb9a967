import { beforeEach, describe, expect, it, vi } from 'vitest';

import { Channel, invoke } from '@tauri-apps/api/core';

import { apply, checkAnswers, CommandError, service, status, toCommandError } from './commands';
import { sampleAnswers } from './testing/samples';

vi.mock('@tauri-apps/api/core', () => ({
  invoke: vi.fn(),
  Channel: vi.fn(function (this: { onmessage: unknown }, onmessage: unknown) {
    this.onmessage = onmessage;
  }),
}));
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
