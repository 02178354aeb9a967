// "Ana is typing…" under a composer. It refreshes itself when the next indicator runs out, since
// no event says that someone stopped.

import { useEffect, useState } from 'preact/hooks';

import { displayName, typing, users } from '../../state/entities';
import { activeTypers, nextExpiry, typingText } from './typing';

export function TypingLine({ channelId, rootId }: { channelId: string; rootId: string }) {
  const [now, setNow] = useState(Date.now());
  const expiries = typing.value[`${channelId}:${rootId}`];
  const current = Date.now();
  const text = typingText(activeTypers(expiries, current).map((id) => displayName(users.value[id])));
  const next = nextExpiry(expiries, current);

  useEffect(() => {
    if (next === undefined) return;
    const timer = setTimeout(() => setNow(Date.now()), next - Date.now() + 50);
    return () => clearTimeout(timer);
  }, [next, now]);

  // Not a live region: new posts are read out (Announcer); every start and stop of someone's
  // typing read out as well would be too much.
  return <div class="typing-line">{text}</div>;
}
