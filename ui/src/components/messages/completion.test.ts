import { describe, expect, it } from 'vitest';

import { applyCompletion, findTrigger } from './completion';

describe('findTrigger', () => {
  it('finds the word being completed at the caret', () => {
    expect(findTrigger('hi @an', 6)).toEqual({ kind: 'user', term: 'an', start: 3 });
    expect(findTrigger('@', 1)).toEqual({ kind: 'user', term: '', start: 0 });
    expect(findTrigger('see ~town', 9)).toEqual({ kind: 'channel', term: 'town', start: 4 });
    expect(findTrigger('nice :thu', 9)).toEqual({ kind: 'emoji', term: 'thu', start: 5 });
    expect(findTrigger('(@ben', 5)).toEqual({ kind: 'user', term: 'ben', start: 1 });
    expect(findTrigger('line one\n@cl', 12)).toEqual({ kind: 'user', term: 'cl', start: 9 });
  });

  it('ignores signs inside words, short emoji terms and finished words', () => {
    expect(findTrigger('ana@example', 11)).toBeNull();
    expect(findTrigger('at 10:30', 8)).toBeNull();
    expect(findTrigger('ok :)', 5)).toBeNull();
    expect(findTrigger('ok :s', 5)).toBeNull();
    expect(findTrigger('@ana ', 5)).toBeNull();
    expect(findTrigger('plain', 5)).toBeNull();
    expect(findTrigger('@ana hello', 2)).toEqual({ kind: 'user', term: 'a', start: 0 });
  });
});

describe('applyCompletion', () => {
  it('replaces the typed word and puts the caret after a space', () => {
    const t = findTrigger('hi @an', 6)!;
    expect(applyCompletion('hi @an', 6, t, '@ana')).toEqual({ text: 'hi @ana ', caret: 8 });
    const e = findTrigger(':thu and more', 4)!;
    expect(applyCompletion(':thu and more', 4, e, ':thumbsup:')).toEqual({ text: ':thumbsup: and more', caret: 11 });
  });
});
