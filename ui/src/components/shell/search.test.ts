import { describe, expect, it } from 'vitest';

import { highlightParts, queryWords } from './search';

describe('queryWords', () => {
  it('keeps plain words and phrases, drops modifiers and exclusions', () => {
    expect(queryWords('from:bob in:town-square deploy "release notes" -draft after:2024-01-01')).toEqual(['deploy', 'release notes']);
  });
  it('strips wildcards and hashtag or mention signs', () => {
    expect(queryWords('depl* #launch @ana')).toEqual(['depl', 'launch', 'ana']);
  });
  it('gives nothing for an empty query', () => {
    expect(queryWords('   ')).toEqual([]);
  });
});

describe('highlightParts', () => {
  const marked = (text: string, words: string[]) =>
    highlightParts(text, words)
      .map((s) => (s.hit ? `[${s.text}]` : s.text))
      .join('');

  it('marks words that start with a term, case-insensitively', () => {
    expect(marked('Deploy failed; the deployment is stuck', ['deploy'])).toBe('[Deploy] failed; the [deploy]ment is stuck');
  });
  it('does not mark a term inside another word', () => {
    expect(marked('redeploy now', ['deploy'])).toBe('redeploy now');
  });
  it('marks phrases and prefers the longest term', () => {
    expect(marked('read the release notes', ['release', 'release notes'])).toBe('read the [release notes]');
  });
  it('treats regex characters in terms as text', () => {
    expect(marked('costs $5 (approx)', ['(approx'])).toBe('costs $5 [(approx])');
  });
  it('keeps the whole text when nothing matches', () => {
    expect(highlightParts('hello', ['x'])).toEqual([{ text: 'hello', hit: false }]);
    expect(highlightParts('hello', [])).toEqual([{ text: 'hello', hit: false }]);
  });
  it('handles letters beyond ASCII', () => {
    expect(marked('Ärger über Änderungen', ['änder'])).toBe('Ärger über [Änder]ungen');
  });
});
