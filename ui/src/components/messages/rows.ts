// How a channel's posts are laid out as rows: which posts show (roots, not replies), where the
// date separators and the "new messages" line go, and which posts continue the one above them
// (same author within a few minutes, shown without avatar and name). Pure, so it is tested alone.

import type { Post } from '../../api/types';

/** A post by the same author within this long after the previous one joins its group. */
const GROUP_MS = 5 * 60_000;

export interface Row {
  post: Post;
  /** A date separator above the post ("Today", "Yesterday", ...), when it starts a new day. */
  day?: string;
  /** The "new messages" line goes above this post. */
  firstUnread: boolean;
  /** Same author as the post above, shortly after: no avatar and name. */
  continued: boolean;
}

export function isSystemPost(p: Post): boolean {
  return p.type.startsWith('system_');
}

/** Local calendar day of a time, as a comparable number. */
function dayKey(time: number): number {
  const d = new Date(time);
  return d.getFullYear() * 10_000 + d.getMonth() * 100 + d.getDate();
}

function startOfDay(time: number): number {
  const d = new Date(time);
  return new Date(d.getFullYear(), d.getMonth(), d.getDate()).getTime();
}

/** The separator's words: Today, Yesterday, a weekday within the week, else the date. */
export function dayLabel(time: number, now: number, locale?: string): string {
  const days = Math.round((startOfDay(now) - startOfDay(time)) / 86_400_000);
  if (days === 0) return 'Today';
  if (days === 1) return 'Yesterday';
  const date = new Date(time);
  if (days > 1 && days < 7) return date.toLocaleDateString(locale, { weekday: 'long' });
  const sameYear = date.getFullYear() === new Date(now).getFullYear();
  return date.toLocaleDateString(locale, { weekday: 'short', month: 'long', day: 'numeric', ...(sameYear ? {} : { year: 'numeric' }) });
}

/** When the reader last looked, and what had arrived by the time they opened the channel. */
export interface UnreadWindow {
  lastViewedAt: number;
  /** The channel's newest post time when it was opened: later posts arrived while reading. */
  openedAt: number;
  myId: string;
}

/** Whether `p` arrived unread before the reader opened the channel. */
function isUnreadAtOpen(p: Post, w: UnreadWindow): boolean {
  return w.lastViewedAt > 0 && p.create_at > w.lastViewedAt && p.create_at <= w.openedAt && p.user_id !== w.myId && !isSystemPost(p);
}

/** Whether `p` reads as a continuation of `prev` (the post shown right above it). */
export function continues(prev: Post | undefined, p: Post): boolean {
  if (!prev || isSystemPost(prev) || isSystemPost(p)) return false;
  return prev.user_id === p.user_id && p.create_at - prev.create_at < GROUP_MS && dayKey(prev.create_at) === dayKey(p.create_at);
}

/** Lays out `list` (oldest first) for display: separators, the unread line and grouping. */
export function layoutRows(list: Post[], unread: UnreadWindow | null, now: number, locale?: string): Row[] {
  const rows: Row[] = [];
  let prev: Post | undefined;
  let unreadPlaced = false;
  for (const post of list) {
    const newDay = !prev || dayKey(prev.create_at) !== dayKey(post.create_at);
    const firstUnread = !unreadPlaced && !!unread && isUnreadAtOpen(post, unread);
    if (firstUnread) unreadPlaced = true;
    rows.push({
      post,
      day: newDay ? dayLabel(post.create_at, now, locale) : undefined,
      firstUnread,
      continued: !newDay && !firstUnread && continues(prev, post),
    });
    prev = post;
  }
  return rows;
}

/** The posts a channel shows: roots only (replies live in their thread), in timeline order. */
export function channelPosts(order: string[], byId: Record<string, Post>): Post[] {
  const out: Post[] = [];
  for (const id of order) {
    const p = byId[id];
    if (p && !p.root_id && !p.delete_at) out.push(p);
  }
  return out;
}

/** Your newest post among `list`, the one the Up arrow edits. */
export function lastOwnPost(list: Post[], myId: string): Post | undefined {
  for (let i = list.length - 1; i >= 0; i--) {
    const p = list[i]!;
    if (p.user_id === myId && !isSystemPost(p)) return p;
  }
  return undefined;
}
