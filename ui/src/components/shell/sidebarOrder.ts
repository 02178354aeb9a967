// The order the sidebar lists channels in, shared by the sidebar itself and by Alt+Up/Down, which
// move through it: the team's channels by name, then direct and group messages, latest first.

import { computed } from '@preact/signals';

import type { Channel } from '../../api/types';
import { channelTitle, channels, currentChannelId, currentTeamId, isUnread, myMembers } from '../../state/entities';
import { me } from '../../state/session';

export const sidebarLists = computed(() => {
  const myId = me.value?.id ?? '';
  const teamId = currentTeamId.value;
  const mine = Object.values(channels.value).filter((c) => myMembers.value[c.id] && !c.delete_at);
  const regular = mine
    .filter((c) => (c.type === 'O' || c.type === 'P') && c.team_id === teamId)
    .sort((a, b) => channelTitle(a, myId).localeCompare(channelTitle(b, myId)));
  const direct = mine.filter((c) => c.type === 'D' || c.type === 'G').sort((a, b) => b.last_post_at - a.last_post_at);
  return { regular, direct };
});

/** The channel `step` places away from the open one in sidebar order, wrapping around; with
 * `unreadOnly`, the nearest unread one in that direction. */
export function adjacentChannel(step: 1 | -1, unreadOnly = false): Channel | undefined {
  const { regular, direct } = sidebarLists.value;
  const list = [...regular, ...direct];
  const at = list.findIndex((c) => c.id === currentChannelId.value);
  for (let i = 1; i < list.length; i++) {
    const candidate = list[(at + step * i + list.length * i) % list.length];
    if (candidate && (!unreadOnly || isUnread(candidate, myMembers.value[candidate.id]))) return candidate;
  }
  return undefined;
}
