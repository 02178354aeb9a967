// A thread: Bob replies to the admin's post in the side panel; the admin's copy of the post shows
// "1 reply" live, and opening it shows Bob's reply.

import { see } from '../lib/expect.mjs';
import { inChannel, messageList, post, postAction, send, threadComposer, threadPanel } from '../lib/ui.mjs';

export default {
  name: 'thread',
  title: 'reply in the side panel, "1 reply" shown live to the other person',
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const adminPage = await scene.pageAs(world.admin, world.channelPath('town-square'));
    const bobPage = await scene.pageAs(bob, world.channelPath('town-square'));
    const root = 'Lunch plans for Friday: pizza or tacos?';

    step('the admin posts the question');
    await send(adminPage, await inChannel(adminPage, 'Town Square'), root);
    await inChannel(bobPage, 'Town Square');
    const bobsRoot = await see(post(messageList(bobPage), root), "the admin's question in Bob's Town Square");

    step("Bob opens the thread from the post's Reply action and replies");
    await postAction(bobsRoot, 'Reply');
    await see(threadPanel(bobPage), 'the thread panel');
    await see(post(threadPanel(bobPage), root), 'the question at the top of the thread');
    await send(bobPage, threadComposer(bobPage), 'Tacos, obviously.', threadPanel(bobPage));
    await see(threadPanel(bobPage).getByText('1 reply'), '"1 reply" in the thread panel');

    step('the admin sees "1 reply" under the question, live');
    const replies = post(messageList(adminPage), root).getByRole('button', { name: '1 reply' });
    await see(replies, '"1 reply" under the question in the admin\'s channel');

    step('the admin opens the thread and sees the reply');
    await replies.click();
    await see(post(threadPanel(adminPage), 'Tacos, obviously.'), "Bob's reply in the admin's thread panel");
    await scene.shot(adminPage, 'thread');

    step('Esc closes the thread');
    await adminPage.keyboard.press('Escape');
    await adminPage.getByRole('complementary', { name: 'Thread' }).waitFor({ state: 'detached' });
  },
};
