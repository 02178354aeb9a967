// The server calls the admin console makes, one small typed function each. All need a system
// admin's session; the server checks that again on every call.

import { del, get, post, put, query } from '../../api/client';
import type { Channel, Team, User } from '../../api/types';
import { isMissingEndpoint } from '../settings/api';

export const PAGE_SIZE = 50;

// Users.

export function listUsers(page: number): Promise<User[]> {
  return get<User[]>(`/users${query({ page, per_page: PAGE_SIZE, sort: '' })}`);
}

export function searchUsers(term: string): Promise<User[]> {
  return post<User[]>('/users/search', { term, allow_inactive: true, limit: 100 });
}

export interface NewUser {
  email: string;
  username: string;
  password: string;
  first_name: string;
  last_name: string;
}

export function createUser(user: NewUser): Promise<User> {
  return post<User>('/users', user);
}

export function setActive(userId: string, active: boolean): Promise<unknown> {
  return put(`/users/${userId}/active`, { active });
}

/** An admin sets someone's password without knowing the old one. */
export function resetPassword(userId: string, newPassword: string): Promise<unknown> {
  return put(`/users/${userId}/password`, { new_password: newPassword });
}

export function setRoles(userId: string, roles: string): Promise<unknown> {
  return put(`/users/${userId}/roles`, { roles });
}

/** Member to guest: the user keeps only the channels they are in. */
export function demoteToGuest(userId: string): Promise<unknown> {
  return post(`/users/${userId}/demote`);
}

export function promoteToMember(userId: string): Promise<unknown> {
  return post(`/users/${userId}/promote`);
}

export function getUser(userId: string): Promise<User> {
  return get<User>(`/users/${userId}`);
}

// Teams.

export function listTeams(): Promise<Team[]> {
  return get<Team[]>(`/teams${query({ per_page: 200 })}`);
}

/** One team with its invite id, which only admins are shown. */
export function getTeam(teamId: string): Promise<Team> {
  return get<Team>(`/teams/${teamId}`);
}

export function createTeam(name: string, displayName: string): Promise<Team> {
  return post<Team>('/teams', { name, display_name: displayName, type: 'O' });
}

export function patchTeam(teamId: string, patch: Partial<Pick<Team, 'display_name' | 'allow_open_invite'>>): Promise<Team> {
  return put<Team>(`/teams/${teamId}/patch`, patch);
}

export function regenerateInvite(teamId: string): Promise<Team> {
  return post<Team>(`/teams/${teamId}/regenerate_invite_id`);
}

export function archiveTeam(teamId: string): Promise<unknown> {
  return del(`/teams/${teamId}`);
}

export function addToTeam(teamId: string, userId: string): Promise<unknown> {
  return post(`/teams/${teamId}/members`, { team_id: teamId, user_id: userId });
}

export function inviteByEmail(teamId: string, emails: string[]): Promise<unknown> {
  return post(`/teams/${teamId}/invite/email`, emails);
}

/** The link that signs someone up straight into `team`. */
export function inviteLink(team: Pick<Team, 'invite_id'>): string {
  return `${location.origin}/signup_user_complete?id=${encodeURIComponent(team.invite_id ?? '')}`;
}

// Channels.

export interface TeamChannels {
  channels: Channel[];
  /** False when the server could not list private channels the admin is not in. */
  allPrivate: boolean;
}

/** Every channel of a team: public, private and archived. Mattermost lists private ones for
 * admins at /teams/{id}/channels/private; without it, only the private channels the admin is in. */
export async function teamChannels(teamId: string): Promise<TeamChannels> {
  const [open, archived] = await Promise.all([
    get<Channel[]>(`/teams/${teamId}/channels${query({ per_page: 200 })}`),
    get<Channel[]>(`/teams/${teamId}/channels/deleted${query({ per_page: 200 })}`),
  ]);
  let secret: Channel[];
  let allPrivate = true;
  try {
    secret = await get<Channel[]>(`/teams/${teamId}/channels/private${query({ per_page: 200 })}`);
  } catch (err) {
    if (!isMissingEndpoint(err)) throw err;
    allPrivate = false;
    const mine = await get<Channel[]>(`/users/me/teams/${teamId}/channels`);
    secret = mine.filter((c) => c.type === 'P');
  }
  const byId = new Map<string, Channel>();
  for (const c of [...open, ...secret, ...archived]) byId.set(c.id, c);
  const channels = [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name));
  return { channels, allPrivate };
}

export function renameChannel(channelId: string, displayName: string): Promise<Channel> {
  return put<Channel>(`/channels/${channelId}/patch`, { display_name: displayName });
}

export function setPrivacy(channelId: string, privacy: 'O' | 'P'): Promise<Channel> {
  return put<Channel>(`/channels/${channelId}/privacy`, { privacy });
}

export function archiveChannel(channelId: string): Promise<unknown> {
  return del(`/channels/${channelId}`);
}

export function restoreChannel(channelId: string): Promise<Channel> {
  return post<Channel>(`/channels/${channelId}/restore`);
}

// Server configuration (Mattermost's config.json shape; only the sections the console edits).

export interface ServerConfig {
  ServiceSettings: { SiteURL: string };
  TeamSettings: { EnableOpenServer: boolean };
  FileSettings: { MaxFileSize: number };
}

export function getConfig(): Promise<ServerConfig> {
  return get<ServerConfig>('/config');
}

export function patchConfig(patch: Partial<{ [K in keyof ServerConfig]: Partial<ServerConfig[K]> }>): Promise<ServerConfig> {
  return put<ServerConfig>('/config/patch', patch);
}
