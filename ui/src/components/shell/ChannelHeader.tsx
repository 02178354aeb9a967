// The channel's header: name, purpose, member count and pinned messages.

import type { Channel } from '../../api/types';
import { channelTitle } from '../../state/entities';
import { me } from '../../state/session';

export function ChannelHeader({ channel }: { channel: Channel }) {
  return (
    <header class="ch-header">
      <h1>{channelTitle(channel, me.value?.id ?? '')}</h1>
    </header>
  );
}
