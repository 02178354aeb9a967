// The channel switcher's matching and ranking: a forgiving fuzzy match ("tsq" finds "Town Square")
// whose tiers keep exact and prefix matches on top, unread channels first within a tier, and
// with no query the unread ones first, then the most recently active.

export interface SwitcherItem {
  key: string;
  label: string;
  /** Every text the query may match: title, URL name, usernames. */
  terms: string[];
  unread: boolean;
  mentions: number;
  /** Last activity, for ordering when nothing is typed. */
  recency: number;
}

/** How well a query matches a text: the tier decides, the score breaks ties inside it. */
export interface Match {
  tier: number;
  score: number;
}

const NO_MATCH: Match = { tier: 0, score: 0 };

export function normalize(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .trim();
}

const WORD_START = /[\s\-_.@~,]/;

/** Tiers: 5 exact, 4 prefix, 3 a word's prefix, 2 substring, 1 letters in order. */
export function fuzzyMatch(text: string, query: string): Match {
  const t = normalize(text);
  const q = normalize(query);
  if (!q) return { tier: 1, score: 0 };
  if (t === q) return { tier: 5, score: 0 };
  if (t.startsWith(q)) return { tier: 4, score: -t.length };
  const at = t.indexOf(q);
  if (at > 0 && WORD_START.test(t[at - 1] ?? '')) return { tier: 3, score: -at };
  for (let i = at + 1; at >= 0 && i <= t.length - q.length; i++) {
    if (t.startsWith(q, i) && WORD_START.test(t[i - 1] ?? '')) return { tier: 3, score: -i };
  }
  if (at >= 0) return { tier: 2, score: -at };
  return subsequence(t, q);
}

/** Letters of the query in order, preferring word starts and tight runs. */
function subsequence(t: string, q: string): Match {
  let score = 0;
  let from = 0;
  let previous = -2;
  for (const ch of q) {
    if (ch === ' ') continue;
    const i = t.indexOf(ch, from);
    if (i < 0) return NO_MATCH;
    if (i === 0 || WORD_START.test(t[i - 1] ?? '')) score += 3;
    if (i === previous + 1) score += 2;
    score -= i - from;
    previous = i;
    from = i + 1;
  }
  return { tier: 1, score };
}

function best(item: SwitcherItem, query: string): Match {
  let top = NO_MATCH;
  for (const term of item.terms) {
    const m = fuzzyMatch(term, query);
    if (m.tier > top.tier || (m.tier === top.tier && m.score > top.score)) top = m;
  }
  return top;
}

/** Items matching `query`, best first. */
export function rankSwitcher<T extends SwitcherItem>(items: T[], query: string): T[] {
  const unreadFirst = (a: T, b: T) => Number(b.mentions > 0) - Number(a.mentions > 0) || Number(b.unread) - Number(a.unread);
  if (!normalize(query)) {
    return [...items].sort((a, b) => unreadFirst(a, b) || b.recency - a.recency || a.label.localeCompare(b.label));
  }
  return items
    .map((item) => ({ item, match: best(item, query) }))
    .filter(({ match }) => match.tier > 0)
    .sort((a, b) => b.match.tier - a.match.tier || unreadFirst(a.item, b.item) || b.match.score - a.match.score || a.item.label.localeCompare(b.item.label))
    .map(({ item }) => item);
}
