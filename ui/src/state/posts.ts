// Posts and the timelines that order them. A channel's timeline holds the ids of its loaded posts,
// oldest first, and grows backwards as the reader scrolls up; a thread holds its root's replies.
// Live events and resyncs merge into the same records, so a post is stored once however it came.

import { batch, signal } from '@preact/signals';

import { del, get, post, put, query } from '../api/client';
import type { Post, PostList, Reaction } from '../api/types';
import { ensureUsers } from './entities';

export const PAGE_SIZE = 60;

export interface Timeline {
  /** Post ids, oldest first: roots and replies alike, as the channel endpoint returns them. */
  order: string[];
  /** More posts exist before the first loaded one. */
  hasOlder: boolean;
  loadingOlder: boolean;
  /** The loaded posts are a window in the past (a permalink): newer ones exist after the last. */
  hasNewer: boolean;
  loadingNewer: boolean;
  /** The newest change seen, for catching up with `?since=` after a reconnect. */
  syncedAt: number;
}

export const posts = signal<Record<string, Post>>({});
export const timelines = signal<Record<string, Timeline>>({});
/** Reply ids of each loaded thread, oldest first. */
export const threads = signal<Record<string, string[]>>({});

/** Sorts ids by their posts' creation time, oldest first, without duplicates. */
export function orderByTime(ids: Iterable<string>, byId: Record<string, Post>): string[] {
  return [...new Set(ids)]
    .filter((id) => byId[id] && !byId[id].delete_at)
    .sort((a, b) => byId[a]!.create_at - byId[b]!.create_at);
}

function latestChange(list: Post[], floor: number): number {
  return list.reduce((t, p) => Math.max(t, p.update_at, p.create_at, p.delete_at), floor);
}

/** Stores posts, keeping a newer copy when the same post arrives twice. */
export function storePosts(list: Post[]): void {
  if (list.length === 0) return;
  const next = { ...posts.value };
  for (const p of list) {
    const old = next[p.id];
    if (!old || p.update_at >= old.update_at) next[p.id] = p;
  }
  posts.value = next;
  // Authors and the people who reacted are shown by name.
  void ensureUsers(list.flatMap((p) => [p.user_id, ...(p.metadata?.reactions ?? []).map((r) => r.user_id)]));
}

function listPosts(list: PostList): Post[] {
  return list.order.map((id) => list.posts[id]).filter((p): p is Post => !!p);
}

function setTimeline(channelId: string, timeline: Timeline): void {
  timelines.value = { ...timelines.value, [channelId]: timeline };
}

/** Loads the newest page of a channel, replacing what was loaded. */
export async function loadLatest(channelId: string): Promise<void> {
  // Anything that changes after the server read the page is newer than the moment it was asked.
  const asked = Date.now();
  const list = await get<PostList>(`/channels/${channelId}/posts${query({ per_page: PAGE_SIZE })}`);
  const loaded = listPosts(list);
  batch(() => {
    storePosts(loaded);
    // Posts that came over the socket while the page was on its way are newer than the page and
    // had no timeline to join yet.
    const newest = loaded.reduce((t, p) => Math.max(t, p.create_at), 0);
    const arrived = Object.values(posts.value).filter((p) => p.channel_id === channelId && p.create_at > newest);
    setTimeline(channelId, {
      order: orderByTime([...list.order, ...arrived.map((p) => p.id)], posts.value),
      hasOlder: list.order.length >= PAGE_SIZE,
      loadingOlder: false,
      hasNewer: false,
      loadingNewer: false,
      syncedAt: latestChange(loaded, asked - 1),
    });
  });
}

/** The two directions a timeline grows in, and the fields that track each. */
const DIRECTIONS = {
  older: { param: 'before', more: 'hasOlder', loading: 'loadingOlder' },
  newer: { param: 'after', more: 'hasNewer', loading: 'loadingNewer' },
} as const;

/** Loads the page before the oldest loaded post, or after the newest (when the timeline is a
 * window in the past). */
async function loadPage(channelId: string, direction: keyof typeof DIRECTIONS): Promise<void> {
  const { param, more, loading } = DIRECTIONS[direction];
  const timeline = timelines.value[channelId];
  const edge = direction === 'older' ? timeline?.order[0] : timeline?.order[timeline.order.length - 1];
  if (!timeline || !edge || !timeline[more] || timeline[loading]) return;
  setTimeline(channelId, { ...timeline, [loading]: true });
  try {
    const list = await get<PostList>(`/channels/${channelId}/posts${query({ [param]: edge, per_page: PAGE_SIZE })}`);
    batch(() => {
      storePosts(listPosts(list));
      const now = timelines.value[channelId] ?? timeline;
      setTimeline(channelId, {
        ...now,
        order: orderByTime([...now.order, ...list.order], posts.value),
        [more]: list.order.length >= PAGE_SIZE,
        [loading]: false,
      });
    });
  } catch (e) {
    setTimeline(channelId, { ...(timelines.value[channelId] ?? timeline), [loading]: false });
    throw e;
  }
}

export const loadOlder = (channelId: string) => loadPage(channelId, 'older');
export const loadNewer = (channelId: string) => loadPage(channelId, 'newer');

/** Loads one post by id (a permalink's target) unless it is known. */
export async function loadPost(postId: string): Promise<Post> {
  const known = posts.value[postId];
  if (known) return known;
  const found = await get<Post>(`/posts/${postId}`);
  storePosts([found]);
  return found;
}

