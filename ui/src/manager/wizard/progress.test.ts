import { describe, expect, it } from 'vitest';

import type { ApplyEvent } from '../types';
import { eventLine, startProgress, takeMessage } from './progress';

const event = (change: Partial<ApplyEvent>): ApplyEvent => ({ step: 1, steps: 4, id: 'config', status: 'checking', percent: 0, message: '', ...change });

describe('install progress', () => {
  it('follows the steps: bar, step title, latest message and every line', () => {
    let p = startProgress();
    p = takeMessage(p, { kind: 'event', event: event({ message: 'Write /etc/hearth/config.json' }) });
    expect(p).toMatchObject({ percent: 0, step: 1, steps: 4, title: 'Write /etc/hearth/config.json', detail: '' });
    p = takeMessage(p, { kind: 'log', line: 'INFO writing config' });
    p = takeMessage(p, { kind: 'event', event: event({ status: 'running', percent: 12.6, message: 'Writing' }) });
    expect(p).toMatchObject({ percent: 13, title: 'Write /etc/hearth/config.json', detail: 'Writing' });
    p = takeMessage(p, { kind: 'event', event: event({ status: 'done', percent: 25, message: 'done' }) });
    expect(p).toMatchObject({ percent: 25, detail: 'Writing' });
    p = takeMessage(p, { kind: 'event', event: event({ step: 2, id: 'database', status: 'checking', percent: 25, message: 'Create the database' }) });
    expect(p).toMatchObject({ step: 2, title: 'Create the database', detail: '' });
    expect(p.lines).toEqual([
      '[1/4] config, checking: Write /etc/hearth/config.json',
      'INFO writing config',
      '[1/4] config, working: Writing',
      '[1/4] config, done',
      '[2/4] database, checking: Create the database',
    ]);
    expect(p.running).toBe(true);
  });

  it('never moves the bar backwards or past 100', () => {
    let p = takeMessage(startProgress(), { kind: 'event', event: event({ status: 'done', percent: 50 }) });
    p = takeMessage(p, { kind: 'event', event: event({ status: 'running', percent: 40 }) });
    expect(p.percent).toBe(50);
    expect(takeMessage(p, { kind: 'event', event: event({ status: 'done', percent: 100.4 }) }).percent).toBe(100);
  });

  it('writes an already-done step plainly', () => {
    expect(eventLine(event({ status: 'already_done', message: 'already done' }))).toBe('[1/4] config, already done');
  });
});
