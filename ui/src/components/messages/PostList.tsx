// A channel's posts as a virtual list: only the rows near the viewport exist, measured as they
// render, so thousands of posts scroll smoothly. The virtualizer is anchored to the end, as chat
// reads: prepending older posts keeps the row being read in place, and new posts are followed
// only while the reader is at the bottom (otherwise a button offers to jump down).

import { useSignal } from '@preact/signals';
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';

import type { Channel } from '../../api/types';
import { loadAround, loadLatest, loadNewer, loadOlder, loadPost, posts, timelines } from '../../state/posts';
import { me } from '../../state/session';
import { focusPostId, openThread } from '../../state/view';
import { ChannelIntro } from './ChannelIntro';
import { editingPostId, highlightedPostId, highlightPost } from './compose';
import { PostItem } from './PostItem';
import { DaySeparator, NewMessagesLine } from './Separators';
import { channelPosts, layoutRows, type Row, type UnreadWindow } from './rows';
import { useHeightChange } from './useHeightChange';
import { useVirtualizer } from './useVirtualizer';

/** Closer than this to the bottom counts as "at the bottom". */
const END_SLACK = 40;

/** A first guess at a row's height; the real one is measured once it renders. */
function estimate(row: Row): number {
  const p = row.post;
  let height = row.continued ? 26 : 62;
  if (row.day) height += 44;
  if (row.firstUnread) height += 28;
  height += Math.floor(p.message.length / 100) * 21 + (p.message.match(/\n/g)?.length ?? 0) * 21;
  if (p.file_ids?.length) height += 100;
  if (p.metadata?.reactions?.length) height += 34;
  if (p.reply_count) height += 26;
  return height;
}

function distanceFromEnd(el: HTMLElement): number {
  return el.scrollHeight - el.scrollTop - el.clientHeight;
}

