import { describe, expect, it } from 'vitest';

import { dateTime } from '../settings/format';
import type { BackupRun, BackupStatus } from './api';
import { STALE_AFTER_MS, backupWarnings, headline, healthOf, latestFinished, progressOf, rowOf, runningRun, scheduleText, unionRuns } from './backups';

const now = Date.UTC(2026, 10, 21, 12, 0, 0);
const HOUR = 3_600_000;

function run(change: Partial<BackupRun> = {}): BackupRun {
  return {
    id: 'r'.repeat(26),
    reason: 'scheduled',
    status: 'succeeded',
    started_at: now - 10 * HOUR,
    finished_at: now - 10 * HOUR + 90_000,
    backup_id: '20261121-020000',
    phase: '',
    done_bytes: 0,
    total_bytes: 0,
    done_files: 0,
    total_files: 0,
    files: 1204,
    files_bytes: 3.2 * 1024 ** 3,
    archive_bytes: 0,
    sent_files: 14,
    sent_bytes: 120 * 1024 ** 2,
    error: '',
    ...change,
  };
}

function status(change: Partial<BackupStatus> = {}): BackupStatus {
  return {
    enabled: true,
    target: 'sftp://backup@nas:22/srv/hearth',
    time: '02:00',
    time_zone: 'Europe/Berlin',
    encrypted: true,
    next_run_at: now + 14 * HOUR,
    last_success_at: now - 10 * HOUR,
    running: false,
    runs: [run()],
    ...change,
  };
}

const texts = (s: BackupStatus) => backupWarnings(s, now).map((w) => w.text);

describe('backupWarnings', () => {
  it('has nothing to say when nightly backups are on and the last one worked today', () => {
    const s = status();
    expect(backupWarnings(s, now)).toEqual([]);
    expect(healthOf([])).toBe('ok');
    expect(headline(s, 'ok')).toBe('Backups are working');
  });

  it('says when backups are not set up at all, once', () => {
    const s = status({ target: '', enabled: false, last_success_at: 0, runs: [] });
    expect(texts(s)).toEqual(['There is no target to send backups to: set BackupSettings.Target (see below).']);
    expect(headline(s, healthOf(backupWarnings(s, now)))).toBe('Backups are not set up');
  });

  it('warns when nightly backups are off, and that no backup exists yet', () => {
    const warnings = backupWarnings(status({ enabled: false, next_run_at: 0, last_success_at: 0, runs: [] }), now);
    expect(warnings.map((w) => [w.level, w.text])).toEqual([
      ['danger', 'No backup has been made yet.'],
      ['warn', 'Nightly backups are off. A backup is made only when someone presses "Back up now".'],
    ]);
    expect(healthOf(warnings)).toBe('danger');
  });

  it('calls a last success older than 26 hours stale, and not one just inside', () => {
    expect(texts(status({ last_success_at: now - STALE_AFTER_MS + 60_000 }))).toEqual([]);
    const last = now - STALE_AFTER_MS - 60_000;
    expect(texts(status({ last_success_at: last }))).toEqual([`No backup has succeeded since ${dateTime(last)}.`]);
  });

  it('passes on the reason the newest finished run failed', () => {
    const failed = run({ status: 'failed', error: 'The target cannot be reached: connection refused.' });
    const warnings = backupWarnings(status({ runs: [failed, run()] }), now);
    expect(warnings).toEqual([{ level: 'danger', text: 'The latest backup failed.', detail: 'The target cannot be reached: connection refused.' }]);
  });

  it('looks past a running backup to the one before it', () => {
    const s = status({ running: true, runs: [run({ status: 'running', finished_at: 0 }), run({ status: 'failed', error: 'disk full' })] });
    expect(texts(s)).toEqual(['The latest backup failed.']);
    expect(texts(status({ runs: [run({ status: 'running' }), run()] }))).toEqual([]);
  });

  it('forgets an old failure once a later backup worked', () => {
    expect(texts(status({ runs: [run(), run({ status: 'failed', error: 'x' })] }))).toEqual([]);
  });

  it('reports a missed night as a warning, and a pruning problem of a good backup', () => {
    const missed = backupWarnings(status({ runs: [run({ status: 'missed', reason: 'missed', error: 'The server was not running.' })] }), now);
    expect(missed).toEqual([{ level: 'warn', text: 'The latest nightly backup was missed.', detail: 'The server was not running.' }]);
    expect(healthOf(missed)).toBe('warn');
    expect(headline(status(), 'warn')).toBe('Backups need attention');
    const pruning = 'The backup is complete, but removing old backups failed: permission denied';
    expect(backupWarnings(status({ runs: [run({ error: pruning })] }), now)).toEqual([{ level: 'warn', text: 'The latest backup is complete, with a problem.', detail: pruning }]);
  });
});

