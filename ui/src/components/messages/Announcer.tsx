// Reads out, politely, what others post in the open channel (and its threads) while the reader is
// here: posts arriving close together become one sentence (announce.ts), and people joining or
// leaving are not read out. The sidebar's unread marks cover the other channels.

import { useEffect, useState } from 'preact/hooks';

import { displayName, users } from '../../state/entities';
import { onPosted } from '../../state/events';
import { announcement, type Arrival } from './announce';
import { isSystemPost } from './rows';

/** Posts arriving within this long of the first are announced together. */
const GATHER_MS = 1_500;
/** Then the words are cleared, so the same words posted again are announced again. */
const CLEAR_MS = 6_000;

export function Announcer({ channelId }: { channelId: string }) {
  const [text, setText] = useState('');
  useEffect(() => {
    let arrivals: Arrival[] = [];
    let gathering: ReturnType<typeof setTimeout> | undefined;
    let clearing: ReturnType<typeof setTimeout> | undefined;
    const stop = onPosted(({ post, senderName }) => {
      if (post.channel_id !== channelId || isSystemPost(post) || document.visibilityState !== 'visible') return;
      const author = users.peek()[post.user_id];
      arrivals.push({ sender: author ? displayName(author) : senderName, message: post.message, reply: !!post.root_id });
      gathering ??= setTimeout(() => {
        setText(announcement(arrivals));
        arrivals = [];
        gathering = undefined;
        clearTimeout(clearing);
        clearing = setTimeout(() => setText(''), CLEAR_MS);
      }, GATHER_MS);
    });
    return () => {
      stop();
      clearTimeout(gathering);
      clearTimeout(clearing);
    };
  }, [channelId]);
  return (
    <div class="visually-hidden" aria-live="polite" aria-atomic="true">
      {text}
    </div>
  );
}
