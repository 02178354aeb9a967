// Search: Bob searches for a word from an older post in another channel (older than the page a
// channel opens with); the results show it with the word marked, and choosing it opens that
// channel scrolled to the post, lit up, with its neighbours around it.

import { assert, pageUntil, see } from '../lib/expect.mjs';
import { inChannel, messageList, post } from '../lib/ui.mjs';

/** More posts after the target than a channel loads at first (60), so the jump loads around it. */
const LATER_POSTS = 70;

export default {
  name: 'search',
  title: 'search results for a word, jump to the message in its channel, highlighted',
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const design = await world.ensureChannel('design', 'Design', [bob]);
    const admin = await world.as(world.admin);

    step(`the admin posts the target and ${LATER_POSTS} more posts in Design (API)`);
    const target = 'The pineapple budget is approved';
    await admin.post('/posts', { channel_id: design.id, message: target });
    for (let i = 1; i <= LATER_POSTS; i++) await admin.post('/posts', { channel_id: design.id, message: `Status update number ${i}` });

    step('Bob searches for "pineapple"');
    const page = await scene.pageAs(bob, world.channelPath('town-square'));
    await inChannel(page, 'Town Square');
    const field = page.getByRole('searchbox', { name: 'Search messages' });
    await field.fill('pineapple');
    await field.press('Enter');
    const results = await see(page.getByRole('complementary', { name: 'Search results' }), 'the search results panel');
    await see(results.getByRole('status').filter({ hasText: '1 result for “pineapple”' }), 'the summary "1 result for “pineapple”"');
    const hit = results.getByRole('button', { name: /pineapple budget/ });
    await see(hit, 'the post in the results');
    const marked = await hit.locator('mark').allTextContents();
    assert(marked.some((m) => m.toLowerCase() === 'pineapple'), `the searched word should be marked in the hit, marked: ${JSON.stringify(marked)}`);
    await see(hit.getByText('~Design'), 'the channel of the hit');
    await scene.shot(page, 'search');

    step('choosing the result opens Design at the post, highlighted');
    await hit.click();
    await inChannel(page, 'Design');
    const found = await see(post(messageList(page), target), 'the searched post in Design');
    await pageUntil(page, (el) => el.classList.contains('highlight'), await found.elementHandle(), 'the post is highlighted');
    const [box, list] = [await found.boundingBox(), await messageList(page).boundingBox()];
    assert(box && list && box.y >= list.y && box.y + box.height <= list.y + list.height, `the post should be scrolled into view: post at ${JSON.stringify(box)}, list at ${JSON.stringify(list)}`);
    await see(post(messageList(page), 'Status update number 1'), 'the post after it, for context');
    await scene.shot(page, 'search-jump');
  },
};
