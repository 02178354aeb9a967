// The only door to Hearth Manager's Rust side: one typed function per Tauri command. Pages call
// these, never `invoke`, so the command names and argument names live in one place and tests
// replace this module with `vi.mock`. A refused command rejects with a `CommandError`, an Error
// whose message is the Rust side's sentence (so shared helpers such as `useAction` show it).

import { Channel, invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';

import type {
  Answers,
  AnswersCheck,
  ApplyDone,
  ApplyMessage,
  BackupTest,
  DnsCheck,
  MachineCheck,
  ServerStatus,
  UpdateCheck,
} from './types';

/** What a command says when it fails: the sentence, the answer field it is about (for the
 * wizard to show beside that field), what to do, and for the install, the step that failed. */
export class CommandError extends Error {
  readonly field: string | undefined;
  readonly fix: string | undefined;
  readonly step: string | undefined;

  constructor(message: string, detail: { field?: string; fix?: string; step?: string } = {}) {
    super(message);
    this.name = 'CommandError';
    this.field = detail.field;
    this.fix = detail.fix;
    this.step = detail.step;
  }
}

/** Tauri rejects with whatever the command's error serialised to: `{ message, field?, fix?,
 * step? }` here, or a bare string from Tauri itself (an unknown command, a bad argument). */
export function toCommandError(raw: unknown): CommandError {
  if (raw instanceof CommandError) return raw;
  if (raw && typeof raw === 'object' && typeof (raw as { message?: unknown }).message === 'string') {
    const { message, field, fix, step } = raw as Record<string, unknown>;
    const text = (value: unknown) => (typeof value === 'string' && value ? value : undefined);
    return new CommandError(message as string, { field: text(field), fix: text(fix), step: text(step) });
  }
  return new CommandError(typeof raw === 'string' ? raw : 'Hearth Manager could not do that.');
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toCommandError(err);
  }
}

export const machineCheck = () => call<MachineCheck>('machine_check');
export const checkAnswers = (answers: Answers) => call<AnswersCheck>('check_answers', { answers });
export const checkDns = (domain: string) => call<DnsCheck>('check_dns', { domain });
export const testBackup = (answers: Answers) => call<BackupTest>('test_backup', { answers });

/** Installs Hearth as `answers` say; every progress event and log line goes to `onMessage` as
 * it happens. Rejects with the failed step, its message and the fix. */
export function apply(answers: Answers, onMessage: (message: ApplyMessage) => void): Promise<ApplyDone> {
  const events = new Channel<ApplyMessage>(onMessage);
  return call<ApplyDone>('apply', { answers, events });
}

/** Saves the local CA's root certificate where the admin can find it; returns the path. */
export const saveCaRoot = () => call<string>('save_ca_root');
/** Ends the wizard: the app switches to the status window. */
export const finish = () => call<void>('finish');

export const status = () => call<ServerStatus>('status');
export const service = (action: 'start' | 'stop' | 'restart') => call<string>('service', { action });
export const backUpNow = () => call<string>('back_up_now');
export const checkUpdate = () => call<UpdateCheck>('check_update');
export const installUpdate = () => call<string>('install_update');
export const open = (what: 'hearth' | 'admin') => call<void>('open_page', { what });

/** Calls `handler` when the tray's "Check for updates…" is chosen, also when that happened just
 * before this window opened; resolves to the function that stops listening. */
export async function onCheckUpdateRequest(handler: () => void): Promise<() => void> {
  const whenAsked = async () => {
    // Taking the request makes sure one choice in the tray is one check.
    if (await call<boolean>('take_update_request')) handler();
  };
  const unlisten = await listen('check-update', () => void whenAsked());
  await whenAsked();
  return unlisten;
}
