import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import * as commands from '../commands';
import { CommandError } from '../commands';
import { sampleStatus } from '../testing/samples';
import { StatusView } from './StatusView';

vi.mock('../commands', async (original) => ({
  ...(await original<typeof import('../commands')>()),
  status: vi.fn(),
  service: vi.fn(),
  backUpNow: vi.fn(),
  checkUpdate: vi.fn(),
  installUpdate: vi.fn(),
  open: vi.fn(),
  onCheckUpdateRequest: vi.fn(),
}));
const mocked = vi.mocked(commands);

let host: HTMLElement;
async function settle(ms = 0) {
  for (let round = 0; round < 3; round++) await act(async () => void (await vi.advanceTimersByTimeAsync(round ? 0 : ms)));
}
async function show() {
  host = document.createElement('div');
  document.body.append(host);
  act(() => render(<StatusView />, host));
  await settle();
}
const $ = (selector: string) => host.querySelector<HTMLElement>(selector);
const click = async (selector: string) => {
  act(() => $(selector)!.click());
  await settle();
};
const outcome = () => host.querySelector('.status-view > .form-status')!;

beforeEach(() => {
  vi.useFakeTimers();
  vi.resetAllMocks();
  mocked.status.mockResolvedValue(sampleStatus());
  mocked.onCheckUpdateRequest.mockResolvedValue(() => {});
  // jsdom has no modal dialogs.
  HTMLDialogElement.prototype.showModal = vi.fn(function (this: HTMLDialogElement) {
    this.open = true;
  });
  HTMLDialogElement.prototype.close = vi.fn(function (this: HTMLDialogElement) {
    this.open = false;
  });
});

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  vi.useRealTimers();
});

describe('the status window', () => {
  it('shows the health, each check, the people connected, the version and the log', async () => {
    mocked.status.mockResolvedValue(sampleStatus({ overall: 'warning' }));
    await show();
    expect($('[data-page=status]')).not.toBeNull();
    expect($('h1')?.textContent).toBe('Hearth is running, but something needs a look.');
    expect($('h1')?.className).toContain('status-warning');
    expect($('[data-check=server]')?.textContent).toContain('Running');
    expect($('[data-check=backup]')?.dataset.level).toBe('warning');
    expect($('[data-check=backup]')?.textContent).toContain('The last backup is 3 days old.');
    expect($('[data-check=activity]')?.textContent).toContain('3 people online');
    expect($('[data-check=version]')?.textContent).toContain('0.2.1');
    expect([...host.querySelectorAll('.log-lines > div')].map((d) => d.textContent)).toEqual(['line one', 'line two']);
  });

  it('asks again every 5 seconds, and stops when closed', async () => {
    await show();
    expect(mocked.status).toHaveBeenCalledTimes(1);
    mocked.status.mockResolvedValue(sampleStatus({ overall: 'problem', people_online: null }));
    await settle(4_999);
    expect(mocked.status).toHaveBeenCalledTimes(1);
    await settle(1);
    expect(mocked.status).toHaveBeenCalledTimes(2);
    expect($('h1')?.textContent).toBe('Hearth needs your attention.');
    expect($('[data-check=activity]')?.textContent).toContain('Not known');
    act(() => render(null, host));
    await settle(20_000);
    expect(mocked.status).toHaveBeenCalledTimes(2);
  });

  it('says when the status cannot be had, and recovers', async () => {
    mocked.status.mockRejectedValueOnce(new CommandError('hearth status failed'));
    await show();
    expect($('[role=alert]')?.textContent).toBe("Cannot get Hearth's status: hearth status failed");
    await settle(5_000);
    expect($('[role=alert]')).toBeNull();
    expect($('[data-check=server]')).not.toBeNull();
  });

  it('shows what each action said, and looks again after a restart', async () => {
    await show();
    mocked.service.mockResolvedValue('Hearth restarted.');
    await click('[data-action=restart]');
    expect(mocked.service).toHaveBeenCalledWith('restart');
    expect(outcome().textContent).toBe('Hearth restarted.');
    expect(mocked.status).toHaveBeenCalledTimes(2);

    mocked.backUpNow.mockRejectedValue(new CommandError('No backup target is set.'));
    await click('[data-action=back-up-now]');
    expect(outcome().textContent).toBe('No backup target is set.');
    expect(outcome().getAttribute('role')).toBe('alert');

    await click('[data-action=open-admin]');
    expect(mocked.open).toHaveBeenCalledWith('admin');
  });

  it("checks for updates when the tray's menu asks", async () => {
    await show();
    mocked.checkUpdate.mockResolvedValue({ current: '0.2.1', latest: null });
    const fromTray = mocked.onCheckUpdateRequest.mock.calls[0]![0];
    await act(async () => fromTray());
    await settle();
    expect(mocked.checkUpdate).toHaveBeenCalledTimes(1);
    expect(outcome().textContent).toBe('Hearth is up to date (version 0.2.1).');
  });

  it('says when Hearth is up to date', async () => {
    await show();
    mocked.checkUpdate.mockResolvedValue({ current: '0.2.1', latest: null });
    await click('[data-action=check-update]');
    expect(outcome().textContent).toBe('Hearth is up to date (version 0.2.1).');
    expect(host.querySelector('dialog')).toBeNull();
  });

  it('shows a new version with its date and notes, and installs it only when confirmed', async () => {
    await show();
    mocked.checkUpdate.mockResolvedValue({ current: '0.2.1', latest: { version: '0.3.0', date: '2026-11-20', notes: 'Faster search.\n<b>not bold</b>' } });
    mocked.installUpdate.mockResolvedValue('Hearth 0.3.0 is installed and running.');
    await click('[data-action=check-update]');
    let dialog = host.querySelector('dialog')!;
    expect(dialog.textContent).toContain('Version 0.3.0, released 2026-11-20. This computer has 0.2.1.');
    expect(dialog.querySelector('.update-notes')?.textContent).toBe('Faster search.\n<b>not bold</b>');
    expect(dialog.querySelector('b')).toBeNull();

    await click('dialog [data-autofocus]');
    expect(mocked.installUpdate).not.toHaveBeenCalled();
    expect(host.querySelector('dialog')).toBeNull();

    await click('[data-action=check-update]');
    dialog = host.querySelector('dialog')!;
    await click('dialog .btn-primary');
    expect(mocked.installUpdate).toHaveBeenCalledTimes(1);
    expect(host.querySelector('dialog')).toBeNull();
    expect(outcome().textContent).toBe('Hearth 0.3.0 is installed and running.');
  });
});
