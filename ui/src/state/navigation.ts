// Follows the route: picks the team and channel it names, loads them, joins public channels on
// first visit, opens direct messages by username, resolves permalinks and joins the team of an
// invite link. Marks the open channel read while the reader looks at it.

import { effect, signal } from '@preact/signals';

import { get, post, query } from '../api/client';
import type { Channel, ChannelMember, Post, TeamMember, User } from '../api/types';
import {
  channels,
  currentChannelId,
  currentTeam,
  currentTeamId,
  loadChannels,
  loadTeams,
  myMembers,
  setMember,
  teams,
  upsert,
  users,
} from './entities';
import { loadLatest, timelines } from './posts';
import { navigate, paths, route } from './router';
import { me } from './session';
import { drawerOpen, focusPostId } from './view';

/** The channel every team member is in, opened first and never left. */
export const DEFAULT_CHANNEL = 'town-square';

function teamByName(name: string) {
  return Object.values(teams.value).find((t) => t.name === name);
}

function channelByName(teamId: string, name: string) {
  return Object.values(channels.value).find((c) => c.name === name && (c.team_id === teamId || c.team_id === ''));
}

/** Tells the server the reader now looks at `channelId` (it also records when they left
 * `previous`, as Mattermost's web app does on every switch) and clears its unread state here.
 * Looking again at the same channel calls only when something is unread. */
export async function markViewed(channelId: string, previous = channelId): Promise<void> {
  const member = myMembers.value[channelId];
  const channel = channels.value[channelId];
  if (!member || !channel) return;
  const unread = member.msg_count !== channel.total_msg_count || member.mention_count !== 0;
  if (!unread && previous === channelId) return;
  setMember({ ...member, msg_count: channel.total_msg_count, mention_count: 0 });
  await post('/channels/members/me/view', { channel_id: channelId, prev_channel_id: previous === channelId ? '' : previous });
}

async function openChannel(teamId: string, name: string): Promise<void> {
  let channel = channelByName(teamId, name);
  if (!channel || !myMembers.value[channel.id]) {
    // A public channel the user is not in (or left): join it, as Mattermost does when following a link.
    channel ??= await get<Channel>(`/teams/${teamId}/channels/name/${encodeURIComponent(name)}`);
    const myId = me.value?.id ?? '';
    const member = await post<ChannelMember>(`/channels/${channel.id}/members`, { user_id: myId });
    upsert(channels, [channel]);
    setMember(member);
  }
  const previous = currentChannelId.value;
  currentChannelId.value = channel.id;
  drawerOpen.value = false;
  if (!timelines.value[channel.id]) await loadLatest(channel.id);
  await markViewed(channel.id, previous);
}

/** Shows a channel the user just created or was just put in (a new channel, direct or group
 * message), adding it to the sidebar first so the route finds it. */
export async function goToChannel(channel: Channel, replace = false): Promise<void> {
  if (!myMembers.value[channel.id]) {
    const member = await get<ChannelMember>(`/channels/${channel.id}/members/me`);
    upsert(channels, [channel]);
    setMember(member);
  }
  const team = currentTeam.value;
  if (team) navigate(paths.channel(team.name, channel.name), replace);
}

async function openDirect(username: string): Promise<void> {
  const other = await get<User>(`/users/username/${encodeURIComponent(username)}`);
  upsert(users, [other]);
  const myId = me.value?.id ?? '';
  await goToChannel(await post<Channel>('/channels/direct', [myId, other.id]), true);
}

async function openPermalink(teamName: string, postId: string): Promise<void> {
  const target = await get<Post>(`/posts/${postId}`);
  const channel = channels.value[target.channel_id] ?? (await get<Channel>(`/channels/${target.channel_id}`));
  upsert(channels, [channel]);
  focusPostId.value = postId;
  navigate(paths.channel(teamName, channel.name), true);
}

/** Opens the channel of `target` scrolled to it (a search hit, a pinned message). */
export function showPost(target: Post): void {
  const channel = channels.value[target.channel_id];
  const team = (channel?.team_id && teams.value[channel.team_id]) || currentTeam.value;
  if (!team) return;
  if (!channel) {
    navigate(paths.permalink(team.name, target.id));
    return;
  }
  focusPostId.value = target.id;
  navigate(paths.channel(team.name, channel.name));
}

/** The invite being joined, so the route effect re-running on the new team list joins once. */
let joiningInvite = '';

/** A signed-in user following an invite link joins its team and lands in it. */
async function joinByInvite(inviteId: string): Promise<void> {
  if (joiningInvite === inviteId) return;
  joiningInvite = inviteId;
  try {
    const member = await post<TeamMember>(`/teams/members/invite${query({ invite_id: inviteId })}`);
    await loadTeams();
    const team = teams.value[member.team_id];
    if (team) navigate(paths.channel(team.name, DEFAULT_CHANNEL), true);
  } finally {
    joiningInvite = '';
  }
}

/** Where a signed-in user lands: their first team's default channel, or the first channel they
 * are in when they are not in that one (a guest is only in the channels it was put in). */
async function home(): Promise<void> {
  const first = Object.values(teams.value).sort((a, b) => a.display_name.localeCompare(b.display_name))[0];
  if (!first) return;
  if (!Object.values(channels.peek()).some((c) => c.team_id === first.id)) await loadChannels(first.id);
  const mine = Object.values(channels.peek())
    .filter((c) => c.team_id === first.id && (c.type === 'O' || c.type === 'P') && myMembers.peek()[c.id])
    .sort((a, b) => a.display_name.localeCompare(b.display_name));
  const landing = mine.find((c) => c.name === DEFAULT_CHANNEL) ?? mine[0];
  navigate(paths.channel(first.name, landing?.name ?? DEFAULT_CHANNEL), true);
}

/** Errors while following a route: the message shown in place of the channel. */
export const routeError = signal('');

function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export function startNavigation(): () => void {
  return effect(() => {
    const r = route.value;
    const allTeams = teams.value;
    if (!me.value) return;
    routeError.value = '';
    if (r.page === 'signup') {
      joinByInvite(r.inviteId).catch((err: unknown) => (routeError.value = `This invite link does not work: ${messageOf(err)}`));
      return;
    }
    // Signed in on the sign-in page (the session was restored, or sign-in just succeeded
    // there): go to the first team, as from the root.
    if (r.page === 'home' || r.page === 'login') {
      if (Object.keys(allTeams).length) home().catch((err: unknown) => (routeError.value = messageOf(err)));
      return;
    }
    if (r.page !== 'channel' && r.page !== 'dm' && r.page !== 'permalink') return;
    const team = teamByName(r.team);
    if (!team) {
      if (Object.keys(allTeams).length) routeError.value = `There is no team "${r.team}" that you belong to.`;
      return;
    }
    currentTeamId.value = team.id;
    const loaded = Object.values(channels.peek()).some((c) => c.team_id === team.id);
    const ready = loaded ? Promise.resolve() : loadChannels(team.id);
    const next = ready.then(() => {
      if (r.page === 'channel') return openChannel(team.id, r.channel);
      if (r.page === 'dm') return openDirect(r.username);
      return openPermalink(team.name, r.postId);
    });
    next.catch((err: unknown) => (routeError.value = messageOf(err)));
  });
}

/** Reading resumes when the tab becomes visible again. */
document.addEventListener('visibilitychange', () => {
  if (document.visibilityState === 'visible' && currentChannelId.value) void markViewed(currentChannelId.value);
});
