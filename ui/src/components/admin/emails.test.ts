import { describe, expect, it } from 'vitest';

import { parseEmails } from './emails';

describe('parseEmails', () => {
  it('splits on commas, semicolons, spaces and lines, dropping repeats', () => {
    expect(parseEmails('ana@example.com, bob@example.com;\ncarla@example.com  ana@example.com')).toEqual([
      'ana@example.com',
      'bob@example.com',
      'carla@example.com',
    ]);
  });
  it('gives nothing for blank input', () => {
    expect(parseEmails('  \n ,')).toEqual([]);
  });
});
