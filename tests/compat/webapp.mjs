// Drives a Hearth server with the official Mattermost web client library (@mattermost/client):
// Client4 for REST and WebSocketClient for events, calling them the way the web app does.
//
// Usage: node webapp.mjs URL ADMIN ADMIN_PASSWORD USER USER_PASSWORD
// Both accounts must exist; ADMIN must be a system admin. Exits non-zero on any mismatch.

import mattermost from '@mattermost/client';
import WebSocket from 'ws';

import {Events, check, currentStep, eq, isId, ok} from './check.mjs';
import {channelsAndMembers, postsAndUnreads, profilesAndTeams, reply, socketActions} from './webapp_more.mjs';

const {Client4, WebSocketClient} = mattermost;

// Node 20 has no WebSocket or CloseEvent globals; the client uses both (WebSocket.OPEN, and a
// CloseEvent when it drops a connection).
globalThis.WebSocket ??= WebSocket;
globalThis.CloseEvent ??= class CloseEvent extends Event {
    constructor(type, init = {}) {
        super(type);
        this.code = init.code;
        this.wasClean = init.wasClean;
    }
};

const [url, adminName, adminPassword, userName, userPassword] = process.argv.slice(2);
if (!userPassword) {
    console.error('usage: node webapp.mjs URL ADMIN ADMIN_PASSWORD USER USER_PASSWORD');
    process.exit(2);
}

function client() {
    const c = new Client4();
    c.setUrl(url);
    return c;
}

/** Opens a WebSocketClient the web app's way (MMAUTHTOKEN cookie, posted_ack) or with a token challenge. */
async function socket(name, wsUrl, token, useCookie) {
    const events = new Events(name);
    // Reconnect quickly after a drop (the web app waits 3 s or more).
    const options = {minWebSocketRetryTime: 100, reconnectJitterRange: 50};
    if (useCookie) {
        options.newWebSocketFn = (u) => new WebSocket(u, {headers: {Cookie: `MMAUTHTOKEN=${token}`}});
    }
    const ws = new WebSocketClient(options);
    ws.addMessageListener(events.listener);
    ws.addCloseListener((fails) => events.seen.push({event: '(closed)', fails}));
    // Called when the server could not resume a connection and the app must refetch.
    ws.addMissedMessageListener(() => events.seen.push({event: '(missed)'}));
    if (useCookie) {
        ws.initialize(wsUrl, undefined, true);
    } else {
        ws.initialize(wsUrl, token);
    }
    const hello = await events.next('hello');
    eq(hello.seq, 0, `${name}'s hello seq`);
    ok(hello.data.connection_id, `${name}'s hello has a connection_id`);
    ok(hello.data.server_version, `${name}'s hello has a server_version`);
    return {ws, events};
}

