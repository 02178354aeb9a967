// Who is signed in, the server's client config, and the live connection's lifecycle: sign-in
// starts the socket and loads the user's teams; sign-out or an expired session clears everything.

import { batch, signal } from '@preact/signals';

import { ApiError, get, post, setUnauthorizedHandler } from '../api/client';
import { Socket, type SocketState } from '../api/socket';
import type { ClientConfig, User } from '../api/types';
import {
  channels,
  currentChannelId,
  currentTeamId,
  loadTeams,
  myMembers,
  statuses,
  teamMembers,
  teams,
  teamUnreads,
  typing,
  upsert,
  users,
} from './entities';
import { handleEvent, resync } from './events';
import { posts, threads, timelines } from './posts';

export const me = signal<User | null>(null);
export const config = signal<ClientConfig>({});
/** False until the first check of the session has answered. */
export const ready = signal(false);
export const socketState = signal<SocketState>('connecting');

let socket: Socket | null = null;

export function sendAction(action: string, data: Record<string, unknown>): void {
  socket?.send(action, data);
}

export async function loadConfig(): Promise<void> {
  config.value = await get<ClientConfig>('/config/client?format=old');
}

/** How long sign-in waits for the live connection before loading without it. */
const LISTEN_WAIT_MS = 3_000;

async function startSession(user: User): Promise<void> {
  socket?.stop();
  socket = new Socket({ onEvent: handleEvent, onResync: () => void resync(), onState: (s) => (socketState.value = s) });
  socket.start();
  // Listen first, then load: a post made while the page loads is then either in what is loaded
  // or delivered as an event, never neither.
  try {
    await socket.listening(LISTEN_WAIT_MS);
    await loadTeams();
  } catch (e) {
    clearSession();
    throw e;
  }
  // Signed in only now, with the teams known, so the page never flashes "no team yet".
  batch(() => {
    me.value = user;
    upsert(users, [user]);
  });
}

/** Restores the session kept in the cookie, if any. */
export async function bootstrap(): Promise<void> {
  setUnauthorizedHandler(clearSession);
  try {
    await loadConfig();
    const user = await get<User>('/users/me');
    await startSession(user);
  } catch (e) {
    if (!(e instanceof ApiError) || e.status !== 401) console.warn('session restore failed', e);
  } finally {
    ready.value = true;
  }
}

export async function login(loginId: string, password: string, mfaToken = ''): Promise<void> {
  const user = await post<User>('/users/login', { login_id: loginId, password, token: mfaToken });
  await loadConfig();
  await startSession(user);
}

export async function logout(): Promise<void> {
  try {
    await post('/users/logout');
  } finally {
    clearSession();
  }
}

/** Forgets everything of the previous user so the next one starts clean. */
export function clearSession(): void {
  socket?.stop();
  socket = null;
  batch(() => {
    me.value = null;
    users.value = {};
    teams.value = {};
    teamMembers.value = {};
    teamUnreads.value = {};
    statuses.value = {};
    typing.value = {};
    channels.value = {};
    myMembers.value = {};
    posts.value = {};
    timelines.value = {};
    threads.value = {};
    currentTeamId.value = '';
    currentChannelId.value = '';
  });
}

addEventListener('online', () => socket?.retryNow());
