// The open channel: header, messages, typing line and composer, and what a screen reader hears
// of new posts. Files dropped anywhere on it are attached to the composer.

import { useState } from 'preact/hooks';

import type { Channel } from '../../api/types';
import { myMembers } from '../../state/entities';
import { posts, timelines } from '../../state/posts';
import { me } from '../../state/session';
import { useAttachments } from '../files/attachments';
import { ChannelHeader } from '../shell/ChannelHeader';
import { Announcer } from './Announcer';
import { touchOnly } from './compose';
import { Composer } from './Composer';
import { Notice } from './Notice';
import { PostList } from './PostList';
import { channelPosts, lastOwnPost, type UnreadWindow } from './rows';
import { TypingLine } from './TypingLine';
import { useFileDrop } from './useFileDrop';
import './messages.css';

/** Each channel gets fresh list, composer and attachment state: keyed by channel id. */
export function ChannelView({ channel }: { channel: Channel }) {
  return <ChannelPane key={channel.id} channel={channel} />;
}

function ChannelPane({ channel }: { channel: Channel }) {
  // Where the "new messages" line goes is decided by the read state when the channel opened;
  // reading it afterwards moves last_viewed_at, but the line stays put until the next visit.
  const [unread] = useState<UnreadWindow>(() => ({
    lastViewedAt: myMembers.peek()[channel.id]?.last_viewed_at ?? 0,
    openedAt: channel.last_post_at,
    myId: me.peek()?.id ?? '',
  }));
  const files = useAttachments(channel.id);
  const drop = useFileDrop(files.attach);
  const lastOwn = () => lastOwnPost(channelPosts(timelines.value[channel.id]?.order ?? [], posts.value), me.value?.id ?? '');

  return (
    <section class="channel" {...drop.handlers}>
      <ChannelHeader channel={channel} />
      <PostList channel={channel} unread={unread} />
      <Notice />
      <Composer channel={channel} files={files} lastOwnPost={lastOwn} autoFocus={!touchOnly()} />
      <TypingLine channelId={channel.id} rootId="" />
      <Announcer channelId={channel.id} />
      {drop.over && (
        <div class="drop-hint" aria-hidden="true">
          Drop files to attach them
        </div>
      )}
    </section>
  );
}
