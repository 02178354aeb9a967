// A running backup's progress: its stage in words, how long it has been running, a bar for the
// stage (a moving stripe when the stage cannot be measured), and the bytes and files done. It is
// drawn again with each answer about the run, which also moves the running time on.

import { formatDuration } from '../settings/format';
import type { BackupRun } from './api';
import { progressOf } from './backups';

export function BackupProgress({ run }: { run: BackupRun }) {
  const { label, percent, detail } = progressOf(run);
  const measured = percent !== null;
  return (
    <div class="backup-progress">
      <p class="backup-progress-label">
        <span>
          <strong>{label}</strong>
          {measured && <span class="muted"> · {percent}%</span>}
        </span>
        <span class="muted">Running for {formatDuration(Math.max(0, Date.now() - run.started_at))}</span>
      </p>
      <div
        class={`backup-bar${measured ? '' : ' backup-bar-busy'}`}
        role="progressbar"
        aria-label="Backup progress"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={measured ? percent : undefined}
        aria-valuetext={[label, detail].filter(Boolean).join(', ')}
      >
        <div class="backup-bar-fill" style={measured ? { width: `${percent}%` } : undefined} />
      </div>
      {detail && <p class="backup-progress-detail muted">{detail}</p>}
    </div>
  );
}
