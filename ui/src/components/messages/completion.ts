// The composer's autocomplete, as text operations: which word the caret is completing (`@user`,
// `~channel`, `:emoji:`) and how picking a suggestion rewrites the text.

export type TriggerKind = 'user' | 'channel' | 'emoji';

export interface Trigger {
  kind: TriggerKind;
  /** What was typed after the sign. */
  term: string;
  /** Index of the sign in the text; the completion replaces from here to the caret. */
  start: number;
}

const SIGNS: Record<string, { kind: TriggerKind; term: RegExp }> = {
  '@': { kind: 'user', term: /^[a-z0-9._-]*$/i },
  '~': { kind: 'channel', term: /^[a-z0-9_-]*$/i },
  // Two characters at least, so times like "10:30" and smileys like ":)" do not open the list.
  ':': { kind: 'emoji', term: /^[a-z0-9_+-]{2,}$/i },
};

/** The completion the caret is in, if any: a sign at the start of a word, then the term. */
export function findTrigger(text: string, caret: number): Trigger | null {
  let start = caret;
  while (start > 0 && !/\s/.test(text[start - 1]!)) start--;
  // A word may open with punctuation: "(@ana".
  while (start < caret && '(["\''.includes(text[start]!)) start++;
  const sign = SIGNS[text[start] ?? ''];
  if (!sign) return null;
  const term = text.slice(start + 1, caret);
  if (!sign.term.test(term)) return null;
  return { kind: sign.kind, term, start };
}

/** `text` with the trigger's word replaced by `insert` and a space, and the caret after it. */
export function applyCompletion(text: string, caret: number, trigger: Trigger, insert: string): { text: string; caret: number } {
  const after = text.slice(caret);
  const spaced = after.startsWith(' ') ? insert : `${insert} `;
  const next = text.slice(0, trigger.start) + spaced + after;
  return { text: next, caret: trigger.start + spaced.length + (after.startsWith(' ') ? 1 : 0) };
}
