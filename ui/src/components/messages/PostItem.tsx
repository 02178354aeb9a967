// One post: avatar and name (unless it continues the author's group), time, the Markdown message or
// its inline editor, "(edited)", files, reactions, the reply count and the actions. System posts
// are one muted line.

import { memo } from 'preact/compat';

import type { Post } from '../../api/types';
import { displayName, users } from '../../state/entities';
import { openThread } from '../../state/view';
import { PostFiles } from '../files/attachments';
import { Avatar } from '../shell/Avatar';
import { PinIcon } from '../common/icons';
import { editingPostId, selectedPostId, touchOnly } from './compose';
import { Markdown } from './Markdown';
import { PostActions } from './PostActions';
import { PostEditor } from './PostEditor';
import { Reactions } from './Reactions';
import { isSystemPost } from './rows';
import './posts.css';

function timeOf(time: number): string {
  return new Date(time).toLocaleTimeString(undefined, { hour: 'numeric', minute: '2-digit' });
}

function fullDate(time: number): string {
  return new Date(time).toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'short' });
}

/** Marks a pinned post; on a post that continues a group it stands on its own line. */
function PinnedMark() {
  return (
    <span class="post-pinned">
      <PinIcon size={13} />
      Pinned
    </span>
  );
}

function Time({ at, class: cls }: { at: number; class: string }) {
  return (
    <time class={cls} dateTime={new Date(at).toISOString()} title={fullDate(at)}>
      {timeOf(at)}
    </time>
  );
}

/** The text, unless the post is only files. */
function Message({ post }: { post: Post }) {
  if (!post.message) return null;
  return (
    <div class="post-message">
      <Markdown text={post.message} />
      {post.edit_at > 0 && (
        <span class="post-edited" title={`Edited ${fullDate(post.edit_at)}`}>
          (edited)
        </span>
      )}
    </div>
  );
}

interface Props {
  post: Post;
  continued: boolean;
  /** Shown in the thread panel: no reply count or reply action. */
  inThread: boolean;
  highlighted: boolean;
}

function PostItemView({ post, continued, inThread, highlighted }: Props) {
  const name = displayName(users.value[post.user_id]);
  if (isSystemPost(post)) {
    return (
      <article class={`post post-system${highlighted ? ' highlight' : ''}`} aria-label={`${post.message}, ${timeOf(post.create_at)}`}>
        <Time at={post.create_at} class="post-gutter-time" />
        <p class="post-system-text">{post.message}</p>
      </article>
    );
  }
  const editing = editingPostId.value === post.id;
  const selected = selectedPostId.value === post.id;
  const replies = post.reply_count ?? 0;
  // A tap on the post (not on its links or buttons) shows or hides its actions on touch screens;
  // keyboards reach them by focus, mice by hover.
  const toggleActions = (e: MouseEvent) => {
    if (!touchOnly() || (e.target as Element).closest('a, button, textarea, input')) return;
    selectedPostId.value = selected ? '' : post.id;
  };
  return (
    <article
      class={`post${continued ? ' continued' : ''}${highlighted ? ' highlight' : ''}${selected ? ' selected' : ''}`}
      aria-label={`${name}, ${timeOf(post.create_at)}`}
      onClick={toggleActions}
    >
      <div class="post-gutter">{continued ? <Time at={post.create_at} class="post-gutter-time" /> : <Avatar userId={post.user_id} size={36} />}</div>
      <div class="post-main">
        {!continued && (
          <header class="post-header">
            <span class="post-author" title={name}>
              {name}
            </span>
            <Time at={post.create_at} class="post-time" />
            {post.is_pinned && <PinnedMark />}
          </header>
        )}
        {continued && post.is_pinned && <PinnedMark />}
        {editing ? <PostEditor post={post} /> : <Message post={post} />}
        <PostFiles post={post} />
        <Reactions post={post} />
        {!inThread && replies > 0 && (
          <button type="button" class="post-replies" onClick={() => openThread(post.id)}>
            {replies === 1 ? '1 reply' : `${replies} replies`}
          </button>
        )}
      </div>
      {!editing && <PostActions post={post} inThread={inThread} />}
    </article>
  );
}

/** Rows re-render while the list scrolls; a post re-renders only when it or its place changes. */
export const PostItem = memo(PostItemView);
