// The top of the Backups section: whether backups are working, what needs attention and why, the
// settings in force (schedule, target, encryption), when the last good backup was and when the
// next is due. Relative times carry the exact time beside them, for those who want it.

import type { ComponentChildren } from 'preact';

import { dateTime, relativeTime } from '../settings/format';
import type { BackupStatus } from './api';
import { type BackupHealth, type BackupWarning, headline, scheduleText } from './backups';

/** "3 hours ago" with the exact time after it, or `none` when there is no time. */
function When({ ms, none }: { ms: number; none: string }) {
  if (!ms) return <span class="muted">{none}</span>;
  const exact = dateTime(ms);
  return (
    <time dateTime={new Date(ms).toISOString()} title={exact}>
      {relativeTime(ms)} <span class="muted">· {exact}</span>
    </time>
  );
}

function Fact({ term, children }: { term: string; children: ComponentChildren }) {
  return (
    <div class="backup-fact">
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  );
}

export function BackupWarnings({ warnings }: { warnings: BackupWarning[] }) {
  if (!warnings.length) return null;
  return (
    <ul class="backup-warnings">
      {warnings.map((w) => (
        <li key={w.text} class={`backup-warning backup-warning-${w.level}`}>
          <strong>{w.text}</strong>
          {w.detail && <span class="backup-warning-detail">{w.detail}</span>}
        </li>
      ))}
    </ul>
  );
}

export function BackupHeadline({ status, health, children }: { status: BackupStatus; health: BackupHealth; children: ComponentChildren }) {
  return (
    <div class="backup-head">
      <h2 class="backup-headline">
        <span class={`backup-dot backup-dot-${health}`} aria-hidden="true" />
        {headline(status, health)}
      </h2>
      {children}
    </div>
  );
}

export function BackupFacts({ status }: { status: BackupStatus }) {
  return (
    <dl class="backup-facts">
      <Fact term="Nightly backup">{scheduleText(status)}</Fact>
      <Fact term="Target">{status.target ? <code class="backup-target">{status.target}</code> : <span class="muted">Not set</span>}</Fact>
      <Fact term="Encryption">{status.encrypted ? 'Encrypted with a passphrase' : 'Not encrypted'}</Fact>
      <Fact term="Last successful backup">
        <When ms={status.last_success_at} none="Never" />
      </Fact>
      <Fact term="Next backup">
        <When ms={status.next_run_at} none={status.enabled ? 'Not scheduled' : 'None'} />
      </Fact>
    </dl>
  );
}
