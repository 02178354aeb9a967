// The status window: Hearth's health asked every 5 s (overall as a coloured dot and a sentence,
// then the server, certificate, storage and backup each with its level and message, who is
// connected, the version, and recent log lines), and the admin's actions. Every action says how
// it went under the buttons; start, stop, restart and "Back up now" also look at the health again
// at once.

import { useSignal } from '@preact/signals';
import { useEffect } from 'preact/hooks';

import { poll } from '../../components/admin/poll';
import { Status } from '../../components/common/Status';
import { useAction } from '../../components/common/useAction';
import * as commands from '../commands';
import { LevelIcon } from '../LevelIcon';
import { LogLines } from '../LogLines';
import type { Check, Level, ServerStatus } from '../types';
import { UpdateButton } from './UpdateButton';
import './status.css';

export const STATUS_POLL_MS = 5_000;

const OVERALL: Record<Level, string> = {
  ok: 'Hearth is running well.',
  warning: 'Hearth is running, but something needs a look.',
  problem: 'Hearth needs your attention.',
};

const CHECKS = [
  ['server', 'Server'],
  ['certificate', 'Certificate'],
  ['storage', 'Storage'],
  ['backup', 'Backups'],
] as const;

function CheckRow({ name, label, check }: { name: string; label: string; check: Check }) {
  return (
    <li class="status-row" data-check={name} data-level={check.level}>
      <LevelIcon level={check.level} />
      <span class="status-label">{label}</span>
      <span class="status-message">{check.message}</span>
    </li>
  );
}

function activityText(people: ServerStatus['people_online']): string {
  if (people === null) return 'Not known: the database cannot be read.';
  return `${people} ${people === 1 ? 'person' : 'people'} online`;
}

export function StatusView() {
  const current = useSignal<ServerStatus | null>(null);
  const loadError = useSignal('');
  const action = useAction();

  const show = (next: ServerStatus) => {
    current.value = next;
    loadError.value = '';
  };
  const failed = (err: unknown) => (loadError.value = (err as Error).message);

  useEffect(() => poll(commands.status, (next) => (show(next), true), { intervalMs: STATUS_POLL_MS, onError: failed }), []);

  /** Runs an action and shows what it said; `recheck` looks at the health again after it. */
  async function act(work: () => Promise<string | void>, recheck = false) {
    let said: string | void = '';
    const ok = await action.run(async () => (said = await work()));
    if (ok && said) action.status.value = { ok: true, text: said };
    if (recheck) commands.status().then(show, failed);
  }

  const s = current.value;
  return (
    <main class="status-view" data-page="status">
      <header class="status-head">
        {s ? (
          <h1 class={`status-overall status-${s.overall}`}>
            <span class="status-dot" aria-hidden="true" />
            {OVERALL[s.overall]}
          </h1>
        ) : (
          <h1 class="status-overall">Hearth Manager</h1>
        )}
        {s && (
          <p class="muted status-address">
            {s.address} · version {s.version}
          </p>
        )}
      </header>
      {loadError.value && (
        <p class="error" role="alert">
          Cannot get Hearth's status: {loadError.value}
        </p>
      )}
      {!s && !loadError.value && <p class="muted">Looking at Hearth…</p>}
      {s && (
        <ul class="status-rows">
          {CHECKS.map(([name, label]) => (
            <CheckRow key={name} name={name} label={label} check={s[name]} />
          ))}
          <li class="status-row" data-check="activity">
            <span class="status-icon-space" aria-hidden="true" />
            <span class="status-label">People</span>
            <span class="status-message">{activityText(s.people_online)}</span>
          </li>
          <li class="status-row" data-check="version">
            <span class="status-icon-space" aria-hidden="true" />
            <span class="status-label">Version</span>
            <span class="status-message">{s.version}</span>
          </li>
        </ul>
      )}
      <div class="status-actions">
        <div class="status-action-group" role="group" aria-label="Open">
          <button type="button" class="btn btn-primary" data-action="open-hearth" onClick={() => void act(() => commands.open('hearth'))}>
            Open Hearth
          </button>
          <button type="button" class="btn" data-action="open-admin" onClick={() => void act(() => commands.open('admin'))}>
            Admin console
          </button>
        </div>
        <div class="status-action-group" role="group" aria-label="Server">
          <button type="button" class="btn" data-action="start" disabled={action.busy.value} onClick={() => void act(() => commands.service('start'), true)}>
            Start
          </button>
          <button type="button" class="btn" data-action="stop" disabled={action.busy.value} onClick={() => void act(() => commands.service('stop'), true)}>
            Stop
          </button>
          <button type="button" class="btn" data-action="restart" disabled={action.busy.value} onClick={() => void act(() => commands.service('restart'), true)}>
            Restart
          </button>
        </div>
        <div class="status-action-group" role="group" aria-label="Upkeep">
          <button type="button" class="btn" data-action="back-up-now" disabled={action.busy.value} onClick={() => void act(commands.backUpNow, true)}>
            Back up now
          </button>
          <UpdateButton action={action} />
        </div>
      </div>
      <Status value={action.status.value} />
      <section class="status-log" aria-labelledby="status-log-title">
        <h2 id="status-log-title">Recent log</h2>
        <LogLines lines={s?.log ?? []} label="Recent log lines" />
      </section>
    </main>
  );
}
