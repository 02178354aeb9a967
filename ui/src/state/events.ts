// Turns WebSocket events into state changes, and resyncs from the REST API when the socket could
// not replay what it missed. Views never read the socket; they read the signals this updates.

import { batch } from '@preact/signals';

import type { SocketEvent } from '../api/socket';
import type { Channel, ChannelMember, Post, Reaction, User } from '../api/types';
import {
  channels,
  currentChannelId,
  currentTeamId,
  ensureUsers,
  loadChannels,
  loadTeams,
  myMembers,
  remove,
  setMember,
  statuses,
  typing,
  upsert,
  users,
} from './entities';
import { applyPost, applyReaction, catchUp, timelines } from './posts';
import { me } from './session';

/** How long "X is typing" shows after the last typing event. */
export const TYPING_MS = 6_000;

export interface PostedInfo {
  post: Post;
  mentioned: boolean;
  channelType: string;
  senderName: string;
  channelName: string;
}

type PostedListener = (info: PostedInfo) => void;
const postedListeners: PostedListener[] = [];

/** Subscribes to new posts from others (notifications, sounds, the tab title, the screen
 * reader's announcement). Returns the way to unsubscribe. */
export function onPosted(listener: PostedListener): () => void {
  postedListeners.push(listener);
  return () => {
    const at = postedListeners.indexOf(listener);
    if (at >= 0) postedListeners.splice(at, 1);
  };
}

/** Whether the reader is looking at `channelId` right now, so a new post there is already read. */
export function isWatching(channelId: string): boolean {
  return channelId === currentChannelId.value && document.visibilityState === 'visible';
}

function parse<T>(value: unknown): T | undefined {
  if (typeof value !== 'string') return value as T | undefined;
  try {
    return JSON.parse(value) as T;
  } catch {
    return undefined;
  }
}

function posted(data: Record<string, unknown>): void {
  const p = parse<Post>(data.post);
  if (!p) return;
  const myId = me.value?.id ?? '';
  const mentions = parse<string[]>(data.mentions) ?? [];
  const mine = p.user_id === myId;
  const channel = channels.value[p.channel_id];
  batch(() => {
    applyPost(p);
    if (channel) {
      upsert(channels, [{ ...channel, total_msg_count: channel.total_msg_count + 1, last_post_at: p.create_at }]);
    }
    const member = myMembers.value[p.channel_id];
    if (member) {
      const read = mine || isWatching(p.channel_id);
      const mentioned = mentions.includes(myId) || channel?.type === 'D';
      setMember({
        ...member,
        msg_count: read ? member.msg_count + 1 : member.msg_count,
        mention_count: !read && mentioned ? member.mention_count + 1 : member.mention_count,
        last_viewed_at: read ? p.create_at : member.last_viewed_at,
      });
    }
  });
  if (!channel) void refreshChannels();
  if (mine) return;
  const info: PostedInfo = {
    post: p,
    mentioned: mentions.includes(myId),
    channelType: String(data.channel_type ?? ''),
    senderName: String(data.sender_name ?? ''),
    channelName: String(data.channel_display_name ?? ''),
  };
  for (const listener of postedListeners) listener(info);
}

function typingEvent(event: SocketEvent): void {
  const userId = String(event.data.user_id ?? '');
  const channelId = event.broadcast.channel_id ?? '';
  if (!userId || userId === me.value?.id) return;
  const key = `${channelId}:${String(event.data.parent_id ?? '')}`;
  typing.value = { ...typing.value, [key]: { ...typing.value[key], [userId]: Date.now() + TYPING_MS } };
  void ensureUsers([userId]);
}

/** Stops showing a user as typing once their post arrives. */
function stopTyping(p: Post): void {
  const key = `${p.channel_id}:${p.root_id}`;
  const who = typing.value[key];
  if (!who?.[p.user_id]) return;
  const rest = { ...who };
  delete rest[p.user_id];
  typing.value = { ...typing.value, [key]: rest };
}

async function refreshChannels(): Promise<void> {
  if (currentTeamId.value) await loadChannels(currentTeamId.value);
}

export function handleEvent(event: SocketEvent): void {
  const d = event.data;
  switch (event.event) {
    case 'posted': {
      posted(d);
      const p = parse<Post>(d.post);
      if (p) stopTyping(p);
      break;
    }
    case 'post_edited':
    case 'post_deleted': {
      const p = parse<Post>(d.post);
      if (p) applyPost(event.event === 'post_deleted' ? { ...p, delete_at: p.delete_at || Date.now() } : p);
      break;
    }
    case 'reaction_added':
    case 'reaction_removed': {
      const r = parse<Reaction>(d.reaction);
      if (r) applyReaction(r, event.event === 'reaction_added');
      break;
    }
    case 'typing':
      typingEvent(event);
      break;
    case 'status_change':
      statuses.value = { ...statuses.value, [String(d.user_id)]: d.status as 'online' };
      break;
    case 'channel_viewed': {
      const id = String(d.channel_id ?? '');
      const member = myMembers.value[id];
      const channel = channels.value[id];
      if (member && channel) setMember({ ...member, msg_count: channel.total_msg_count, mention_count: 0, last_viewed_at: Date.now() });
      break;
    }
    case 'post_unread': {
      const id = event.broadcast.channel_id ?? '';
      const member = myMembers.value[id];
      if (member) {
        setMember({
          ...member,
          msg_count: Number(d.msg_count ?? member.msg_count),
          mention_count: Number(d.mention_count ?? member.mention_count),
          last_viewed_at: Number(d.last_viewed_at ?? member.last_viewed_at),
        });
      }
      break;
    }
    case 'channel_created':
    case 'channel_updated':
    case 'channel_converted': {
      const c = parse<Channel>(d.channel);
      if (c && channels.value[c.id]) upsert(channels, [c]);
      else void refreshChannels();
      break;
    }
    case 'channel_deleted': {
      const id = String(d.channel_id ?? '');
      batch(() => {
        remove(channels, id);
        remove(myMembers, id);
      });
      break;
    }
    case 'channel_member_updated': {
      const m = parse<ChannelMember>(d.channelMember);
      if (m && m.user_id === me.value?.id) setMember(m);
      break;
    }
    case 'user_added':
    case 'direct_added':
    case 'group_added':
      if (String(d.user_id ?? me.value?.id) === me.value?.id || event.event !== 'user_added') void refreshChannels();
      break;
    case 'user_removed':
      if (event.broadcast.user_id === me.value?.id && d.channel_id) {
        const id = String(d.channel_id);
        batch(() => {
          remove(channels, id);
          remove(myMembers, id);
        });
      }
      break;
    case 'added_to_team':
    case 'leave_team':
    case 'update_team':
    case 'delete_team':
    case 'restore_team':
      void loadTeams();
      break;
    case 'user_updated':
    case 'new_user': {
      const u = parse<User>(d.user);
      if (u) {
        upsert(users, [u]);
        if (u.id === me.value?.id) me.value = { ...me.value, ...u };
      }
      break;
    }
    case 'user_role_updated':
    case 'memberrole_updated':
      void loadTeams().then(refreshChannels);
      break;
  }
}

/** After a gap the socket could not replay: reload read state and catch up every loaded channel. */
export async function resync(): Promise<void> {
  await loadTeams();
  await refreshChannels();
  await Promise.all(Object.keys(timelines.value).map((id) => catchUp(id)));
}
