// The wizard's answers while the admin edits them: the installer's `Answers`, plus what only the
// pages need (the password typed twice, which kind of backup target is chosen and what was typed
// for each kind, whether the team's URL name was typed or still follows the team's name). Every
// change makes a new draft, so a signal holding it redraws the pages.

import { slugify } from '../../components/auth/forms';
import type { Answers } from '../types';

export type BackupKind = 'none' | 'sftp' | 'disk';

export interface Draft {
  answers: Answers;
  passwordConfirm: string;
  backupKind: BackupKind;
  /** What was typed for each kind, so switching kinds back and forth loses nothing. */
  backupTargets: Record<Exclude<BackupKind, 'none'>, string>;
  /** The team's URL name was typed; until then it is suggested from the team's name. */
  teamNameTyped: boolean;
}

/** The kind of backup target a saved target string is. */
export function backupKindOf(target: string): BackupKind {
  const trimmed = target.trim();
  if (!trimmed) return 'none';
  return trimmed.startsWith('sftp://') ? 'sftp' : 'disk';
}

/** A draft from the answers the machine check returned (saved ones, or the defaults). */
export function draftFrom(answers: Answers): Draft {
  const kind = backupKindOf(answers.backup.target);
  return {
    answers: { ...answers, admin: { ...answers.admin, password: answers.admin.password ?? '' } },
    passwordConfirm: '',
    backupKind: kind,
    backupTargets: { sftp: kind === 'sftp' ? answers.backup.target : '', disk: kind === 'disk' ? answers.backup.target : '' },
    teamNameTyped: answers.team.name !== slugify(answers.team.display_name),
  };
}

export type FieldValue = string | number | boolean;

/** The value at a dotted path of the answers: `address.port`. */
export function fieldValue(answers: Answers, path: string): FieldValue | undefined {
  let node: unknown = answers;
  for (const key of path.split('.')) node = node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === 'string' || typeof node === 'number' || typeof node === 'boolean' ? node : undefined;
}

/** The answers with the value at a dotted path replaced; the objects on the way are copied. */
export function withField(answers: Answers, path: string, value: FieldValue): Answers {
  const [key = '', ...rest] = path.split('.');
  const record = answers as unknown as Record<string, unknown>;
  if (!rest.length) return { ...record, [key]: value } as unknown as Answers;
  const inner = record[key];
  if (!inner || typeof inner !== 'object') throw new Error(`no answer field ${path}`);
  return { ...record, [key]: withField(inner as Answers, rest.join('.'), value) } as unknown as Answers;
}

/** The draft after the admin changed one field. The team's URL name follows the team's name
 * until it is typed itself (and again once it is cleared); the backup target is remembered for
 * the kind chosen. */
export function edit(draft: Draft, path: string, value: FieldValue): Draft {
  if (path === 'admin.password_confirm') return { ...draft, passwordConfirm: String(value) };
  let answers = withField(draft.answers, path, value);
  let { teamNameTyped, backupTargets } = draft;
  if (path === 'team.name') teamNameTyped = value !== '';
  if (path === 'team.display_name' && !teamNameTyped) answers = withField(answers, 'team.name', slugify(String(value)));
  if (path === 'backup.target' && draft.backupKind !== 'none') backupTargets = { ...backupTargets, [draft.backupKind]: String(value) };
  return { ...draft, answers, teamNameTyped, backupTargets };
}

/** The draft with another kind of backup target: its target is what was typed for that kind. */
export function withBackupKind(draft: Draft, kind: BackupKind): Draft {
  const target = kind === 'none' ? '' : draft.backupTargets[kind];
  return { ...draft, backupKind: kind, answers: withField(draft.answers, 'backup.target', target) };
}

/** Checks only the page can make, before asking the Rust side about the rest: the password typed
 * twice, ports that fit in 16 bits, and a target of the kind chosen (an empty target would mean "no backups" to the
 * installer, and a path would be taken for a disk). Returns field -> message. */
export function pageProblems(draft: Draft, page: string, needsPassword: boolean): Record<string, string> {
  const problems: Record<string, string> = {};
  if (page === 'admin' && needsPassword && draft.answers.admin.password !== draft.passwordConfirm) {
    problems['admin.password_confirm'] = 'The two passwords are not the same.';
  }
  if (page === 'address') {
    // The installer takes ports as 16-bit numbers: a bigger one would not even reach its checks.
    for (const field of ['address.port', 'address.redirect_port'] as const) {
      if (Number(fieldValue(draft.answers, field)) > 65535) problems[field] = 'Use a port number from 1 to 65535.';
    }
  }
  if (page === 'backup') {
    const target = draft.answers.backup.target.trim();
    if (draft.backupKind === 'sftp' && !/^sftp:\/\/[^@/\s]+@[^/\s]+\/\S*/.test(target)) {
      problems['backup.target'] = 'Write the backup server as sftp://user@host/path, for example sftp://backup@nas.office.lan/hearth.';
    }
    if (draft.backupKind === 'disk' && !target.startsWith('/')) {
      problems['backup.target'] = 'Write the folder on the mounted disk as a full path, for example /mnt/backup/hearth.';
    }
  }
  return problems;
}
