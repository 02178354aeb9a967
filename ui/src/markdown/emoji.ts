// Emoji by shortcode, from the gemoji list (GitHub's names, which Mattermost's reactions and
// `:shortcode:` text also use: `+1`, `thumbsup`, `smile`). Used by the Markdown renderer, the
// composer's `:emoji:` autocomplete, the reaction picker and the reactions row.

import emojiList from 'virtual:emoji';

export interface EmojiEntry {
  /** The shortcode Mattermost stores, without colons. */
  name: string;
  emoji: string;
}

const byName = new Map<string, string>();
/** Every name, in gemoji's order (by category), for searching. */
const allNames: EmojiEntry[] = [];
for (const [emoji, names] of emojiList) {
  for (const name of names) {
    byName.set(name, emoji);
    allNames.push({ name, emoji });
  }
}

/** The Unicode emoji for a shortcode, or undefined when there is none (custom emoji). */
export function emojiFor(name: string): string | undefined {
  return byName.get(name);
}

/** Plain text with each `:shortcode:` shown as its emoji, for places that show a message as text
 * rather than Markdown (search hits, pinned messages). Unknown names stay as written. */
export function withEmoji(text: string): string {
  return text.replace(/:([a-z0-9_+-]+):/gi, (whole, name: string) => byName.get(name) ?? whole);
}

/** What a picker offers before anything is typed: the reactions people use most. */
const COMMON_EMOJI: EmojiEntry[] = [
  '+1', '-1', 'smile', 'joy', 'heart', 'tada', 'white_check_mark', 'eyes',
  'pray', 'clap', 'fire', 'rocket', 'thinking', 'slightly_smiling_face', 'wink', 'grinning',
  'laughing', 'sweat_smile', 'sob', 'cry', 'confused', 'scream', 'open_mouth', 'sunglasses',
  'heart_eyes', 'hugs', 'raised_hands', 'muscle', 'ok_hand', 'wave', 'point_up', 'x',
  'warning', 'question', 'exclamation', 'bulb', 'star', 'sparkles', 'coffee', 'pizza',
  'beers', 'cake', 'sunny', 'umbrella', 'zap', 'snowflake', '100', 'rotating_light',
].flatMap((name) => {
  const emoji = byName.get(name);
  return emoji ? [{ name, emoji }] : [];
});

/** Shortcodes matching `term`: those starting with it first, then those containing it. */
export function searchEmoji(term: string, limit = 40): EmojiEntry[] {
  const needle = term.toLowerCase();
  if (!needle) return COMMON_EMOJI.slice(0, limit);
  const starts: EmojiEntry[] = [];
  const contains: EmojiEntry[] = [];
  for (const entry of allNames) {
    const at = entry.name.indexOf(needle);
    if (at === 0) starts.push(entry);
    else if (at > 0) contains.push(entry);
  }
  // The exact name, then the shortest completions: "smil" offers smile before smiley_cat.
  starts.sort((a, b) => a.name.length - b.name.length);
  return [...starts, ...contains].slice(0, limit);
}
