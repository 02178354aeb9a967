import { describe, expect, it } from 'vitest';

import { announcement, plainWords } from './announce';

describe('plainWords', () => {
  it('drops Markdown marks and code, keeping the words', () => {
    expect(plainWords('**Build** is _green_ again:\n```rust\nlet x = 1;\n```\n> quoted `code`')).toBe('Build is green again: (code) quoted code');
  });
  it('reads a table as its words', () => {
    expect(plainWords('| Service | Status |\n|---|---|\n| api | up |')).toBe('Service Status api up');
  });
  it('keeps the text of links, not their address', () => {
    expect(plainWords('See [the slides](https://example.com/s) now')).toBe('See the slides now');
  });
  it('cuts long messages short', () => {
    const said = plainWords('word '.repeat(100), 20);
    expect(said.length).toBeLessThanOrEqual(20);
    expect(said.endsWith('…')).toBe(true);
  });
});

describe('announcement', () => {
  it('says nothing for no posts', () => {
    expect(announcement([])).toBe('');
  });
  it('reads one post with its author', () => {
    expect(announcement([{ sender: 'Ana', message: 'Lunch at *12*?', reply: false }])).toBe('Ana wrote: Lunch at 12?');
  });
  it('says when a post is a reply, and when it is only files', () => {
    expect(announcement([{ sender: 'Ana', message: 'Yes', reply: true }])).toBe('Ana replied: Yes');
    expect(announcement([{ sender: 'Ana', message: '', reply: false }])).toBe('Ana sent a file.');
  });
  it('sums up a burst in one sentence, naming each author once', () => {
    const burst = [
      { sender: 'Ana', message: 'a', reply: false },
      { sender: 'Ben', message: 'b', reply: false },
      { sender: 'Ana', message: 'c', reply: false },
    ];
    expect(announcement(burst)).toBe('3 new messages from Ana and Ben.');
    expect(announcement([...burst, { sender: 'Cy', message: 'd', reply: false }, { sender: 'Di', message: 'e', reply: false }])).toBe('5 new messages from Ana, Ben and 2 more.');
  });
});
