// What the scenarios share on the one server of a run: the admin, the team, the people and the
// channels. Scenarios run in a fixed order and later ones build on what earlier ones made through
// the browser (the admin from first-run setup, Bob from the invite link); when a scenario runs
// alone, `ensure…` makes the same things through the API instead, so any scenario can run by
// itself.

import { Api } from './api.mjs';

export const PASSWORD = 'Hearth-test-pw1';
export const TEAM = { name: 'acme-office', display_name: 'Acme Office' };

export function person(username) {
  return { username, email: `${username}@example.com`, password: PASSWORD };
}

export class World {
  constructor(server) {
    this.server = server;
    this.admin = person('admin');
    /** API clients by username, signed in once and reused (sessions survive restarts). */
    this.clients = new Map();
    this.team = null;
  }

  get api() {
    return new Api(this.server.url);
  }

  /** Signed-in API client for `user`. */
  async as(user) {
    let client = this.clients.get(user.username);
    if (!client) {
      client = await this.api.login(user.username, user.password);
      this.clients.set(user.username, client);
    }
    user.id = client.user.id;
    return client;
  }

  /** The admin exists (the first account of an empty server becomes system admin). */
  async ensureAdmin() {
    try {
      return await this.as(this.admin);
    } catch (e) {
      if (e.status !== 401 && e.status !== 400) throw e;
    }
    await this.api.post('/users', this.admin);
    return this.as(this.admin);
  }

  /** The team exists; returns it with its invite id. */
  async ensureTeam() {
    const admin = await this.ensureAdmin();
    let team;
    try {
      team = await admin.get(`/teams/name/${TEAM.name}`);
    } catch (e) {
      if (e.status !== 404) throw e;
      team = await admin.post('/teams', { ...TEAM, type: 'O' });
    }
    this.team = team;
    return team;
  }

  /** `username` exists, is in the team and can sign in; returns the person. */
  async ensureUser(username) {
    const user = person(username);
    const team = await this.ensureTeam();
    try {
      await this.as(user);
      return user;
    } catch (e) {
      if (e.status !== 401 && e.status !== 400) throw e;
    }
    const admin = await this.as(this.admin);
    const created = await admin.post('/users', user);
    await admin.post(`/teams/${team.id}/members`, { team_id: team.id, user_id: created.id });
    await this.as(user);
    return user;
  }

  /** A public channel of the team with these people in it (besides the admin, who makes it). */
  async ensureChannel(name, displayName, members = [], type = 'O') {
    const admin = await this.ensureAdmin();
    const team = await this.ensureTeam();
    let channel;
    try {
      channel = await admin.get(`/teams/${team.id}/channels/name/${name}`);
    } catch (e) {
      if (e.status !== 404) throw e;
      channel = await admin.post('/channels', { team_id: team.id, name, display_name: displayName, type });
    }
    for (const member of members) {
      await this.as(member);
      await admin.post(`/channels/${channel.id}/members`, { user_id: member.id });
    }
    return channel;
  }

  /** The client's address of a channel of the team. */
  channelPath(name) {
    return `/${TEAM.name}/channels/${name}`;
  }
}
