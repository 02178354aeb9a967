// Searching posts: the request the header's search box sends, and which words of a hit to
// highlight. Mattermost's modifiers (from:, in:, before:, after:, on:, -excluded, "phrases") pass
// through to the server untouched; only plain words are highlighted.

import { post } from '../../api/client';
import type { PostList } from '../../api/types';

export const SEARCH_PAGE_SIZE = 20;

/** A search answer: a post list plus, per post, the words the server matched. */
export interface SearchResult extends PostList {
  matches?: Record<string, string[]> | null;
}

export function searchPosts(teamId: string, terms: string, page: number): Promise<SearchResult> {
  return post<SearchResult>(`/teams/${teamId}/posts/search`, { terms, is_or_search: false, page, per_page: SEARCH_PAGE_SIZE });
}

const MODIFIER = /^-?(from|in|channel|before|after|on):/i;

/** The words and phrases of a query worth highlighting, without modifiers or excluded words. */
export function queryWords(terms: string): string[] {
  const words: string[] = [];
  for (const [, phrase, word] of terms.matchAll(/"([^"]+)"|(\S+)/g)) {
    if (phrase) {
      words.push(phrase.trim());
      continue;
    }
    if (!word || word.startsWith('-') || MODIFIER.test(word)) continue;
    const bare = word.replace(/^[#@]/, '').replace(/\*+$/, '');
    if (bare) words.push(bare);
  }
  return words.filter((w) => w.length > 0);
}

export interface Segment {
  text: string;
  hit: boolean;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Splits `text` into plain and highlighted runs: a hit is a word starting with one of `words`
 * (so "deploy" also marks "deployed", as the server's stemming finds it). */
export function highlightParts(text: string, words: string[]): Segment[] {
  const wanted = [...new Set(words.map((w) => w.trim()).filter(Boolean))].sort((a, b) => b.length - a.length);
  if (wanted.length === 0) return text ? [{ text, hit: false }] : [];
  const pattern = new RegExp(`(?<![\\p{L}\\p{N}_])(?:${wanted.map(escapeRegExp).join('|')})`, 'giu');
  const segments: Segment[] = [];
  let last = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index ?? 0;
    if (start > last) segments.push({ text: text.slice(last, start), hit: false });
    segments.push({ text: m[0], hit: true });
    last = start + m[0].length;
  }
  if (last < text.length) segments.push({ text: text.slice(last), hit: false });
  return segments;
}
