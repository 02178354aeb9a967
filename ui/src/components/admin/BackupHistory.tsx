// The history of backup runs, newest first: when, why, how it ended, what the backup holds (and
// its id, which `hearth backup restore` takes), what was sent and how long it took. A run's error
// sits in a row of its own under it, where a whole sentence has room.

import { Fragment, type ComponentChildren } from 'preact';

import { dateTime, relativeTime } from '../settings/format';
import type { BackupRun } from './api';
import { REASON_LABELS, STATUS_LABELS, rowOf } from './backups';

function RunBadge({ run }: { run: BackupRun }) {
  return <span class={`backup-badge backup-badge-${run.status}`}>{STATUS_LABELS[run.status]}</span>;
}

/** A labelled cell; an empty one shows a dash in the table, and nothing on a phone's card. */
function Cell({ label, text, children }: { label: string; text: string; children?: ComponentChildren }) {
  if (!text) {
    return (
      <td data-label={label} class="backup-cell-empty">
        <span class="muted" aria-hidden="true">—</span>
        <span class="visually-hidden">none</span>
      </td>
    );
  }
  return (
    <td data-label={label}>
      {text}
      {children}
    </td>
  );
}

function RunRows({ run }: { run: BackupRun }) {
  const row = rowOf(run);
  // Only a failure is red: a missed night was caught up, and a good backup whose pruning failed
  // is still good.
  const errorLevel = run.status === 'failed' ? 'danger' : 'warn';
  return (
    <>
      <tr class={run.error ? 'backup-run-with-error' : ''}>
        <td class="admin-cell-name">
          <time dateTime={new Date(run.started_at).toISOString()} title={relativeTime(run.started_at)}>
            {dateTime(run.started_at)}
          </time>
          <span class="muted backup-reason">{REASON_LABELS[run.reason]}</span>
        </td>
        <td class="backup-cell-result">
          <RunBadge run={run} />
        </td>
        <Cell label="Backup" text={row.contents}>
          {run.backup_id && <code class="backup-id">{run.backup_id}</code>}
        </Cell>
        <Cell label="Sent" text={row.sent} />
        <Cell label="Took" text={row.duration} />
      </tr>
      {run.error && (
        <tr class="backup-error-row">
          <td colSpan={5}>
            <p class={`backup-error backup-error-${errorLevel}`}>{run.error}</p>
          </td>
        </tr>
      )}
    </>
  );
}

export function BackupHistory({ runs }: { runs: BackupRun[] }) {
  if (!runs.length) return <p class="muted">No backups yet. The first appears here once it starts.</p>;
  return (
    <table class="admin-table backup-table">
      <thead>
        <tr>
          <th scope="col">Started</th>
          <th scope="col">Result</th>
          <th scope="col">Backup</th>
          <th scope="col">Sent</th>
          <th scope="col">Took</th>
        </tr>
      </thead>
      <tbody>
        {runs.map((r) => (
          <Fragment key={r.id}>
            <RunRows run={r} />
          </Fragment>
        ))}
      </tbody>
    </table>
  );
}
