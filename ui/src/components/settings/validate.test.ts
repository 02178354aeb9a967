import { describe, expect, it } from 'vitest';

import { MAX_PICTURE_BYTES, isCode, normaliseCode, passwordProblem, pictureProblem } from './validate';

describe('passwordProblem', () => {
  it('wants the minimum length', () => {
    expect(passwordProblem('short', 'short', 8)).toBe('Use at least 8 characters.');
  });
  it('wants both entries equal', () => {
    expect(passwordProblem('longenough1', 'longenough2', 8)).toMatch(/not the same/);
  });
  it('caps the length bcrypt can use', () => {
    const long = 'a'.repeat(73);
    expect(passwordProblem(long, long, 8)).toMatch(/at most 72/);
  });
  it('accepts a good password', () => {
    expect(passwordProblem('longenough1', 'longenough1', 8)).toBe('');
  });
});

describe('codes', () => {
  it('accepts six digits with spaces', () => {
    expect(isCode('123 456')).toBe(true);
    expect(normaliseCode(' 123 456 ')).toBe('123456');
  });
  it('rejects other input', () => {
    expect(isCode('12345')).toBe(false);
    expect(isCode('12345a')).toBe(false);
  });
});

describe('pictureProblem', () => {
  it('accepts the four formats the server reads, up to the limit', () => {
    for (const type of ['image/png', 'image/jpeg', 'image/gif', 'image/webp']) expect(pictureProblem({ type, size: MAX_PICTURE_BYTES })).toBe('');
  });
  it('rejects other types and larger files', () => {
    expect(pictureProblem({ type: 'application/pdf', size: 10 })).toMatch(/PNG/);
    expect(pictureProblem({ type: 'image/bmp', size: 10 })).toMatch(/PNG/);
    expect(pictureProblem({ type: 'image/jpeg', size: MAX_PICTURE_BYTES + 1 })).toMatch(/10 MB/);
  });
});
