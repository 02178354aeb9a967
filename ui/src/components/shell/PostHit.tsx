// One post shown out of its channel (a search hit, a pinned message): author, channel, time and
// text, with the searched words marked. The text is shown as plain text, never as HTML.

import type { Post } from '../../api/types';
import { withEmoji } from '../../markdown/emoji';
import { channelTitle, channels, displayName, users } from '../../state/entities';
import { me } from '../../state/session';
import { Avatar } from './Avatar';
import { highlightParts } from './search';
import './panel.css';

const sameYear = new Intl.DateTimeFormat(undefined, { month: 'short', day: 'numeric', hour: 'numeric', minute: '2-digit' });
const otherYear = new Intl.DateTimeFormat(undefined, { year: 'numeric', month: 'short', day: 'numeric' });

export function postTime(at: number): string {
  const date = new Date(at);
  return (date.getFullYear() === new Date().getFullYear() ? sameYear : otherYear).format(date);
}

export function PostHit({ post, words = [], onOpen }: { post: Post; words?: string[]; onOpen: () => void }) {
  const channel = channels.value[post.channel_id];
  const author = displayName(users.value[post.user_id]);
  const where = channel ? channelTitle(channel, me.value?.id ?? '') : '';
  const text = withEmoji(post.message) || (post.file_ids?.length ? 'Sent a file' : '');
  return (
    <button type="button" class="post-hit" onClick={onOpen} title="Show in the channel">
      <span class="post-hit-meta">
        <Avatar userId={post.user_id} size={24} />
        <b title={author}>{author}</b>
        {where && (
          <span class="post-hit-channel" title={where}>
            {channel?.type === 'D' || channel?.type === 'G' ? where : `~${where}`}
          </span>
        )}
        <time dateTime={new Date(post.create_at).toISOString()}>{postTime(post.create_at)}</time>
      </span>
      <span class="post-hit-text">
        {highlightParts(text, words).map((part, i) => (part.hit ? <mark key={i}>{part.text}</mark> : part.text))}
      </span>
    </button>
  );
}
