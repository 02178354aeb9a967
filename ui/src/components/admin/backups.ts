// What the Backups section says about the server's backups, worked out from what the server
// reports: whether they need the admin's attention and why, a running backup's progress in
// words, and each run of the history as people read it.

import { dateTime, formatBytes, formatDuration } from '../settings/format';
import type { BackupPhase, BackupReason, BackupRun, BackupRunStatus, BackupStatus } from './api';

const HOUR = 3_600_000;
/** Nightly backups leave at most a day between successes; past this one was missed or failed. */
export const STALE_AFTER_MS = 26 * HOUR;

export interface BackupWarning {
  level: 'warn' | 'danger';
  text: string;
  /** The server's own sentence about a run (what went wrong and what to do). */
  detail?: string;
}

export type BackupHealth = 'ok' | 'warn' | 'danger';

/** The newest run that has ended (so not a running one), if any. */
export function latestFinished(runs: BackupRun[]): BackupRun | undefined {
  return runs.find((r) => r.status !== 'running');
}

/** The run in progress, if the server lists one. */
export function runningRun(runs: BackupRun[]): BackupRun | undefined {
  return runs.find((r) => r.status === 'running');
}

/** The runs of `first`, then those of `then` it does not hold: a fresh first page over the history
 * shown (fresh states win, older pages stay), or an older page added below it. */
export function unionRuns(first: BackupRun[], then: BackupRun[]): BackupRun[] {
  const ids = new Set(first.map((r) => r.id));
  return [...first, ...then.filter((r) => !ids.has(r.id))];
}

/** Everything an admin should act on, the most serious first; empty when all is well. */
export function backupWarnings(status: BackupStatus, now = Date.now()): BackupWarning[] {
  const warnings: BackupWarning[] = [];
  if (!status.target) {
    warnings.push({ level: 'danger', text: 'There is no target to send backups to: set BackupSettings.Target (see below).' });
  } else if (!status.enabled) {
    warnings.push({ level: 'warn', text: 'Nightly backups are off. A backup is made only when someone presses "Back up now".' });
  }
  if (status.target && !status.last_success_at) {
    warnings.push({ level: 'danger', text: 'No backup has been made yet.' });
  } else if (status.last_success_at && now - status.last_success_at > STALE_AFTER_MS) {
    warnings.push({ level: 'danger', text: `No backup has succeeded since ${dateTime(status.last_success_at)}.` });
  }
  const latest = latestFinished(status.runs);
  if (latest?.status === 'failed') {
    warnings.push({ level: 'danger', text: 'The latest backup failed.', detail: latest.error });
  } else if (latest?.status === 'missed') {
    warnings.push({ level: 'warn', text: 'The latest nightly backup was missed.', detail: latest.error });
  } else if (latest?.status === 'succeeded' && latest.error) {
    warnings.push({ level: 'warn', text: 'The latest backup is complete, with a problem.', detail: latest.error });
  }
  return warnings.sort((a, b) => Number(b.level === 'danger') - Number(a.level === 'danger'));
}

export function healthOf(warnings: BackupWarning[]): BackupHealth {
  if (warnings.some((w) => w.level === 'danger')) return 'danger';
  return warnings.length ? 'warn' : 'ok';
}

/** The one line at the top of the section. */
export function headline(status: BackupStatus, health: BackupHealth): string {
  if (!status.target) return 'Backups are not set up';
  return health === 'ok' ? 'Backups are working' : 'Backups need attention';
}

/** When the nightly backup runs, in the server's time zone (which may not be the reader's). */
export function scheduleText(status: Pick<BackupStatus, 'enabled' | 'time' | 'time_zone'>): string {
  return status.enabled ? `Every night at ${status.time} (${status.time_zone})` : 'Off';
}

export const REASON_LABELS: Record<BackupReason, string> = {
  scheduled: 'Nightly',
  catch_up: 'Catch-up after downtime',
  manual: 'Back up now',
  command_line: 'Command line',
  missed: 'Nightly',
};

export const STATUS_LABELS: Record<BackupRunStatus, string> = {
  running: 'Running',
  succeeded: 'Succeeded',
  failed: 'Failed',
  missed: 'Missed',
};

/** The stages of a backup in the order they run, with the words the command line uses too. */
const PHASES: { id: Exclude<BackupPhase, ''>; label: string }[] = [
  { id: 'snapshot', label: 'Copying the database' },
  { id: 'scan', label: 'Checking files' },
  { id: 'upload', label: 'Sending' },
  { id: 'prune', label: 'Removing old backups' },
];

export interface RunProgress {
  /** "Step 2 of 4: Checking files", or "Starting" before the first stage reports. */
  label: string;
  /** 0-100 of the current stage; null when it cannot be measured (show a busy bar). */
  percent: number | null;
  /** Amounts done: "120 MB of 300 MB · 12 of 40 files"; '' when there is nothing to count. */
  detail: string;
}

function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString()} ${n === 1 ? one : many}`;
}

/** A running backup's progress as words and a percentage. Each stage counts from zero again. */
export function progressOf(run: Pick<BackupRun, 'phase' | 'done_bytes' | 'total_bytes' | 'done_files' | 'total_files'>): RunProgress {
  const index = PHASES.findIndex((p) => p.id === run.phase);
  if (index < 0) return { label: 'Starting', percent: null, detail: '' };
  const label = `Step ${index + 1} of ${PHASES.length}: ${PHASES[index]!.label}`;
  // The database copy reports only "0 of 1" until it is done: a busy bar says more than 0%.
  if (run.phase === 'snapshot') return { label, percent: null, detail: '' };
  const parts: string[] = [];
  if (run.total_bytes > 0) parts.push(`${formatBytes(run.done_bytes)} of ${formatBytes(run.total_bytes)}`);
  if (run.total_files > 0) {
    const of = run.phase === 'prune' ? count(run.total_files, 'old backup', 'old backups') : count(run.total_files, 'file', 'files');
    parts.push(`${run.done_files.toLocaleString()} of ${of}`);
  }
  const [done, total] = run.total_bytes > 0 ? [run.done_bytes, run.total_bytes] : [run.done_files, run.total_files];
  const percent = total > 0 ? Math.min(100, Math.max(0, Math.floor((100 * done) / total))) : null;
  return { label, percent, detail: parts.join(' · ') };
}

/** A finished run as the history table shows it; '' where a column does not apply. */
export interface RunRow {
  /** What the backup holds: "1,204 files, 3.2 GB". */
  contents: string;
  /** What this run sent, the database archive included: "120 MB, 14 new files". */
  sent: string;
  duration: string;
}

export function rowOf(run: BackupRun): RunRow {
  // A missed run "started" at the time it was due and never ran; a running one is still going.
  const timed = run.status === 'succeeded' || run.status === 'failed';
  const duration = timed && run.finished_at >= run.started_at ? formatDuration(run.finished_at - run.started_at) : '';
  if (run.status !== 'succeeded') return { contents: '', sent: '', duration };
  return {
    contents: `${count(run.files, 'file', 'files')}, ${formatBytes(run.files_bytes + run.archive_bytes)}`,
    sent: `${formatBytes(run.sent_bytes)}, ${run.sent_files ? count(run.sent_files, 'new file', 'new files') : 'no new files'}`,
    duration,
  };
}
