// A user's picture with an optional presence dot (online, away, do not disturb, offline).

import { urls } from '../../api/client';
import { displayName, statuses, users } from '../../state/entities';

export function Avatar({ userId, size = 32, showStatus = false }: { userId: string; size?: number; showStatus?: boolean }) {
  const user = users.value[userId];
  const status = statuses.value[userId] ?? 'offline';
  return (
    <span class="avatar" style={{ width: `${size}px`, height: `${size}px` }}>
      <img src={urls.avatar(userId, user?.last_picture_update ?? 0)} alt="" width={size} height={size} loading="lazy" />
      {showStatus && <span class={`presence presence-${status}`} title={`${displayName(user)} is ${status === 'dnd' ? 'on do not disturb' : status}`} />}
    </span>
  );
}
