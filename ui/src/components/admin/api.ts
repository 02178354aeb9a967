// The server calls the admin console makes, one small typed function each. All need a system
// admin's session; the server checks that again on every call.

import { del, get, post, put, query } from '../../api/client';
import type { Channel, Team, User } from '../../api/types';

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

export function restoreTeam(teamId: string): Promise<Team> {
  return post<Team>(`/teams/${teamId}/restore`);
}

export function addToTeam(teamId: string, userId: string): Promise<unknown> {
  return post(`/teams/${teamId}/members`, { team_id: teamId, user_id: userId });
}

// Channels.

/** Every channel of a team, public, private (including those the admin is not in) and archived,
 * by name. */
export async function teamChannels(teamId: string): Promise<Channel[]> {
  const page = query({ per_page: 200 });
  const lists = await Promise.all([
    get<Channel[]>(`/teams/${teamId}/channels${page}`),
    get<Channel[]>(`/teams/${teamId}/channels/private${page}`),
    get<Channel[]>(`/teams/${teamId}/channels/deleted${page}`),
  ]);
  const byId = new Map(lists.flat().map((c) => [c.id, c]));
  return [...byId.values()].sort((a, b) => a.display_name.localeCompare(b.display_name));
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

// Server configuration (Mattermost's config.json shape; only the settings the console edits, which
// are the ones the server changes while running).

export interface ServerConfig {
  ServiceSettings: { SiteURL: string };
  TeamSettings: { SiteName: string; EnableOpenServer: boolean };
  FileSettings: { MaxFileSize: number };
}

export function getConfig(): Promise<ServerConfig> {
  return get<ServerConfig>('/config');
}

export function patchConfig(patch: Partial<{ [K in keyof ServerConfig]: Partial<ServerConfig[K]> }>): Promise<ServerConfig> {
  return put<ServerConfig>('/config/patch', patch);
}
