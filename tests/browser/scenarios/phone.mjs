// The phone layout at 390×844 (touch): sign-in fits; the channel shows with its composer on
// screen and the sidebar hidden; the menu button (a large touch target) opens the sidebar as a
// drawer; choosing a channel closes it; a thread opens over the whole screen with its own
// composer, and closes again.

import { assert, gone, see, settled } from '../lib/expect.mjs';
import { inChannel, messageList, post, send, sidebar, sidebarLink, threadComposer, threadPanel } from '../lib/ui.mjs';

const SCREEN = { width: 390, height: 844 };

/** Whether `locator` lies entirely on the screen. */
async function onScreen(locator) {
  const box = await locator.boundingBox();
  return !!box && box.x >= -1 && box.y >= -1 && box.x + box.width <= SCREEN.width + 1 && box.y + box.height <= SCREEN.height + 1;
}

export default {
  name: 'phone',
  title: 'phone at 390×844: drawer sidebar from the menu button, full-screen thread, composer on screen',
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const design = await world.ensureChannel('design', 'Design', [bob]);
    const admin = await world.as(world.admin);
    const root = await admin.post('/posts', { channel_id: design.id, message: 'Who has the projector remote?' });
    await (await world.as(bob)).post('/posts', { channel_id: design.id, root_id: root.id, message: 'It is in the top drawer' });

    step('Bob signs in on a phone');
    const page = await scene.newPage('bob', { phone: true });
    await page.goto('/');
    await see(page.getByRole('heading', { name: 'Sign in' }), 'the sign-in page');
    await scene.shot(page, 'sign-in');
    await page.getByLabel('Email or username').fill(bob.username);
    await page.getByLabel('Password').fill(bob.password);
    await page.getByRole('button', { name: 'Sign in' }).tap();

    step('the channel fills the screen: sidebar hidden, composer on screen');
    const box = await inChannel(page, 'Town Square');
    await settled(page);
    assert(await onScreen(box), `the composer should be on screen, it is at ${JSON.stringify(await box.boundingBox())}`);
    assert(!(await sidebar(page).isVisible()) || !(await onScreen(sidebar(page))), 'the sidebar should be hidden until the menu button opens it');
    await scene.shot(page, 'channel');

    step('the menu button opens the sidebar as a drawer');
    const menu = page.getByRole('button', { name: 'Open channel list' });
    const size = await menu.boundingBox();
    assert(size && size.width >= 44 && size.height >= 44, `the menu button should be a 44 px touch target, it is ${size?.width}×${size?.height}`);
    await menu.tap();
    const drawer = await see(page.getByRole('dialog', { name: 'Channels' }), 'the channel drawer');
    await see(sidebarLink(page, 'Design'), 'Design in the drawer');
    await settled(page, 'the drawer has slid in');
    assert(await onScreen(sidebar(page)), 'the open drawer should be on screen');
    await scene.shot(page, 'drawer');

    step('choosing a channel closes the drawer and opens it');
    await sidebarLink(page, 'Design').tap();
    await gone(drawer, 'the drawer after choosing a channel');
    await inChannel(page, 'Design');

    step('a thread opens over the whole screen, with its composer on screen');
    const replies = post(messageList(page), 'Who has the projector remote?').getByRole('button', { name: '1 reply' });
    await replies.scrollIntoViewIfNeeded();
    await replies.tap();
    const panel = await see(threadPanel(page), 'the thread');
    await see(post(panel, 'It is in the top drawer'), 'the reply in the thread');
    await settled(page, 'the thread has opened');
    const full = await panel.boundingBox();
    assert(full && full.x <= 1 && full.width >= SCREEN.width - 1 && full.height >= SCREEN.height - 60, `the thread should cover the screen, it covers ${JSON.stringify(full)}`);
    assert(await onScreen(threadComposer(page)), 'the reply box should be on screen');
    await scene.shot(page, 'thread');

    step('a reply from the phone, then the thread closes');
    await send(page, threadComposer(page), 'Thanks, found it', panel);
    await panel.getByRole('button', { name: 'Close thread' }).tap();
    await gone(threadPanel(page), 'the thread after closing it');
    await inChannel(page, 'Design');
  },
};
