// The install's progress as the page draws it, folded from the messages the installer streams:
// the percent for the bar, the step under way ("Step 3 of 8: Make the database") with its latest
// message, and every event and log line for the expandable log.

import type { ApplyEvent, ApplyMessage } from '../types';

export interface ApplyFailure {
  /** The failed step's id. */
  step: string;
  message: string;
  fix: string;
}

export interface ApplyProgress {
  /** 0 to 100, whole numbers. */
  percent: number;
  step: number;
  steps: number;
  /** What the step under way does, from its first event. */
  title: string;
  /** Its latest message ("Copying the files"), empty until it says one. */
  detail: string;
  /** Every event and log line, oldest first. */
  lines: string[];
  running: boolean;
  failure: ApplyFailure | null;
}

export function startProgress(): ApplyProgress {
  return { percent: 0, step: 0, steps: 0, title: 'Starting…', detail: '', lines: [], running: true, failure: null };
}

/** What the step's status means to the admin, for the log. */
const STATUS_WORDS: Record<ApplyEvent['status'], string> = {
  checking: 'checking',
  running: 'working',
  already_done: 'already done',
  done: 'done',
  failed: 'failed',
};

/** An event as one log line: "[3/8] database, working: Creating the tables". */
export function eventLine(event: ApplyEvent): string {
  const head = `[${event.step}/${event.steps}] ${event.id}, ${STATUS_WORDS[event.status]}`;
  return event.message && event.message !== STATUS_WORDS[event.status] ? `${head}: ${event.message}` : head;
}

export function takeMessage(progress: ApplyProgress, message: ApplyMessage): ApplyProgress {
  if (message.kind === 'log') return { ...progress, lines: [...progress.lines, message.line] };
  const event = message.event;
  const sameStep = event.step === progress.step;
  return {
    ...progress,
    // The bar never runs backwards, whatever order a retried step reports in.
    percent: Math.max(progress.percent, Math.round(Math.min(100, Math.max(0, event.percent)))),
    step: event.step,
    steps: event.steps,
    // A step's first event ("checking") carries its description; the rest say how it goes.
    title: event.status === 'checking' || !sameStep ? event.message : progress.title,
    detail: event.status === 'running' ? event.message : event.status === 'checking' ? '' : progress.detail,
    lines: [...progress.lines, eventLine(event)],
  };
}