async function main() {
    const admin = client();
    const user = client();

    // The web app's loadConfigAndMe: config and license before anyone is logged in.
    const config = await check('getClientConfig (config/client?format=old)', async () => {
        const c = await admin.getClientConfig();
        ok(typeof c === 'object', 'config is a JSON object');
        const major = Number(String(c.Version).split('.')[0]);
        ok(major >= 9, `Version ${c.Version} is at least 9.11 (mobile minimum)`);
        eq(c.NoAccounts, 'false', 'NoAccounts once the admin exists');
        return c;
    });
    await check('getClientLicenseOld', async () => {
        const license = await admin.getClientLicenseOld();
        eq(license.IsLicensed, 'false', 'IsLicensed');
    });

    const me = await check('login (admin)', async () => {
        const profile = await admin.login(adminName, adminPassword);
        eq(profile.username, adminName, 'login returns the profile');
        ok(admin.getToken(), 'the client took the Token header');
        ok(profile.roles.includes('system_admin'), `admin roles ${profile.roles}`);
        return profile;
    });
    await check('getMe with the BEARER token', async () => eq((await admin.getMe()).id, me.id, 'getMe id'));

    // The admin sets up a team for the user, as an admin would in the web app.
    const team = await check('createTeam', async () => {
        const t = await admin.createTeam({name: 'compat', display_name: 'Compat', type: 'O'});
        isId(t.id, 'team id');
        eq([t.name, t.type], ['compat', 'O'], 'team name and type');
        return t;
    });
    const userId = await check('getUserByUsername', async () => (await admin.getUserByUsername(userName)).id);
    await check('addToTeam', async () => {
        const member = await admin.addToTeam(team.id, userId);
        eq([member.team_id, member.user_id], [team.id, userId], 'team member');
    });

    // loadMe, as the user.
    const profile = await check('login (user)', async () => user.login(userName, userPassword));
    await check('getClientConfig (user)', async () => eq((await user.getClientConfig()).Version, config.Version, 'Version'));
    await check('getClientLicenseOld (user)', async () => ok('IsLicensed' in (await user.getClientLicenseOld()), 'IsLicensed'));
    await check('getMe', async () => {
        const m = await user.getMe();
        eq([m.id, m.username, m.email], [profile.id, userName, profile.email], 'profile');
        ok(m.roles.split(' ').includes('system_user'), `roles ${m.roles}`);
        ok(typeof m.notify_props === 'object' && typeof m.timezone === 'object', 'notify_props and timezone objects');
    });
    await check('getMyPreferences', async () => ok(Array.isArray(await user.getMyPreferences()), 'preferences are a list'));
    await check('getMyTeams', async () => {
        const teams = await user.getMyTeams();
        eq(teams.map((t) => t.id), [team.id], 'my teams');
    });
    await check('getMyTeamMembers', async () => {
        const members = await user.getMyTeamMembers();
        eq(members.map((m) => [m.team_id, m.user_id]), [[team.id, userId]], 'team members');
        ok(members[0].roles.includes('team_user'), `team roles ${members[0].roles}`);
        eq(members[0].delete_at, 0, 'delete_at');
    });
    await check('getMyTeamUnreads', async () => {
        const unreads = await user.getMyTeamUnreads(false);
        eq(unreads.map((u) => u.team_id), [team.id], 'unread teams');
        ok(Number.isInteger(unreads[0].msg_count) && Number.isInteger(unreads[0].mention_count), 'counts are numbers');
    });
    const channels = await check('getMyChannels', async () => {
        const list = await user.getMyChannels(team.id);
        const names = list.map((c) => c.name).sort();
        eq(names, ['off-topic', 'town-square'], 'channel names');
        return list;
    });
    const townSquare = channels.find((c) => c.name === 'town-square');
    await check('getMyChannelMembers', async () => {
        const members = await user.getMyChannelMembers(team.id);
        eq(members.map((m) => m.channel_id).sort(), channels.map((c) => c.id).sort(), 'member channel ids');
        ok(members.every((m) => m.user_id === userId && typeof m.notify_props === 'object'), 'members are mine');
    });
    await check('getChannelCategories', async () => {
        const cats = await user.getChannelCategories(userId, team.id);
        ok(Array.isArray(cats.categories) && Array.isArray(cats.order), 'categories and order');
        eq(cats.order, cats.categories.map((c) => c.id), 'order lists the categories');
        const placed = cats.categories.flatMap((c) => c.channel_ids).sort();
        eq(placed, channels.map((c) => c.id).sort(), 'every channel sits in one category');
        ok(cats.categories.some((c) => c.type === 'channels'), 'a channels category');
    });
    await check('getPostsUnread', async () => {
        const list = await user.getPostsUnread(townSquare.id, userId);
        ok(Array.isArray(list.order) && typeof list.posts === 'object', 'a post list');
        eq(typeof list.next_post_id, 'string', 'next_post_id');
        eq(typeof list.prev_post_id, 'string', 'prev_post_id');
    });
    await check('getRolesByNames', async () => {
        const roles = await user.getRolesByNames(['system_user', 'team_user', 'channel_user']);
        eq(roles.map((r) => r.name).sort(), ['channel_user', 'system_user', 'team_user'], 'role names');
        ok(roles.every((r) => Array.isArray(r.permissions) && r.permissions.length > 0), 'roles have permissions');
    });
    await check('getStatusesByIds', async () => {
        const statuses = await user.getStatusesByIds([userId, me.id]);
        eq(statuses.map((s) => s.user_id).sort(), [userId, me.id].sort(), 'status user ids');
    });

    // Real time: the user's socket as the web app opens it, the admin's with a token challenge.
    const wsUrl = `${config.WebsocketURL || url.replace(/^http/, 'ws')}/api/v4/websocket`;
    const userWs = await check('WebSocketClient (cookie, posted_ack)', async () => socket('user', wsUrl, user.getToken(), true));
    const adminWs = await check('WebSocketClient (authentication_challenge)', async () => socket('admin', wsUrl, admin.getToken(), false));

    // The core loop: posting, reading, editing, reacting, pinning.
    const pending = `${me.id}:${Date.now()}`;
    const root = await check('createPost', async () => {
        const post = await admin.createPost({
            channel_id: townSquare.id, message: 'hello from Client4', pending_post_id: pending,
            user_id: me.id, create_at: 0, update_at: Date.now(), reply_count: 0, file_ids: [], props: {}, metadata: {},
        });
        isId(post.id, 'post id');
        eq([post.message, post.pending_post_id, post.user_id, post.channel_id], ['hello from Client4', pending, me.id, townSquare.id], 'post');
        ok(post.create_at > 0, 'create_at is set');
        return post;
    });
    await check('posted event', async () => {
        const msg = await userWs.events.next('posted');
        const post = JSON.parse(msg.data.post);
        eq([post.id, post.message, post.pending_post_id], [root.id, root.message, pending], 'posted data.post');
        eq([msg.data.channel_type, msg.data.sender_name, msg.broadcast.channel_id], ['O', `@${adminName}`, townSquare.id], 'posted data');
    });
    await check('userTyping and typing event', async () => {
        const ack = await reply((cb) => adminWs.ws.userTyping(townSquare.id, '', cb));
        eq(ack.status, 'OK', 'user_typing reply');
        const typing = await userWs.events.next('typing');
        eq([typing.data.user_id, typing.broadcast.channel_id], [me.id, townSquare.id], 'typing event');
    });
    const replyPost = await check('createPost (reply)', async () => {
        const post = await user.createPost({channel_id: townSquare.id, root_id: root.id, message: 'a reply', pending_post_id: `${userId}:1`, create_at: 0});
        eq(post.root_id, root.id, 'root_id');
        return post;
    });
    const later = [];
    for (const n of [1, 2, 3]) {
        later.push(await check(`createPost ${n}`, async () => admin.createPost({channel_id: townSquare.id, message: `post ${n}`, pending_post_id: `${me.id}:p${n}`})));
    }
    await check('getPostThread', async () => {
        const thread = await user.getPostThread(root.id);
        ok(thread.order.includes(root.id) && thread.order.includes(replyPost.id), `thread order ${thread.order}`);
        eq(thread.posts[replyPost.id].root_id, root.id, 'reply in thread');
        eq(thread.posts[root.id].reply_count, 1, 'root reply_count');
    });
    await check('getPosts', async () => {
        const list = await user.getPosts(townSquare.id, 0, 60);
        eq(list.order.slice(0, 5), [...later.map((p) => p.id).reverse(), replyPost.id, root.id], 'newest first');
        eq(list.next_post_id, '', 'next_post_id at the newest end');
    });
    await check('getPostsBefore', async () => {
        const list = await user.getPostsBefore(townSquare.id, later[2].id, 0, 2);
        eq(list.order, [later[1].id, later[0].id], 'two posts before post 3');
        eq(list.next_post_id, later[2].id, 'next_post_id');
        eq(list.prev_post_id, replyPost.id, 'prev_post_id');
    });
    await check('getPostsAfter', async () => {
        const list = await user.getPostsAfter(townSquare.id, later[0].id, 0, 60);
        eq(list.order, [later[2].id, later[1].id], 'posts after post 1');
        eq(list.next_post_id, '', 'next_post_id at the newest end');
    });
    await check('patchPost', async () => {
        const post = await admin.patchPost({id: root.id, message: 'edited by Client4'});
        eq(post.message, 'edited by Client4', 'patched message');
        ok(post.edit_at > 0, 'edit_at is set');
        const msg = await userWs.events.next('post_edited');
        eq(JSON.parse(msg.data.post).message, 'edited by Client4', 'post_edited data.post');
    });
    await check('addReaction', async () => {
        const reaction = await user.addReaction(userId, root.id, 'smile');
        eq([reaction.user_id, reaction.post_id, reaction.emoji_name], [userId, root.id, 'smile'], 'reaction');
        const msg = await adminWs.events.next('reaction_added');
        eq(JSON.parse(msg.data.reaction).emoji_name, 'smile', 'reaction_added data.reaction');
    });
    await check('removeReaction', async () => {
        eq((await user.removeReaction(userId, root.id, 'smile')).status, 'OK', 'status');
        const msg = await adminWs.events.next('reaction_removed');
        eq(JSON.parse(msg.data.reaction).user_id, userId, 'reaction_removed data.reaction');
    });
    await check('pinPost', async () => {
        eq((await user.pinPost(root.id)).status, 'OK', 'status');
        eq((await user.getPost(root.id)).is_pinned, true, 'is_pinned');
    });
    await check('viewMyChannel', async () => {
        const view = await user.viewMyChannel(townSquare.id);
        eq(view.status, 'OK', 'status');
        ok(view.last_viewed_at_times?.[townSquare.id] > 0, `last_viewed_at_times ${JSON.stringify(view.last_viewed_at_times)}`);
    });

    // Direct and group messages.
    const dm = await check('createDirectChannel', async () => {
        const channel = await user.createDirectChannel([userId, me.id]);
        eq(channel.type, 'D', 'type');
        eq(channel.name, [userId, me.id].sort().join('__'), 'direct channel name');
        return channel;
    });
    await check('direct post and direct_added', async () => {
        await user.createPost({channel_id: dm.id, message: 'psst', pending_post_id: `${userId}:dm`});
        const msg = await adminWs.events.next('posted', (m) => m.broadcast.channel_id === dm.id);
        eq(JSON.parse(msg.data.post).message, 'psst', 'direct post');
        eq(msg.data.channel_type, 'D', 'channel_type');
    });
    await check('createGroupChannel', async () => {
        const third = await admin.createUser({username: 'compat-third', email: 'compat-third@example.com', password: 'compat-third-password'});
        const channel = await user.createGroupChannel([userId, me.id, third.id]);
        eq(channel.type, 'G', 'type');
        eq((await user.getProfilesInChannel(channel.id)).map((u) => u.id).sort(), [userId, me.id, third.id].sort(), 'group members');
    });

    await check('savePreferences', async () => {
        const pref = {user_id: userId, category: 'display_settings', name: 'use_military_time', value: 'true'};
        eq((await user.savePreferences(userId, [pref])).status, 'OK', 'status');
        const prefs = await user.getMyPreferences();
        ok(prefs.some((p) => p.category === pref.category && p.name === pref.name && p.value === 'true'), 'saved preference is listed');
    });
    await check('updateStatus', async () => {
        const status = await user.updateStatus({user_id: userId, status: 'dnd'});
        eq([status.user_id, status.status], [userId, 'dnd'], 'status');
        const [seen] = await admin.getStatusesByIds([userId]);
        eq(seen.status, 'dnd', 'status seen by others');
    });
    await check('searchUsers', async () => {
        const users = await admin.searchUsers(userName.slice(0, 3), {team_id: team.id});
        ok(users.some((u) => u.id === userId), `search finds ${userName}`);
    });
    await check('autocompleteUsers', async () => {
        const result = await admin.autocompleteUsers(userName.slice(0, 3), team.id, townSquare.id);
        ok(result.users.some((u) => u.id === userId), `autocomplete finds ${userName}: ${JSON.stringify(result)}`);
    });
    await check('getProfilesInChannel', async () => {
        const users = await admin.getProfilesInChannel(townSquare.id);
        eq(users.map((u) => u.id).sort(), [userId, me.id].sort(), 'town-square members');
        ok(users.every((u) => !('password' in u)), 'no password hashes');
    });

    await check('sockets stayed in sequence', async () => {
        ok(!userWs.events.seen.some((m) => m.event === '(closed)'), 'user socket never closed (a seq gap closes it)');
        ok(!adminWs.events.seen.some((m) => m.event === '(closed)'), 'admin socket never closed');
    });

    const ctx = {admin, user, userId, me, userName, team, townSquare, userWs, adminWs};
    const channel = await channelsAndMembers(ctx);
    await postsAndUnreads({...ctx, channel, pinned: root});
    await profilesAndTeams(ctx);
    await socketActions(ctx);
    await check('no missed-events resync', async () => {
        ok(!userWs.events.seen.some((m) => m.event === '(missed)'), 'user socket resumed without losing events');
        ok(!adminWs.events.seen.some((m) => m.event === '(closed)'), 'admin socket never closed');
    });
    userWs.ws.close();
    adminWs.ws.close();
    console.log('webapp client: all checks passed');
}

main().then(() => process.exit(0), (err) => {
    console.error(`FAIL (web app client, step "${currentStep()}"): ${err.message}`);
    if (err.cause?.stack) {
        console.error(err.cause.stack);
    }
    process.exit(1);
});
