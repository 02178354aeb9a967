// Everything the client knows about the server's records, as signals the views read. Records are
// replaced, never mutated, so a view re-renders exactly when what it reads changes.

import { batch, computed, signal } from '@preact/signals';

import { get, post } from '../api/client';
import type { Channel, ChannelMember, Status, Team, TeamMember, TeamUnread, User } from '../api/types';

export const users = signal<Record<string, User>>({});
export const teams = signal<Record<string, Team>>({});
export const teamMembers = signal<Record<string, TeamMember>>({});
export const teamUnreads = signal<Record<string, TeamUnread>>({});
export const channels = signal<Record<string, Channel>>({});
/** The signed-in user's membership of each channel: read state and counts. */
export const myMembers = signal<Record<string, ChannelMember>>({});
export const statuses = signal<Record<string, Status['status']>>({});
/** Who is typing where: key `channelId:rootId`, value user id -> time the indicator expires. */
export const typing = signal<Record<string, Record<string, number>>>({});

export const currentTeamId = signal<string>('');
export const currentChannelId = signal<string>('');

export const currentTeam = computed(() => teams.value[currentTeamId.value]);
export const currentChannel = computed(() => channels.value[currentChannelId.value]);

/** Replaces or adds records keyed by `id`. */
export function upsert<T extends { id: string }>(target: { value: Record<string, T> }, items: T[]): void {
  if (items.length === 0) return;
  const next = { ...target.value };
  for (const item of items) next[item.id] = item;
  target.value = next;
}

export function remove<T>(target: { value: Record<string, T> }, key: string): void {
  if (!(key in target.value)) return;
  const next = { ...target.value };
  delete next[key];
  target.value = next;
}

export function setMember(member: ChannelMember): void {
  myMembers.value = { ...myMembers.value, [member.channel_id]: member };
}

const pendingUserIds = new Set<string>();
let userFetch: Promise<void> | null = null;

/** Loads the profiles of `ids` not yet known, batching the calls of one tick into one request. */
export function ensureUsers(ids: Iterable<string>): Promise<void> {
  for (const id of ids) if (id && !users.value[id]) pendingUserIds.add(id);
  if (pendingUserIds.size === 0) return Promise.resolve();
  userFetch ??= Promise.resolve().then(async () => {
    const wanted = [...pendingUserIds];
    pendingUserIds.clear();
    userFetch = null;
    for (let i = 0; i < wanted.length; i += 200) {
      const found = await post<User[]>('/users/ids', wanted.slice(i, i + 200));
      upsert(users, found);
    }
    await loadStatuses(wanted);
  });
  return userFetch;
}

export async function loadStatuses(ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  const found = await post<Status[]>('/users/status/ids', ids);
  const next = { ...statuses.value };
  for (const s of found) next[s.user_id] = s.status;
  statuses.value = next;
}

/** The name people see: nickname or full name when set, else the username. */
export function displayName(user: User | undefined): string {
  if (!user) return 'Someone';
  const full = `${user.first_name} ${user.last_name}`.trim();
  return user.nickname || full || user.username;
}

/** The other person of a direct channel, whose name is `idA__idB`. */
export function directPartner(channel: Channel, myId: string): string {
  const [a, b] = channel.name.split('__');
  return a === myId ? (b ?? a) : (a ?? '');
}

/** What the sidebar and header call a channel; direct and group channels are named after people. */
export function channelTitle(channel: Channel, myId: string): string {
  if (channel.type === 'D') return displayName(users.value[directPartner(channel, myId)]);
  if (channel.type === 'G') {
    const names = channel.display_name.split(',').map((n) => n.trim());
    const self = users.value[myId]?.username;
    return names.filter((n) => n !== self).join(', ') || channel.display_name;
  }
  return channel.display_name || channel.name;
}

export function isUnread(channel: Channel, member: ChannelMember | undefined): boolean {
  if (!member) return false;
  return channel.total_msg_count > member.msg_count;
}

/** Loads teams, memberships, channels and unread counts for the signed-in user. */
export async function loadTeams(): Promise<void> {
  const [myTeams, members, unreads] = await Promise.all([
    get<Team[]>('/users/me/teams'),
    get<TeamMember[]>('/users/me/teams/members'),
    get<TeamUnread[]>('/users/me/teams/unread'),
  ]);
  batch(() => {
    teams.value = Object.fromEntries(myTeams.map((t) => [t.id, t]));
    teamMembers.value = Object.fromEntries(members.map((m) => [m.team_id, m]));
    teamUnreads.value = Object.fromEntries(unreads.map((u) => [u.team_id, u]));
  });
}

/** Loads the channels of `teamId` the user belongs to, with their read state. */
export async function loadChannels(teamId: string): Promise<void> {
  const [list, members] = await Promise.all([
    get<Channel[]>(`/users/me/teams/${teamId}/channels?include_deleted=false`),
    get<ChannelMember[]>(`/users/me/teams/${teamId}/channels/members`),
  ]);
  batch(() => {
    upsert(channels, list);
    const next = { ...myMembers.value };
    for (const m of members) next[m.channel_id] = m;
    myMembers.value = next;
  });
  const me = members[0]?.user_id ?? '';
  const people = new Set<string>();
  for (const c of list) if (c.type === 'D') people.add(directPartner(c, me));
  await ensureUsers(people);
}