describe('runs', () => {
  it('finds the running one and the newest finished one', () => {
    const running = run({ id: 'a', status: 'running' });
    const done = run({ id: 'b' });
    expect(runningRun([running, done])?.id).toBe('a');
    expect(latestFinished([running, done])?.id).toBe('b');
    expect(runningRun([done])).toBeUndefined();
    expect(latestFinished([])).toBeUndefined();
  });

  it('lays a fresh first page over the history shown, keeping older pages and fresh states', () => {
    const shown = [run({ id: 'b', status: 'running' }), run({ id: 'a' })];
    const fresh = [run({ id: 'c', reason: 'command_line' }), run({ id: 'b', status: 'failed' })];
    const merged = unionRuns(fresh, shown);
    expect(merged.map((r) => [r.id, r.status])).toEqual([
      ['c', 'succeeded'],
      ['b', 'failed'],
      ['a', 'succeeded'],
    ]);
    expect(unionRuns(merged, [run({ id: 'a' }), run({ id: 'z' })]).map((r) => r.id)).toEqual(['c', 'b', 'a', 'z']);
  });

  it('describes the schedule in the server time zone, or off', () => {
    expect(scheduleText(status())).toBe('Every night at 02:00 (Europe/Berlin)');
    expect(scheduleText(status({ enabled: false }))).toBe('Off');
  });

  it('shows what a good backup holds, what it sent and how long it took', () => {
    expect(rowOf(run())).toEqual({ contents: '1,204 files, 3.2 GB', sent: '120 MB, 14 new files', duration: '1 min 30 s' });
    expect(rowOf(run({ files: 1, files_bytes: 2048, sent_files: 0, sent_bytes: 9779 })).sent).toBe('9.5 KB, no new files');
    expect(rowOf(run({ files: 1, files_bytes: 2048 })).contents).toBe('1 file, 2 KB');
    expect(rowOf(run({ files: 1, files_bytes: 2048, archive_bytes: 1024 })).contents).toBe('1 file, 3 KB');
  });

  it('shows only the duration of a failed run, and nothing for missed or running ones', () => {
    expect(rowOf(run({ status: 'failed', finished_at: now - 10 * HOUR + 4_000 }))).toEqual({ contents: '', sent: '', duration: '4 s' });
    expect(rowOf(run({ status: 'missed', reason: 'missed' }))).toEqual({ contents: '', sent: '', duration: '' });
    expect(rowOf(run({ status: 'running', finished_at: 0 }))).toEqual({ contents: '', sent: '', duration: '' });
  });
});

describe('progressOf', () => {
  const blank = { phase: '' as const, done_bytes: 0, total_bytes: 0, done_files: 0, total_files: 0 };

  it('says starting before the first stage reports', () => {
    expect(progressOf(blank)).toEqual({ label: 'Starting', percent: null, detail: '' });
  });

  it('shows a busy bar while the database is copied', () => {
    expect(progressOf({ ...blank, phase: 'snapshot', total_files: 1 })).toEqual({ label: 'Step 1 of 4: Copying the database', percent: null, detail: '' });
  });

  it('measures checking and sending by bytes, and counts files too', () => {
    const scan = progressOf({ phase: 'scan', done_bytes: 50 * 1024 ** 2, total_bytes: 200 * 1024 ** 2, done_files: 3, total_files: 40 });
    expect(scan).toEqual({ label: 'Step 2 of 4: Checking files', percent: 25, detail: '50 MB of 200 MB · 3 of 40 files' });
    const upload = progressOf({ phase: 'upload', done_bytes: 3.39 * 1024 ** 3, total_bytes: 3.4 * 1024 ** 3, done_files: 1_499, total_files: 1_500 });
    expect(upload.label).toBe('Step 3 of 4: Sending');
    // Floored: 100% only once everything is sent.
    expect(upload.percent).toBe(99);
    expect(upload.detail).toBe('3.4 GB of 3.4 GB · 1,499 of 1,500 files');
  });

  it('measures removing old backups by their number', () => {
    expect(progressOf({ phase: 'prune', done_bytes: 0, total_bytes: 0, done_files: 1, total_files: 4 })).toEqual({
      label: 'Step 4 of 4: Removing old backups',
      percent: 25,
      detail: '1 of 4 old backups',
    });
  });

  it('has no percentage when a stage has nothing to do', () => {
    expect(progressOf({ ...blank, phase: 'scan' })).toEqual({ label: 'Step 2 of 4: Checking files', percent: null, detail: '' });
  });

  it('never shows more than 100%', () => {
    expect(progressOf({ phase: 'upload', done_bytes: 5_000, total_bytes: 4_000, done_files: 0, total_files: 1 }).percent).toBe(100);
  });
});
