import { describe, expect, it } from 'vitest';

import { wantsAlert } from './alerts';

const mention = { mentioned: true, channelType: 'O' };
const plain = { mentioned: false, channelType: 'O' };
const direct = { mentioned: false, channelType: 'D' };
const group = { mentioned: false, channelType: 'G' };

describe('wantsAlert', () => {
  it('by default alerts on mentions, direct and group messages only', () => {
    expect(wantsAlert(mention)).toBe(true);
    expect(wantsAlert(direct)).toBe(true);
    expect(wantsAlert(group)).toBe(true);
    expect(wantsAlert(plain)).toBe(false);
  });
  it('follows the user setting', () => {
    expect(wantsAlert(plain, 'all')).toBe(true);
    expect(wantsAlert(direct, 'none')).toBe(false);
  });
  it("lets the channel's own setting win unless it is 'default'", () => {
    expect(wantsAlert(mention, 'all', 'none')).toBe(false);
    expect(wantsAlert(plain, 'mention', 'all')).toBe(true);
    expect(wantsAlert(plain, 'all', 'default')).toBe(true);
  });
});
