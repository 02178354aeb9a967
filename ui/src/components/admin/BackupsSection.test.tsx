import { render } from 'preact';
import { act } from 'preact/test-utils';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';

import type { BackupRun, BackupStatus } from './api';
import { BackupsSection } from './BackupsSection';

const now = Date.UTC(2026, 10, 21, 12, 0, 0);

function run(change: Partial<BackupRun> = {}): BackupRun {
  return {
    id: 'run1'.padEnd(26, 'x'),
    reason: 'manual',
    status: 'running',
    started_at: now,
    finished_at: 0,
    backup_id: '',
    phase: '',
    done_bytes: 0,
    total_bytes: 0,
    done_files: 0,
    total_files: 0,
    files: 0,
    files_bytes: 0,
    archive_bytes: 0,
    sent_files: 0,
    sent_bytes: 0,
    error: '',
    ...change,
  };
}

const idle: BackupStatus = {
  enabled: true,
  target: '/mnt/usb/hearth',
  time: '02:00',
  time_zone: 'Europe/Berlin',
  encrypted: false,
  next_run_at: now + 14 * 3_600_000,
  last_success_at: now - 10 * 3_600_000,
  running: false,
  runs: [],
};

/** The server as the section sees it: answers by method and path, and the calls it got. */
let answers: Record<string, () => { status: number; body: unknown }>;
let calls: string[];

beforeEach(() => {
  vi.useFakeTimers({ now });
  calls = [];
  answers = { 'GET /hearth/backups': () => ({ status: 200, body: idle }) };
  vi.stubGlobal(
    'fetch',
    vi.fn(async (url: string, init: RequestInit) => {
      const key = `${init.method} ${url.replace('/api/v4', '').replace(/\?.*/, '')}`;
      calls.push(key);
      const answer = answers[key]?.() ?? { status: 404, body: { id: 'test.missing', message: `no answer for ${key}` } };
      return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
    }),
  );
});

let host: HTMLElement;
async function show() {
  host = document.createElement('div');
  document.body.append(host);
  act(() => render(<BackupsSection />, host));
  await settle();
}
/** Moves the clock on by `ms`, then lets answers arrive and the page redraw. An answer can start
 * an effect that asks again, so this goes round a few times. */
async function settle(ms = 0) {
  const tick = (by: number) => act(async () => void (await vi.advanceTimersByTimeAsync(by)));
  await tick(ms);
  for (let round = 0; round < 3; round++) await tick(0);
}
const button = () => [...host.querySelectorAll('button')].find((b) => /Back up now|Backing up/.test(b.textContent ?? ''))!;
const runCalls = () => calls.filter((c) => c.startsWith('GET /hearth/backups/')).length;

afterEach(() => {
  act(() => render(null, host));
  host.remove();
  vi.unstubAllGlobals();
  vi.useRealTimers();
});

describe('BackupsSection', () => {
  it('starts a backup, follows it every 1.5 s with its progress, and says when it is complete', async () => {
    await show();
    expect(host.textContent).toContain('Backups are working');
    let current = run({ phase: 'upload', done_bytes: 50 * 1024 ** 2, total_bytes: 200 * 1024 ** 2, done_files: 1, total_files: 4 });
    answers['POST /hearth/backups'] = () => ({ status: 202, body: run() });
    answers[`GET /hearth/backups/${current.id}`] = () => ({ status: 200, body: current });

    act(() => button().click());
    await settle();
    expect(calls).toContain('POST /hearth/backups');
    expect(button().textContent).toBe('Backing up…');
    expect(button().getAttribute('aria-disabled')).toBe('true');
    const bar = host.querySelector('[role=progressbar]')!;
    expect(bar.getAttribute('aria-valuenow')).toBe('25');
    expect(bar.getAttribute('aria-valuetext')).toBe('Step 3 of 4: Sending, 50 MB of 200 MB · 1 of 4 files');

    const asked = runCalls();
    await settle(1_499);
    expect(runCalls()).toBe(asked);
    await settle(1);
    expect(runCalls()).toBe(asked + 1);

    current = run({ status: 'succeeded', finished_at: now + 9_000, backup_id: '20261121-120000', files: 3, files_bytes: 200 * 1024 ** 2, sent_files: 3, sent_bytes: 200 * 1024 ** 2 });
    const statusCalls = calls.filter((c) => c === 'GET /hearth/backups').length;
    answers['GET /hearth/backups'] = () => ({ status: 200, body: { ...idle, last_success_at: now, runs: [current] } });
    await settle(1_500);
    expect(host.querySelector('[role=progressbar]')).toBeNull();
    expect(host.querySelector('[role=status]')?.textContent).toBe('Backup complete: 200 MB sent.');
    // The state is looked at again, and the history shows the finished run.
    expect(calls.filter((c) => c === 'GET /hearth/backups').length).toBe(statusCalls + 1);
    expect(host.querySelector('table')?.textContent).toContain('20261121-120000');
    expect(button().textContent).toBe('Back up now');

    const after = runCalls();
    await settle(10_000);
    expect(runCalls()).toBe(after);
  });

  it('picks up a backup already running when opened, and stops asking once the section is left', async () => {
    const running = run({ reason: 'scheduled', phase: 'snapshot', total_files: 1 });
    answers['GET /hearth/backups'] = () => ({ status: 200, body: { ...idle, running: true, runs: [running] } });
    answers[`GET /hearth/backups/${running.id}`] = () => ({ status: 200, body: running });
    await show();
    expect(host.querySelector('[role=progressbar]')?.getAttribute('aria-valuetext')).toBe('Step 1 of 4: Copying the database');
    await settle(3_000);
    const asked = runCalls();
    expect(asked).toBeGreaterThanOrEqual(2);

    act(() => render(null, host));
    await settle(10_000);
    expect(runCalls()).toBe(asked);
  });

  it("shows the server's reason when it refuses to start a backup", async () => {
    await show();
    answers['POST /hearth/backups'] = () => ({
      status: 400,
      body: { id: 'api.hearth.backups.running.app_error', message: 'A backup is running already; wait for it to finish.', status_code: 400 },
    });
    act(() => button().click());
    await settle();
    expect(host.querySelector('[role=alert]')?.textContent).toBe('A backup is running already; wait for it to finish.');
  });

  it('looks at the state again every 30 s while nothing runs', async () => {
    await show();
    const statusCalls = () => calls.filter((c) => c === 'GET /hearth/backups').length;
    expect(statusCalls()).toBe(1);
    await settle(30_000);
    expect(statusCalls()).toBe(2);
  });
});