/** Loads the page around `postId` (a permalink or a search hit) so the view can scroll to it. */
export async function loadAround(channelId: string, postId: string): Promise<void> {
  const [before, after, thread] = await Promise.all([
    get<PostList>(`/channels/${channelId}/posts${query({ before: postId, per_page: PAGE_SIZE / 2 })}`),
    get<PostList>(`/channels/${channelId}/posts${query({ after: postId, per_page: PAGE_SIZE / 2 })}`),
    get<PostList>(`/posts/${postId}/thread`),
  ]);
  const current = timelines.value[channelId];
  const ids = [...before.order, postId, ...after.order];
  batch(() => {
    storePosts([...listPosts(before), ...listPosts(after), ...listPosts(thread)]);
    const order = orderByTime(ids, posts.value);
    // Only join the loaded window when the two touch; otherwise show the window around the post
    // and let "jump to recent" load the newest page again.
    const touches = current && after.order.length < PAGE_SIZE / 2;
    setTimeline(channelId, {
      order: touches ? orderByTime([...order, ...current.order], posts.value) : order,
      hasOlder: before.order.length >= PAGE_SIZE / 2,
      loadingOlder: false,
      hasNewer: after.order.length >= PAGE_SIZE / 2,
      loadingNewer: false,
      syncedAt: current?.syncedAt ?? Date.now(),
    });
  });
}

/** Brings a loaded channel up to date after missed events: edits, deletes and new posts. */
export async function catchUp(channelId: string): Promise<void> {
  const timeline = timelines.value[channelId];
  if (!timeline) return;
  const list = await get<PostList>(`/channels/${channelId}/posts${query({ since: timeline.syncedAt })}`);
  const changed = listPosts(list);
  batch(() => {
    for (const p of changed) applyPost(p);
    const now = timelines.value[channelId];
    if (now) setTimeline(channelId, { ...now, syncedAt: latestChange(changed, now.syncedAt) });
  });
}

/** Merges one created, edited or deleted post into every timeline and thread it belongs to. */
export function applyPost(p: Post): void {
  batch(() => {
    const known = posts.value[p.id];
    storePosts([p]);
    const timeline = timelines.value[p.channel_id];
    if (timeline) {
      // A window in the past takes no new posts: they arrive in order when it reaches the present.
      const order = p.delete_at
        ? timeline.order.filter((id) => id !== p.id)
        : timeline.order.includes(p.id) || timeline.hasNewer
          ? timeline.order
          : orderByTime([...timeline.order, p.id], posts.value);
      setTimeline(p.channel_id, { ...timeline, order, syncedAt: Math.max(timeline.syncedAt, p.update_at) });
    }
    if (p.root_id) {
      const replies = threads.value[p.root_id];
      if (replies) {
        const next = p.delete_at ? replies.filter((id) => id !== p.id) : orderByTime([...replies, p.id], posts.value);
        threads.value = { ...threads.value, [p.root_id]: next };
      }
      const root = posts.value[p.root_id];
      const delta = p.delete_at ? (known && !known.delete_at ? -1 : 0) : known ? 0 : 1;
      if (root && delta) storePosts([{ ...root, reply_count: Math.max(0, (root.reply_count ?? 0) + delta), update_at: root.update_at }]);
    }
  });
}

export async function loadThread(rootId: string): Promise<void> {
  const list = await get<PostList>(`/posts/${rootId}/thread`);
  batch(() => {
    storePosts(listPosts(list));
    threads.value = { ...threads.value, [rootId]: orderByTime(list.order.filter((id) => id !== rootId), posts.value) };
  });
}

export interface NewPost {
  channel_id: string;
  message: string;
  root_id?: string;
  file_ids?: string[];
}

/** Sends a post. It appears at once as pending and is replaced by the server's copy. */
export async function createPost(draft: NewPost, userId: string): Promise<Post> {
  const pendingId = `${userId}:${Date.now()}`;
  const created = await post<Post>('/posts', { ...draft, root_id: draft.root_id ?? '', pending_post_id: pendingId });
  applyPost(created);
  return created;
}

export async function editPost(id: string, message: string): Promise<void> {
  applyPost(await put<Post>(`/posts/${id}/patch`, { message }));
}

export async function deletePost(id: string): Promise<void> {
  await del(`/posts/${id}`);
  const p = posts.value[id];
  if (p) applyPost({ ...p, delete_at: Date.now(), update_at: Date.now() });
}

export async function setPinned(id: string, pinned: boolean): Promise<void> {
  await post(`/posts/${id}/${pinned ? 'pin' : 'unpin'}`);
  const p = posts.value[id];
  if (p) storePosts([{ ...p, is_pinned: pinned, update_at: Math.max(p.update_at, Date.now()) }]);
}

/** Applies an added or removed reaction to the post's metadata. */
export function applyReaction(r: Reaction, added: boolean): void {
  const p = posts.value[r.post_id];
  if (!p) return;
  void ensureUsers([r.user_id]);
  const others = (p.metadata?.reactions ?? []).filter((x) => !(x.user_id === r.user_id && x.emoji_name === r.emoji_name));
  const reactions = added ? [...others, r] : others;
  posts.value = { ...posts.value, [p.id]: { ...p, metadata: { ...p.metadata, reactions } } };
}

export async function toggleReaction(postId: string, userId: string, emoji: string): Promise<void> {
  const mine = posts.value[postId]?.metadata?.reactions?.some((r) => r.user_id === userId && r.emoji_name === emoji);
  if (mine) {
    await del(`/users/${userId}/posts/${postId}/reactions/${encodeURIComponent(emoji)}`);
    applyReaction({ user_id: userId, post_id: postId, emoji_name: emoji, create_at: 0 }, false);
  } else {
    const r = await post<Reaction>('/reactions', { user_id: userId, post_id: postId, emoji_name: emoji });
    applyReaction(r, true);
  }
}
