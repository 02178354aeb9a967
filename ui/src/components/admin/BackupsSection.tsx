// Backups: how the server's backups are doing, "Back up now" with the run's live progress, and
// the history of runs. A running backup (from here, the nightly job or the command line) is
// followed by asking the server about it every 1.5 s until it ends; otherwise the state is looked
// at again every 30 s. Leaving the section stops both. Settings are not changed here: they live
// in config.json or Hearth Manager.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { messageOf } from '../auth/forms';
import { Status, type StatusValue } from '../common/Status';
import { useAction } from '../common/useAction';
import { formatBytes } from '../settings/format';
import { BACKUP_PAGE_SIZE, type BackupRun, type BackupStatus, getBackupRun, getBackups, startBackup } from './api';
import { BackupHistory } from './BackupHistory';
import { BackupProgress } from './BackupProgress';
import { BackupFacts, BackupHeadline, BackupWarnings } from './BackupSummary';
import { backupWarnings, healthOf, runningRun, unionRuns } from './backups';
import { poll } from './poll';
import './table.css';
import './backups.css';

/** How often a running backup is asked about; the server records progress every 2 s. */
const RUN_POLL_MS = 1_500;
/** How often the state is looked at again while no backup is followed. */
const IDLE_POLL_MS = 30_000;

/** The line that says where settings are changed and how a backup is restored. */
function SettingsNote() {
  return (
    <p class="form-note muted backup-note">
      Backups are set up in <code>config.json</code> under <code>BackupSettings</code> (<code>Enable</code>, <code>Target</code>, <code>Time</code>,{' '}
      <code>KeepDaily</code>/<code>KeepWeekly</code>/<code>KeepMonthly</code>, <code>EncryptionPassphrase</code>) or with Hearth Manager. To restore one,
      run <code class="backup-command">hearth backup restore &lt;backup id&gt;</code> on the server.
    </p>
  );
}

/** What the admin is told when a followed run ends (a run that ran ends succeeded or failed). */
function outcomeOf(run: BackupRun): StatusValue {
  if (run.status === 'succeeded') return { ok: true, text: `Backup complete: ${formatBytes(run.sent_bytes)} sent.` };
  return { ok: false, text: `The backup failed: ${run.error || 'the server gave no reason.'}` };
}

export function BackupsSection() {
  const status = useSignal<BackupStatus | null>(null);
  /** The history so far: the first page, and older pages as they are asked for. */
  const runs = useSignal<BackupRun[]>([]);
  const pages = useSignal(1);
  const moreToLoad = useSignal(false);
  /** The run being followed while it runs. */
  const active = useSignal<BackupRun | null>(null);
  const loadError = useSignal('');
  const pollError = useSignal('');
  const action = useAction();
  const older = useAction();

  function show(next: BackupStatus) {
    status.value = next;
    runs.value = unionRuns(next.runs, runs.value);
    if (pages.value === 1) moreToLoad.value = next.runs.length === BACKUP_PAGE_SIZE;
    active.value = runningRun(next.runs) ?? null;
    loadError.value = '';
  }

  const refresh = () => void getBackups().then(show, (err) => (loadError.value = messageOf(err)));

  async function loadOlder() {
    await older.run(async () => {
      const page = (await getBackups(pages.value)).runs;
      runs.value = unionRuns(runs.value, page);
      pages.value++;
      moreToLoad.value = page.length === BACKUP_PAGE_SIZE;
    });
  }

  const activeId = active.value?.id;
  const s = status.value;
  /** The backup lock is held but no run is listed (a verify on the server, say). */
  const lockedElsewhere = !!s?.running && !activeId;

  // While no backup is followed: the state now, then again every 30 s, so a nightly or
  // command-line backup shows up, a held lock is seen released, and "3 hours ago" stays true.
  useEffect(() => {
    if (activeId) return;
    return poll(getBackups, (next) => (show(next), !runningRun(next.runs)), { intervalMs: IDLE_POLL_MS, onError: (err) => (loadError.value = messageOf(err)) });
  }, [activeId]);

  // Follow the running backup until it ends; then say how it ended, and the state poll above
  // starts again with a fresh look.
  useEffect(() => {
    if (!activeId) return;
    return poll(
      () => getBackupRun(activeId),
      (run) => {
        pollError.value = '';
        runs.value = runs.value.map((r) => (r.id === run.id ? run : r));
        if (run.status === 'running') {
          active.value = run;
          return true;
        }
        action.status.value = outcomeOf(run);
        active.value = null;
        return false;
      },
      { intervalMs: RUN_POLL_MS, onError: (err) => (pollError.value = `Cannot follow the backup right now: ${messageOf(err)}`) },
    );
  }, [activeId]);

  async function backUpNow() {
    const started = await action.run(async () => {
      const run = await startBackup();
      runs.value = [run, ...runs.value];
      active.value = run;
    });
    // Refused (one is running already, or no target): show what the server knows now.
    if (!started) refresh();
  }

  if (!s) {
    return loadError.value ? (
      <p class="error" role="alert">
        {loadError.value}
      </p>
    ) : (
      <p class="muted">Loading…</p>
    );
  }
  const warnings = backupWarnings(s);
  const health = healthOf(warnings);
  const unavailable = action.busy.value || !!active.value || s.running || !s.target;
  return (
    <section class="admin-section backups">
      <div class={`backup-summary backup-summary-${health}`}>
        <BackupHeadline status={s} health={health}>
          {/* aria-disabled, not disabled: a disabled button drops the keyboard focus for the
              whole run, and it should stay where the admin left it. */}
          <button
            class="btn btn-primary"
            type="button"
            aria-disabled={unavailable}
            onClick={() => {
              if (!unavailable) void backUpNow();
            }}
          >
            {active.value || s.running ? 'Backing up…' : 'Back up now'}
          </button>
        </BackupHeadline>
        {active.value && <BackupProgress run={active.value} />}
        {lockedElsewhere && <p class="muted">The server is busy with a backup task started elsewhere (for example a verify). "Back up now" is possible again once it ends.</p>}
        {pollError.value && <p class="error">{pollError.value}</p>}
        <Status value={action.status.value} />
        <BackupWarnings warnings={warnings} />
        <BackupFacts status={s} />
      </div>
      <SettingsNote />
      <h2 class="backup-history-title">History</h2>
      {loadError.value && (
        <p class="error" role="alert">
          {loadError.value}
        </p>
      )}
      <BackupHistory runs={runs.value} />
      {moreToLoad.value && (
        <div class="admin-pager">
          <button class="btn" type="button" disabled={older.busy.value} onClick={() => void loadOlder()}>
            Show older runs
          </button>
        </div>
      )}
      <Status value={older.status.value} />
    </section>
  );
}
