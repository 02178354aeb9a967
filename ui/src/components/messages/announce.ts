// What a screen reader hears when messages arrive in the open channel: one short sentence for a
// burst of posts rather than one per post, and the message as plain words (no Markdown marks, no
// code, cut short), so a busy channel does not drown out everything else. Pure, so it is tested
// alone; Announcer.tsx speaks it.

export interface Arrival {
  sender: string;
  /** The raw Markdown message ('' for a post of only files). */
  message: string;
  /** A reply in a thread rather than a new post in the channel. */
  reply: boolean;
}

/** How much of a message is read out. */
const MAX_CHARS = 140;

/** A message's Markdown as words worth reading aloud, cut to `max` characters. */
export function plainWords(markdown: string, max = MAX_CHARS): string {
  const words = markdown
    .replace(/```[\s\S]*?(```|$)/g, ' (code) ')
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
    .replace(/[*_~`>#]+|-{3,}/g, '')
    .replace(/\|/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return words.length > max ? `${words.slice(0, max - 1).trimEnd()}…` : words;
}

function names(senders: string[]): string {
  const unique = [...new Set(senders)];
  if (unique.length === 1) return unique[0]!;
  if (unique.length === 2) return `${unique[0]} and ${unique[1]}`;
  return `${unique[0]}, ${unique[1]} and ${unique.length - 2} more`;
}

/** The sentence for the posts that arrived together ('' for none). */
export function announcement(arrivals: Arrival[]): string {
  const [only] = arrivals;
  if (!only) return '';
  if (arrivals.length > 1) return `${arrivals.length} new messages from ${names(arrivals.map((a) => a.sender))}.`;
  const text = plainWords(only.message);
  const verb = only.reply ? 'replied' : 'wrote';
  return text ? `${only.sender} ${verb}: ${text}` : `${only.sender} sent a file.`;
}
