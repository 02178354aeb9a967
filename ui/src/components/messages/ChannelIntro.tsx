// What sits above a channel's first post: whose conversation or which channel this is.

import type { Channel } from '../../api/types';
import { channelTitle } from '../../state/entities';
import { me } from '../../state/session';

export function ChannelIntro({ channel }: { channel: Channel }) {
  const title = channelTitle(channel, me.value?.id ?? '');
  const personal = channel.type === 'D' || channel.type === 'G';
  return (
    <div class="channel-intro">
      <h2>{personal ? title : `Welcome to ~${title}`}</h2>
      <p class="muted">
        {personal ? `This is the start of your conversation with ${title}.` : `This is the start of ~${title}.`}
        {channel.purpose && ` ${channel.purpose}`}
      </p>
    </div>
  );
}
