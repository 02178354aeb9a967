// The address bar as state. Paths follow Mattermost's web app so links are interchangeable:
// /login, /signup_user_complete?id=INVITE, /TEAM/channels/NAME, /TEAM/messages/@USERNAME,
// /TEAM/pl/POST_ID, /admin_console.

import { signal } from '@preact/signals';

export type Route =
  | { page: 'login' }
  | { page: 'signup'; inviteId: string }
  | { page: 'admin'; section: string }
  | { page: 'home' }
  | { page: 'channel'; team: string; channel: string }
  | { page: 'dm'; team: string; username: string }
  | { page: 'permalink'; team: string; postId: string };

export function parseRoute(path: string, search = ''): Route {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const [first, second, third] = parts;
  if (first === 'login') return { page: 'login' };
  if (first === 'signup_user_complete') return { page: 'signup', inviteId: new URLSearchParams(search).get('id') ?? '' };
  if (first === 'admin_console') return { page: 'admin', section: second ?? 'users' };
  if (first && second === 'channels' && third) return { page: 'channel', team: first, channel: third };
  if (first && second === 'messages' && third?.startsWith('@')) return { page: 'dm', team: first, username: third.slice(1) };
  if (first && second === 'pl' && third) return { page: 'permalink', team: first, postId: third };
  return { page: 'home' };
}

export const route = signal<Route>(parseRoute(location.pathname, location.search));

/** Moves to `path`, adding a history entry unless `replace`. */
export function navigate(path: string, replace = false): void {
  if (path === location.pathname + location.search) return;
  if (replace) history.replaceState(null, '', path);
  else history.pushState(null, '', path);
  route.value = parseRoute(location.pathname, location.search);
}

window.addEventListener('popstate', () => {
  route.value = parseRoute(location.pathname, location.search);
});

export const paths = {
  channel: (team: string, channel: string) => `/${team}/channels/${channel}`,
  dm: (team: string, username: string) => `/${team}/messages/@${username}`,
  permalink: (team: string, postId: string) => `/${team}/pl/${postId}`,
};
