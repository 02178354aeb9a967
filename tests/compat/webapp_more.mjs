// More of what the web app does once started: channels and their members, unread and pinned
// posts, deleting, profiles and teams, socket actions, and a dropped socket that resumes.
// Called from webapp.mjs with the clients and objects it made.

import {check, eq, isId, ok} from './check.mjs';

/** The reply to a WebSocketClient action, as a promise. */
export const reply = (send) => new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no reply to the socket action within 5 s')), 5000);
    send((msg) => {
        clearTimeout(timer);
        resolve(msg);
    });
});

export async function channelsAndMembers({admin, user, userId, me, team, userWs}) {
    const channel = await check('createChannel', async () => {
        const c = await admin.createChannel({team_id: team.id, name: 'compat-chat', display_name: 'Compat chat', type: 'O', purpose: 'checks', header: ''});
        isId(c.id, 'channel id');
        eq([c.name, c.type, c.team_id, c.creator_id], ['compat-chat', 'O', team.id, me.id], 'channel');
        return c;
    });
    await check('addToChannel', async () => {
        const member = await admin.addToChannel(userId, channel.id);
        eq([member.channel_id, member.user_id], [channel.id, userId], 'channel member');
        const added = await userWs.events.next('user_added', (m) => m.broadcast.channel_id === channel.id);
        eq(added.data.user_id, userId, 'user_added data.user_id');
    });
    await check('getChannel / getChannelByName / getChannelByNameAndTeamName', async () => {
        eq((await user.getChannel(channel.id)).name, 'compat-chat', 'getChannel');
        eq((await user.getChannelByName(team.id, 'compat-chat')).id, channel.id, 'getChannelByName');
        eq((await user.getChannelByNameAndTeamName(team.name, 'compat-chat')).id, channel.id, 'getChannelByNameAndTeamName');
    });
    await check('patchChannel', async () => {
        eq((await admin.patchChannel(channel.id, {header: 'new header'})).header, 'new header', 'patched header');
        const updated = await userWs.events.next('channel_updated');
        eq(JSON.parse(updated.data.channel).header, 'new header', 'channel_updated data.channel');
    });
    await check('getChannelMembers / getChannelMember / getMyChannelMember', async () => {
        const members = await user.getChannelMembers(channel.id);
        eq(members.map((m) => m.user_id).sort(), [userId, me.id].sort(), 'members');
        const mine = await user.getChannelMember(channel.id, userId);
        ok(mine.roles.split(' ').includes('channel_user'), `roles ${mine.roles}`);
        eq((await user.getMyChannelMember(channel.id)).user_id, userId, 'my member');
    });
    await check('getChannelStats', async () => {
        const stats = await user.getChannelStats(channel.id);
        eq([stats.channel_id, stats.member_count], [channel.id, 2], 'stats');
    });
    await check('updateChannelNotifyProps', async () => {
        const res = await user.updateChannelNotifyProps({channel_id: channel.id, user_id: userId, desktop: 'mention', mark_unread: 'all'});
        eq(res.status, 'OK', 'status');
        eq((await user.getMyChannelMember(channel.id)).notify_props.desktop, 'mention', 'saved notify prop');
    });
    await check('autocompleteChannels / searchChannels', async () => {
        ok((await user.autocompleteChannels(team.id, 'compat')).some((c) => c.id === channel.id), 'autocomplete');
        ok((await user.searchChannels(team.id, 'compat')).some((c) => c.id === channel.id), 'search');
    });
    return channel;
}

