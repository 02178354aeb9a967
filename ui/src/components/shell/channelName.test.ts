import { describe, expect, it } from 'vitest';

import { slugify } from '../auth/forms';
import { channelNameProblem, fieldOfError } from './channelName';

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

describe('fieldOfError', () => {
  it('points server errors at the field they are about', () => {
    expect(fieldOfError('model.is_valid.display_name.app_error')).toBe('display_name');
    expect(fieldOfError('model.channel.is_valid.purpose.app_error')).toBe('purpose');
    expect(fieldOfError('model.channel.is_valid.2_or_more.app_error')).toBe('name');
    expect(fieldOfError('store.sql_channel.save_channel.exists.app_error')).toBe('name');
    expect(fieldOfError('api.context.permissions.app_error')).toBeUndefined();
  });
});
