// The server calls the profile and settings dialog makes, and keeping the client's copy of the
// user (`me`, `users`) in step with what the server answered.

import { batch } from '@preact/signals';

import { del, get, post, put } from '../../api/client';
import type { Session, User } from '../../api/types';
import { upsert, users } from '../../state/entities';
import { me } from '../../state/session';

/** Puts a user the server returned into the client's state, so every view shows the change. */
export function storeUser(user: User): void {
  batch(() => {
    upsert(users, [user]);
    if (me.value?.id === user.id) me.value = { ...me.value, ...user };
  });
}

export type ProfilePatch = Partial<Pick<User, 'first_name' | 'last_name' | 'nickname' | 'position' | 'notify_props'>>;

export async function patchMe(patch: ProfilePatch): Promise<User> {
  const user = await put<User>('/users/me/patch', patch);
  storeUser(user);
  return user;
}

/** Re-reads a user after a change whose answer is only `{status: "OK"}` (picture, MFA). */
export async function refreshUser(userId: string): Promise<User> {
  const user = await get<User>(`/users/${userId}`);
  storeUser(user);
  return user;
}

export async function uploadPicture(userId: string, file: File): Promise<void> {
  const form = new FormData();
  form.append('image', file, file.name);
  await post(`/users/${userId}/image`, form);
  await refreshUser(userId);
}

export async function resetPicture(userId: string): Promise<void> {
  await del(`/users/${userId}/image`);
  await refreshUser(userId);
}

export function changePassword(userId: string, currentPassword: string, newPassword: string): Promise<unknown> {
  return put(`/users/${userId}/password`, { current_password: currentPassword, new_password: newPassword });
}

export interface MfaSecret {
  secret: string;
  /** A PNG of the otpauth:// QR code, base64 without the data: prefix. */
  qr_code: string;
}

export function generateMfa(userId: string): Promise<MfaSecret> {
  return post<MfaSecret>(`/users/${userId}/mfa/generate`);
}

export async function setMfa(userId: string, activate: boolean, code: string): Promise<void> {
  await put(`/users/${userId}/mfa`, { activate, code });
  await refreshUser(userId);
}

export async function listSessions(userId: string): Promise<Session[]> {
  const list = await get<Session[]>(`/users/${userId}/sessions`);
  return list.sort((a, b) => b.last_activity_at - a.last_activity_at);
}

export function revokeSession(userId: string, sessionId: string): Promise<unknown> {
  return post(`/users/${userId}/sessions/revoke`, { session_id: sessionId });
}

export function revokeAllSessions(userId: string): Promise<unknown> {
  return post(`/users/${userId}/sessions/revoke/all`);
}
