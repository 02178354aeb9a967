// Reconnect: with the admin and Bob in Town Square, the server stops. Both pages say the
// connection is lost; the server starts again on the same port and data, Bob posts through the API
// at once (in Town Square and in Design); the admin's page reconnects by itself and, without a
// reload, shows the post and marks Design unread; live delivery works again; nothing is lost or
// shown twice.

import { assert, gone, see } from '../lib/expect.mjs';
import { composer, connectionBanner, inChannel, messageList, post, send, sidebar } from '../lib/ui.mjs';

/** Back-off after a few failed tries can reach several seconds before the next attempt. */
const RECONNECT_MS = 30_000;

export default {
  name: 'reconnect',
  title: 'server restart: "connection lost" banner, reconnects by itself, no message lost',
  timeout: 90_000,
  async run({ world, scene, server, step }) {
    const bob = await world.ensureUser('bob');
    const bobApi = await world.as(bob);
    const design = await world.ensureChannel('design', 'Design', [bob]);
    const team = await world.ensureTeam();
    const town = await bobApi.get(`/teams/${team.id}/channels/name/town-square`);

    step('the admin and Bob are in Town Square');
    const adminPage = await scene.pageAs(world.admin, world.channelPath('town-square'));
    const bobPage = await scene.pageAs(bob, world.channelPath('town-square'));
    const adminBox = await inChannel(adminPage, 'Town Square');
    await inChannel(bobPage, 'Town Square');
    await send(adminPage, adminBox, 'Before the restart');
    await see(post(messageList(bobPage), 'Before the restart'), "the admin's post in Bob's channel");
    await adminPage.evaluate(() => (window.hearthTestNoReload = true));

    step('the server stops: both pages say the connection is lost');
    await server.stop();
    await see(connectionBanner(adminPage), 'the "Connection lost" banner on the admin\'s page');
    await see(connectionBanner(bobPage), 'the "Connection lost" banner on Bob\'s page');
    await scene.shot(adminPage, 'connection-lost');

    step('the server starts again; Bob posts through the API right away');
    await server.start();
    await bobApi.post('/posts', { channel_id: town.id, message: 'Posted while you were reconnecting' });
    await bobApi.post('/posts', { channel_id: design.id, message: 'Design files are on the share' });

    step("the admin's page reconnects by itself and shows Bob's post without a reload");
    await gone(connectionBanner(adminPage), 'the "Connection lost" banner', RECONNECT_MS);
    await see(post(messageList(adminPage), 'Posted while you were reconnecting'), "Bob's post from during the restart", RECONNECT_MS);
    await see(sidebar(adminPage).getByRole('link', { name: /^Design, unread/ }), 'Design marked unread for the post made there during the restart');
    assert(await adminPage.evaluate(() => window.hearthTestNoReload === true), 'the page reloaded; it should have caught up by itself');

    step('live delivery works again both ways');
    await gone(connectionBanner(bobPage), "the banner on Bob's page", RECONNECT_MS);
    await send(adminPage, adminBox, 'Back online');
    await see(post(messageList(bobPage), 'Back online'), "the admin's new post in Bob's channel, live");
    await send(bobPage, composer(bobPage, 'Town Square'), 'Welcome back');
    await see(post(messageList(adminPage), 'Welcome back'), "Bob's new post in the admin's channel, live");

    step('nothing is lost or shown twice');
    for (const text of ['Before the restart', 'Posted while you were reconnecting', 'Back online', 'Welcome back']) {
      const count = await post(messageList(adminPage), text).count();
      assert(count === 1, `"${text}" should show once in the admin's channel, it shows ${count} times`);
    }
  },
};