export function PostList({ channel, unread }: { channel: Channel; unread: UnreadWindow }) {
  const timeline = timelines.value[channel.id];
  const byId = posts.value;
  // The list re-renders on every scroll step; rows and the callbacks reading them change only
  // with the data, so the virtualizer keeps its measurements between steps.
  const rows = useMemo(() => layoutRows(channelPosts(timeline?.order ?? [], byId), unread, Date.now()), [timeline?.order, byId, unread]);
  const itemKey = useCallback((i: number) => rows[i]!.post.id, [rows]);
  const estimateSize = useCallback((i: number) => estimate(rows[i]!), [rows]);
  const myId = me.value?.id ?? '';
  const scroller = useRef<HTMLDivElement>(null);
  const atEnd = useSignal(true);
  /** More than two screens above the bottom: worth a "jump to recent" button. */
  const farFromEnd = useSignal(false);
  const olderError = useSignal('');
  /** The initial scroll (to the end, the unread line or a focused post) has happened. */
  const positioned = useRef(false);
  /** The newest post the reader has seen at the bottom; posts after it are unseen. */
  const seenId = useRef('');
  const lastId = useRef('');
  const askedAround = useRef('');
  // The intro or "loading older" block sits in the list's start padding rather than being a row:
  // a row there would be the one the virtualizer keeps in place when older posts are prepended.
  const [topHeight, setTopHeight] = useState(80);
  const topObserver = useRef<ResizeObserver | null>(null);
  const measureTop = useCallback((el: HTMLElement | null) => {
    topObserver.current?.disconnect();
    if (!el) return;
    topObserver.current = new ResizeObserver(() => setTopHeight(el.offsetHeight));
    topObserver.current.observe(el);
  }, []);

  const v = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize,
    getItemKey: itemKey,
    paddingStart: topHeight,
    anchorTo: 'end',
    // A window in the past grows at its end as the reader scrolls down; following that would
    // race through every page to the present.
    followOnAppend: !timeline?.hasNewer,
    scrollEndThreshold: END_SLACK,
    overscan: 6,
  });

  // A row that starts above the viewport changed size: keep what the reader sees in place. The
  // library's default skips rows that straddle the top edge, as suits rows growing at the bottom;
  // ours also change at the top (a prepend removes the first row's date or author line).
  v.shouldAdjustScrollPositionOnItemSizeChange = (item, _delta, instance) => item.start < (instance.scrollOffset ?? 0);

  const newest = rows[rows.length - 1]?.post;
  if (atEnd.value && newest && !timeline?.hasNewer) seenId.current = newest.id;
  const seenAt = rows.findIndex((r) => r.post.id === seenId.current);
  const unseen = seenAt < 0 ? 0 : rows.slice(seenAt + 1).filter((r) => r.post.user_id !== myId).length;

  /** Loads more when the reader nears either end of what is loaded. */
  function checkEdges() {
    const el = scroller.current;
    if (!el || !timeline || !positioned.current) return;
    const distance = distanceFromEnd(el);
    atEnd.value = !timeline.hasNewer && distance <= END_SLACK;
    farFromEnd.value = distance > 2 * el.clientHeight;
    if (timeline.hasOlder && !timeline.loadingOlder && !olderError.value && el.scrollTop < el.clientHeight) {
      loadOlder(channel.id).catch((e: unknown) => (olderError.value = e instanceof Error ? e.message : String(e)));
    }
    if (timeline.hasNewer && !timeline.loadingNewer && distance < el.clientHeight) {
      loadNewer(channel.id).catch((e: unknown) => console.warn('loading newer posts failed', e));
    }
  }

  // First position: the focused post if one is asked for, else the "new messages" line, else the end.
  useLayoutEffect(() => {
    if (positioned.current || !timeline || rows.length === 0) return;
    const focus = focusPostId.value && posts.value[focusPostId.value];
    if (focusPostId.value && (!focus || focus.channel_id === channel.id)) return;
    positioned.current = true;
    const unreadAt = rows.findIndex((r) => r.firstUnread);
    if (unreadAt >= 0) v.scrollToIndex(unreadAt, { align: 'start' });
    else v.scrollToEnd();
  });

  // Your own new post brings you to the bottom, wherever you were reading.
  useLayoutEffect(() => {
    const previous = lastId.current;
    lastId.current = newest?.id ?? '';
    if (positioned.current && previous && newest && newest.id !== previous && newest.user_id === myId && !timeline?.hasNewer) {
      v.scrollToEnd();
    }
  });

  useEffect(checkEdges);

  // Shorter (the composer grew, the keyboard opened) while read at the bottom: stay there.
  useHeightChange(scroller, () => positioned.current && atEnd.peek() && v.scrollToEnd());

  // A permalink or search hit: load the page around it if needed, scroll to it and light it up.
  const focusId = focusPostId.value;
  const focusPost = focusId ? posts.value[focusId] : undefined;
  useEffect(() => {
    if (!focusId || !timeline) return;
    if (!focusPost) {
      loadPost(focusId).catch(() => (focusPostId.value = ''));
      return;
    }
    if (focusPost.channel_id !== channel.id) return;
    const rootId = focusPost.root_id || focusPost.id;
    const index = rows.findIndex((r) => r.post.id === rootId);
    if (index < 0) {
      if (askedAround.current === rootId) return;
      askedAround.current = rootId;
      loadAround(channel.id, rootId).catch(() => (focusPostId.value = ''));
      return;
    }
    positioned.current = true;
    v.scrollToIndex(index, { align: 'center' });
    highlightPost(focusPost.id);
    if (focusPost.root_id) openThread(focusPost.root_id);
    focusPostId.value = '';
  }, [focusId, focusPost, timeline, rows.length]);

  // The Up arrow may pick a post that is scrolled out of view.
  const editing = editingPostId.value;
  useEffect(() => {
    const index = editing ? rows.findIndex((r) => r.post.id === editing) : -1;
    if (index >= 0) v.scrollToIndex(index, { align: 'auto' });
  }, [editing]);

  async function jumpToRecent() {
    if (timeline?.hasNewer) await loadLatest(channel.id);
    v.scrollToEnd();
  }

  const highlighted = highlightedPostId.value;
  const showJump = !atEnd.value && (unseen > 0 || !!timeline?.hasNewer || farFromEnd.value);
  return (
    <div class="post-list">
      <div ref={scroller} class="post-scroll" role="region" tabIndex={0} aria-label="Messages" onScroll={checkEdges}>
        {!timeline ? (
          <p class="center-message muted">Loading messages…</p>
        ) : (
          <div class="post-canvas" style={{ height: `${v.getTotalSize()}px` }}>
            <div ref={measureTop} class="post-list-top">
              <ListTop channel={channel} hasOlder={timeline.hasOlder} error={olderError.value} retry={() => (olderError.value = '')} />
            </div>
            {v.getVirtualItems().map((item) => {
              const row = rows[item.index]!;
              return (
                <div key={item.key} data-index={item.index} ref={v.measureElement} class="post-row" style={{ transform: `translateY(${item.start}px)` }}>
                  <DaySeparator label={row.day} />
                  {row.firstUnread && <NewMessagesLine />}
                  <PostItem post={row.post} continued={row.continued} inThread={false} highlighted={row.post.id === highlighted || row.post.id === posts.value[highlighted]?.root_id} />
                </div>
              );
            })}
          </div>
        )}
      </div>
      {showJump && (
        <button type="button" class="jump-button" onClick={() => void jumpToRecent()}>
          {unseen > 0 ? `${unseen} new ${unseen === 1 ? 'message' : 'messages'}` : 'Jump to recent'} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

function ListTop({ channel, hasOlder, error, retry }: { channel: Channel; hasOlder: boolean; error: string; retry: () => void }) {
  if (!hasOlder) return <ChannelIntro channel={channel} />;
  if (error) {
    return (
      <p class="list-top error" role="alert">
        Could not load older messages: {error}{' '}
        <button type="button" class="btn" onClick={retry}>
          Try again
        </button>
      </p>
    );
  }
  return <p class="list-top muted">Loading older messages…</p>;
}
