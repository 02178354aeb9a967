// Who is typing, in words: "Ana is typing…", "Ana and Ben are typing…". The socket state keeps an
// expiry time per user; expired entries are simply not shown (the next event renews them).

/** Ids of the users still typing at `now`, in the order they started. */
export function activeTypers(expiries: Record<string, number> | undefined, now: number): string[] {
  if (!expiries) return [];
  return Object.entries(expiries)
    .filter(([, until]) => until > now)
    .map(([id]) => id);
}

/** The soonest time one of the indicators runs out, to refresh the line then. */
export function nextExpiry(expiries: Record<string, number> | undefined, now: number): number | undefined {
  const pending = Object.values(expiries ?? {}).filter((until) => until > now);
  return pending.length ? Math.min(...pending) : undefined;
}

export function typingText(names: string[]): string {
  const [first, second, third] = names;
  if (!first) return '';
  if (!second) return `${first} is typing…`;
  if (!third) return `${first} and ${second} are typing…`;
  if (names.length === 3) return `${first}, ${second} and ${third} are typing…`;
  return 'Several people are typing…';
}
