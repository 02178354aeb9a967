// The wizard's state and moves: the page shown, the draft answers, each field's error, the
// machine check, the latest advice and plan, and the install. Next checks the page it leaves
// (the page's own checks, then the installer's through `checkAnswers`, keeping the errors of
// this page's fields) and moves on only when nothing is wrong; Back never checks. The pages draw
// from these signals and call these moves; pages call a command themselves only where it changes
// no answer (the DNS check, the backup test, saving the CA root, opening Hearth).

import { batch, signal } from '@preact/signals';

import * as commands from '../commands';
import { CommandError } from '../commands';
import type { ApplyDone, MachineCheck, PlannedStep, Recommendation } from '../types';
import { type ApplyProgress, startProgress, takeMessage } from './progress';
import { type BackupKind, type Draft, draftFrom, edit, type FieldValue, pageProblems, withBackupKind } from './draft';
import { neighbour, type PageName, pageOfField } from './pages';

export type Wizard = ReturnType<typeof createWizard>;

export function createWizard() {
  const page = signal<PageName>('welcome');
  const draft = signal<Draft | null>(null);
  /** Field -> the message to show under it. */
  const errors = signal<Record<string, string>>({});
  /** What went wrong that belongs to no field: a command that failed. */
  const pageError = signal('');
  const busy = signal(false);
  /** Counts the times Next or Install found errors, so the frame can move focus to the first one
   * once they are drawn. */
  const refusals = signal(0);
  const machine = signal<MachineCheck | null>(null);
  const machineError = signal('');
  const checking = signal(false);
  const recommendations = signal<Recommendation[]>([]);
  const plan = signal<PlannedStep[]>([]);
  const progress = signal<ApplyProgress>(startProgress());
  const done = signal<ApplyDone | null>(null);

  /** Runs the machine check. The first one also brings the answers to start from; a later
   * one ("Check again") keeps what the admin typed. */
  async function loadMachine(): Promise<void> {
    checking.value = true;
    machineError.value = '';
    try {
      const check = await commands.machineCheck();
      batch(() => {
        machine.value = check;
        recommendations.value = check.recommendations;
        if (!draft.value) draft.value = draftFrom(check.answers);
      });
    } catch (err) {
      machineError.value = (err as Error).message;
    } finally {
      checking.value = false;
    }
  }

  function go(to: PageName) {
    batch(() => {
      page.value = to;
      pageError.value = '';
    });
  }

  function set(path: string, value: FieldValue) {
    if (!draft.value) return;
    const { [path]: _fixed, ...rest } = errors.value;
    batch(() => {
      draft.value = edit(draft.value!, path, value);
      errors.value = rest;
    });
  }

  function setBackupKind(kind: BackupKind) {
    if (!draft.value) return;
    const { ['backup.target']: _fixed, ...rest } = errors.value;
    batch(() => {
      draft.value = withBackupKind(draft.value!, kind);
      errors.value = rest;
    });
  }

  /** The answers as the installer takes them. */
  function answers() {
    if (!draft.value) throw new CommandError('The machine check has not finished yet.');
    return draft.value.answers;
  }

  /** Checks the page shown; returns whether it is fine to leave. Errors of other pages' fields
   * wait until their page (the review page shows the ones no page asks about). */
  async function checkPage(): Promise<boolean> {
    const current = page.value;
    if (current === 'welcome') return true;
    if (current === 'check') {
      if (!machine.value) pageError.value = machineError.value || 'Wait for the machine check to finish.';
      return !!machine.value;
    }
    const local = pageProblems(draft.value!, current, machine.value?.needs_password ?? true);
    const result = await commands.checkAnswers(answers());
    const mine = result.errors.filter((e) => pageOfField(e.field) === current);
    const found = { ...Object.fromEntries(mine.map((e) => [e.field, e.message])), ...local };
    const fine = Object.keys(found).length === 0;
    batch(() => {
      recommendations.value = result.recommendations;
      plan.value = result.plan;
      errors.value = found;
      if (!fine) refusals.value++;
    });
    return fine;
  }

  async function next(): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    pageError.value = '';
    try {
      const to = neighbour(page.value, 1);
      if (to && (await checkPage())) go(to);
    } catch (err) {
      pageError.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  function back() {
    const to = neighbour(page.value, -1);
    if (to && !busy.value) go(to);
  }

  /** Shows an error the installer reported on the page where its field is. */
  function showFieldError(field: string, message: string) {
    batch(() => {
      errors.value = { ...errors.value, [field]: message };
      refusals.value++;
      go(pageOfField(field));
    });
  }

  /** Review -> install: the answers are checked once more as a whole, then applied, with every
   * progress message drawn as it comes. Ends on the done page, or on the install page with the
   * failed step and what to do. */
  async function install(): Promise<void> {
    if (busy.value) return;
    busy.value = true;
    pageError.value = '';
    try {
      const result = await commands.checkAnswers(answers());
      batch(() => {
        recommendations.value = result.recommendations;
        plan.value = result.plan;
      });
      const first = result.errors[0];
      if (first) {
        batch(() => {
          errors.value = Object.fromEntries(result.errors.map((e) => [e.field, e.message]));
          refusals.value++;
          go(pageOfField(first.field));
        });
        return;
      }
      batch(() => {
        progress.value = startProgress();
        go('apply');
      });
      const finished = await commands.apply(answers(), (message) => (progress.value = takeMessage(progress.value, message)));
      batch(() => {
        done.value = finished;
        go('done');
      });
    } catch (err) {
      const failure = err instanceof CommandError ? err : new CommandError(String(err));
      if (page.value !== 'apply') {
        if (failure.field) showFieldError(failure.field, failure.message);
        else pageError.value = failure.message;
      } else {
        progress.value = { ...progress.value, running: false, failure: { step: failure.step ?? '', message: failure.message, fix: failure.fix ?? '' } };
      }
    } finally {
      busy.value = false;
    }
  }

  /** Done -> the status window (the Rust side switches the view). */
  async function finish(): Promise<void> {
    busy.value = true;
    pageError.value = '';
    try {
      await commands.finish();
    } catch (err) {
      pageError.value = (err as Error).message;
    } finally {
      busy.value = false;
    }
  }

  return {
    page,
    draft,
    errors,
    pageError,
    busy,
    refusals,
    machine,
    machineError,
    checking,
    recommendations,
    plan,
    progress,
    done,
    loadMachine,
    set,
    setBackupKind,
    next,
    back,
    go,
    install,
    finish,
  };
}
