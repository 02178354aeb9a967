import { describe, expect, it } from 'vitest';

import { activeTypers, nextExpiry, typingText } from './typing';

describe('typing', () => {
  it('says who is typing', () => {
    expect(typingText([])).toBe('');
    expect(typingText(['Ana'])).toBe('Ana is typing…');
    expect(typingText(['Ana', 'Ben'])).toBe('Ana and Ben are typing…');
    expect(typingText(['Ana', 'Ben', 'Cleo'])).toBe('Ana, Ben and Cleo are typing…');
    expect(typingText(['Ana', 'Ben', 'Cleo', 'Dan'])).toBe('Several people are typing…');
  });

  it('hides expired indicators and knows when the next one runs out', () => {
    const expiries = { ana: 1_000, ben: 5_000, cleo: 3_000 };
    expect(activeTypers(expiries, 2_000)).toEqual(['ben', 'cleo']);
    expect(activeTypers(undefined, 0)).toEqual([]);
    expect(nextExpiry(expiries, 2_000)).toBe(3_000);
    expect(nextExpiry(expiries, 6_000)).toBeUndefined();
  });
});
