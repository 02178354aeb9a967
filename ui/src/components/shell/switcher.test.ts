import { describe, expect, it } from 'vitest';

import { fuzzyMatch, rankSwitcher, type SwitcherItem } from './switcher';

function item(label: string, extra: Partial<SwitcherItem> = {}): SwitcherItem {
  return { key: label, label, terms: [label], unread: false, mentions: 0, recency: 0, ...extra };
}

const labels = (list: SwitcherItem[]) => list.map((i) => i.label);

describe('fuzzyMatch', () => {
  it('ranks exact over prefix over word prefix over substring over scattered letters', () => {
    expect(fuzzyMatch('dev', 'dev').tier).toBe(5);
    expect(fuzzyMatch('Development', 'dev').tier).toBe(4);
    expect(fuzzyMatch('Web Development', 'dev').tier).toBe(3);
    expect(fuzzyMatch('webdev', 'dev').tier).toBe(2);
    expect(fuzzyMatch('Town Square', 'tsq').tier).toBe(1);
  });
  it('finds a later word start even when an earlier substring matched', () => {
    expect(fuzzyMatch('undo do', 'do').tier).toBe(3);
  });
  it('ignores case and accents, and rejects letters out of order', () => {
    expect(fuzzyMatch('Café', 'cafe').tier).toBe(5);
    expect(fuzzyMatch('Town Square', 'qst').tier).toBe(0);
  });
  it('prefers letters at word starts', () => {
    expect(fuzzyMatch('town square', 'tsq').score).toBeGreaterThan(fuzzyMatch('toast square', 'tsq').score);
  });
});

describe('rankSwitcher', () => {
  const items = [
    item('Random', { recency: 5 }),
    item('Development', { recency: 1, unread: true }),
    item('Marketing', { recency: 3, mentions: 2, unread: true }),
    item('Town Square', { recency: 9 }),
  ];

  it('with no query lists mentions, then unread, then most recent', () => {
    expect(labels(rankSwitcher(items, ''))).toEqual(['Marketing', 'Development', 'Town Square', 'Random']);
  });
  it('filters by the query and puts better matches first', () => {
    expect(labels(rankSwitcher(items, 'ra'))).toEqual(['Random']);
    expect(labels(rankSwitcher(items, 'tsq'))).toEqual(['Town Square']);
  });
  it('puts unread channels first among equally good matches', () => {
    const list = [item('Design'), item('Devops', { unread: true }), item('de')];
    expect(labels(rankSwitcher(list, 'de'))).toEqual(['de', 'Devops', 'Design']);
  });
  it('matches any of an item’s terms, such as a username', () => {
    const alice = item('Alice Smith', { terms: ['Alice Smith', 'asmith'] });
    expect(labels(rankSwitcher([alice, item('Random')], 'asmi'))).toEqual(['Alice Smith']);
  });
});