export async function postsAndUnreads({admin, user, userId, me, team, channel, pinned, userWs}) {
    const posts = [];
    for (const n of [1, 2]) {
        posts.push(await check(`createPost in ${channel.name}`, async () => admin.createPost({channel_id: channel.id, message: `news ${n}`, pending_post_id: `${me.id}:n${n}`})));
    }
    await check('getMyTeamUnreads after posts', async () => {
        const [unread] = await user.getMyTeamUnreads(false);
        eq(unread.team_id, team.id, 'team');
        ok(unread.msg_count >= 2, `msg_count ${unread.msg_count}`);
    });
    await check('viewMyChannel then markPostAsUnread', async () => {
        await user.viewMyChannel(channel.id);
        const unread = await user.markPostAsUnread(userId, posts[1].id);
        eq([unread.channel_id, unread.team_id], [channel.id, team.id], 'channel unread');
        eq(unread.msg_count, 1, 'one post left unread (msg_count read)');
        const event = await userWs.events.next('post_unread');
        eq(event.data.post_id, posts[1].id, 'post_unread data.post_id');
    });
    await check('getPinnedPosts / unpinPost', async () => {
        const list = await user.getPinnedPosts(pinned.channel_id);
        eq(list.order, [pinned.id], 'pinned order');
        eq((await user.unpinPost(pinned.id)).status, 'OK', 'unpin');
        eq((await user.getPinnedPosts(pinned.channel_id)).order, [], 'no pinned posts left');
    });
    await check('getPostsByIds', async () => {
        const found = await user.getPostsByIds(posts.map((p) => p.id));
        eq(found.map((p) => p.id).sort(), posts.map((p) => p.id).sort(), 'posts by ids');
    });
    await check('getReactionsForPost', async () => {
        await user.addReaction(userId, posts[0].id, 'tada');
        const reactions = await admin.getReactionsForPost(posts[0].id);
        eq(reactions.map((r) => [r.user_id, r.emoji_name]), [[userId, 'tada']], 'reactions');
    });
    await check('deletePost', async () => {
        eq((await admin.deletePost(posts[0].id)).status, 'OK', 'status');
        const event = await userWs.events.next('post_deleted');
        eq(JSON.parse(event.data.post).id, posts[0].id, 'post_deleted data.post');
        const list = await user.getPosts(channel.id);
        ok(!list.order.includes(posts[0].id), 'deleted post is gone from the channel');
    });
}

export async function profilesAndTeams({admin, user, userId, me, userName, team}) {
    await check('getProfilesByIds / getProfilesByUsernames / getUser', async () => {
        eq((await user.getProfilesByIds([userId, me.id])).map((u) => u.id).sort(), [userId, me.id].sort(), 'by ids');
        eq((await user.getProfilesByUsernames([userName])).map((u) => u.id), [userId], 'by usernames');
        eq((await user.getUser(me.id)).username, me.username, 'getUser');
    });
    await check('getProfiles in team', async () => {
        const users = await user.getProfiles(0, 60, {in_team: team.id});
        eq(users.map((u) => u.id).sort(), [userId, me.id].sort(), 'team profiles');
    });
    await check('getTeam / getTeamByName / getTeamMember / getTeamStats', async () => {
        eq((await user.getTeam(team.id)).name, team.name, 'getTeam');
        eq((await user.getTeamByName(team.name)).id, team.id, 'getTeamByName');
        eq((await user.getTeamMember(team.id, userId)).user_id, userId, 'getTeamMember');
        const stats = await admin.getTeamStats(team.id);
        eq([stats.team_id, stats.total_member_count, stats.active_member_count], [team.id, 2, 2], 'team stats');
    });
    await check('getStatus', async () => eq((await admin.getStatus(userId)).status, 'dnd', 'status'));
}

export async function socketActions({admin, userId, me, townSquare, userWs}) {
    await check('WebSocket get_statuses / get_statuses_by_ids', async () => {
        const all = await reply((cb) => userWs.ws.getStatuses(cb));
        eq(all.status, 'OK', 'get_statuses reply');
        eq(all.data[userId], 'dnd', 'own status in get_statuses');
        const some = await reply((cb) => userWs.ws.getStatusesByIds([me.id], cb));
        ok(typeof some.data[me.id] === 'string', `get_statuses_by_ids ${JSON.stringify(some.data)}`);
    });
    await check('dropped socket resumes with the missed post', async () => {
        const closes = userWs.events.seen.filter((m) => m.event === '(closed)').length;
        userWs.ws.conn.close();
        const post = await admin.createPost({channel_id: townSquare.id, message: 'while you were away', pending_post_id: `${me.id}:away`});
        const msg = await userWs.events.next('posted', (m) => JSON.parse(m.data.post).id === post.id, 10000);
        eq(JSON.parse(msg.data.post).message, 'while you were away', 'missed post');
        eq(userWs.events.seen.filter((m) => m.event === '(closed)').length, closes + 1, 'one close (ours), no sequence mismatch');
        eq(userWs.events.seen.filter((m) => m.event === 'hello').length, 1, 'resumed without a new hello');
    });
}
