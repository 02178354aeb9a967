// What the channel header's menu and dialogs do to a channel: read its counts, change its purpose
// and header, add members, leave it.

import { batch } from '@preact/signals';

import { del, get, post, put } from '../../api/client';
import type { Channel, ChannelStats } from '../../api/types';
import { channels, currentTeam, myMembers, remove, upsert } from '../../state/entities';
import { DEFAULT_CHANNEL } from '../../state/navigation';
import { navigate, paths } from '../../state/router';
import { can } from './permissions';

export function loadStats(channelId: string): Promise<ChannelStats> {
  return get<ChannelStats>(`/channels/${channelId}/stats`);
}

export function canEditChannel(channel: Channel): boolean {
  if (channel.type !== 'O' && channel.type !== 'P') return false;
  const permission = channel.type === 'O' ? 'manage_public_channel_properties' : 'manage_private_channel_properties';
  return can(permission, { teamId: channel.team_id, channelId: channel.id });
}

export function canAddMembers(channel: Channel): boolean {
  if (channel.type !== 'O' && channel.type !== 'P') return false;
  const permission = channel.type === 'O' ? 'manage_public_channel_members' : 'manage_private_channel_members';
  return can(permission, { teamId: channel.team_id, channelId: channel.id });
}

/** Everyone stays in the default channel, as in Mattermost; direct messages are not left. */
export function canLeave(channel: Channel): boolean {
  return (channel.type === 'O' || channel.type === 'P') && channel.name !== DEFAULT_CHANNEL;
}

export async function patchChannel(channel: Channel, patch: Partial<Pick<Channel, 'purpose' | 'header' | 'display_name'>>): Promise<void> {
  upsert(channels, [await put<Channel>(`/channels/${channel.id}/patch`, patch)]);
}

export async function addMember(channelId: string, userId: string): Promise<void> {
  await post(`/channels/${channelId}/members`, { user_id: userId });
}

/** Leaves the channel and opens the team's default channel. */
export async function leaveChannel(channel: Channel): Promise<void> {
  await del(`/channels/${channel.id}/members/me`);
  const team = currentTeam.value;
  if (team) navigate(paths.channel(team.name, DEFAULT_CHANNEL));
  batch(() => {
    remove(myMembers, channel.id);
    if (channel.type === 'P') remove(channels, channel.id);
  });
}
