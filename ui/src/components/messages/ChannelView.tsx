// The open channel: header, messages, typing line and composer.

import { useSignal } from '@preact/signals';

import type { Channel } from '../../api/types';
import { displayName, users } from '../../state/entities';
import { createPost, posts, timelines } from '../../state/posts';
import { me } from '../../state/session';
import { ChannelHeader } from '../shell/ChannelHeader';

export function ChannelView({ channel }: { channel: Channel }) {
  const draft = useSignal('');
  const order = timelines.value[channel.id]?.order ?? [];
  return (
    <section class="channel">
      <ChannelHeader channel={channel} />
      <ol class="post-list">
        {order.map((id) => {
          const p = posts.value[id];
          return p ? (
            <li key={id}>
              <b>{displayName(users.value[p.user_id])}</b> {p.message}
            </li>
          ) : null;
        })}
      </ol>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void createPost({ channel_id: channel.id, message: draft.value }, me.value?.id ?? '');
          draft.value = '';
        }}
      >
        <textarea class="input" aria-label="Write a message" value={draft.value} onInput={(e) => (draft.value = e.currentTarget.value)} />
        <button class="btn">Send</button>
      </form>
    </section>
  );
}
