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

// Backups (Hearth's own API under /hearth; see server/src/api/hearth_backups.rs).

export type BackupReason = 'scheduled' | 'catch_up' | 'manual' | 'command_line' | 'missed';
export type BackupRunStatus = 'running' | 'succeeded' | 'failed' | 'missed';
/** The stage of a running backup, in the order they run; '' before the first one reports. */
export type BackupPhase = '' | 'snapshot' | 'scan' | 'upload' | 'prune';

/** One backup attempt, or one night a backup was due and the server was off. Times in ms. */
export interface BackupRun {
  id: string;
  reason: BackupReason;
  status: BackupRunStatus;
  started_at: number;
  /** 0 while running. */
  finished_at: number;
  /** The backup's id at the target, what `hearth backup restore` takes. */
  backup_id: string;
  /** While running: the stage, and its own done and total counts. */
  phase: BackupPhase;
  done_bytes: number;
  total_bytes: number;
  done_files: number;
  total_files: number;
  /** Once complete: the files the backup holds, and what this run sent (database included). */
  files: number;
  files_bytes: number;
  /** The archive: database snapshot, config and keys. With `files_bytes`, the backup's size. */
  archive_bytes: number;
  sent_files: number;
  sent_bytes: number;
  /** What went wrong, for failed and missed runs; on a succeeded run, that pruning failed. */
  error: string;
}

export interface BackupStatus {
  enabled: boolean;
  /** Where backups go, without secrets ("sftp://backup@nas:22/srv/hearth", "/mnt/usb/hearth"); '' when unset. */
  target: string;
  /** The nightly time, HH:MM in the server's `time_zone`. */
  time: string;
  time_zone: string;
  encrypted: boolean;
  /** 0 when nightly backups are off. */
  next_run_at: number;
  /** When the newest successful backup started; 0 if none. */
  last_success_at: number;
  /** Whether the server's backup lock is held (by the server or the command line). */
  running: boolean;
  /** Newest first. */
  runs: BackupRun[];
}

export const BACKUP_PAGE_SIZE = 60;

export function getBackups(page = 0): Promise<BackupStatus> {
  return get<BackupStatus>(`/hearth/backups${query({ page, per_page: BACKUP_PAGE_SIZE })}`);
}

/** Starts a backup now; the server answers at once with the run, to be polled. */
export function startBackup(): Promise<BackupRun> {
  return post<BackupRun>('/hearth/backups', {});
}

export function getBackupRun(runId: string): Promise<BackupRun> {
  return get<BackupRun>(`/hearth/backups/${runId}`);
}
