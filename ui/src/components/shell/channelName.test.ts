import { describe, expect, it } from 'vitest';

import { slugify } from '../auth/forms';
import { channelNameProblem } from './channelName';

describe('channel URL names', () => {
  it('are made from the display name', () => {
    expect(slugify('Q3 Launch Plans!')).toBe('q3-launch-plans');
    expect(slugify('  Café  Crème ')).toBe('cafe-creme');
  });
  it('are accepted when they follow the server rule', () => {
    expect(channelNameProblem('q3-launch_plans')).toBe('');
  });
  it('are refused when too short, too long, or with other characters', () => {
    expect(channelNameProblem(slugify('!!'))).toMatch(/at least 2/);
    expect(channelNameProblem('a'.repeat(65))).toMatch(/at most 64/);
    expect(channelNameProblem('Upper')).toMatch(/lower case/);
    expect(channelNameProblem('-dash')).toMatch(/start and end/);
  });
});
