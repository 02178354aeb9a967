// Two people chatting: Bob signs up through the team's invite link, then he and the admin, each in
// their own browser, see each other's messages and typing live; a post in another channel makes
// it bold for Bob, an @mention adds a badge and the tab title's count, and opening the channel
// clears both.

import { assert, gone, see, titleMatches } from '../lib/expect.mjs';
import { composer, inChannel, messageList, openChannel, post, send, sidebar, sidebarLink } from '../lib/ui.mjs';
import { person, TEAM } from '../lib/world.mjs';

/** The font weight the sidebar shows a channel's name in. */
const weightOf = (link) => link.evaluate((el) => Number(getComputedStyle(el).fontWeight));

export default {
  name: 'chat',
  title: 'invite sign-up, live messages both ways, typing, unread and mention counts, tab title',
  async run({ world, scene, step }) {
    const team = await world.ensureTeam();
    const bob = person('bob');

    step('Bob signs up through the team invite link');
    const bobPage = await scene.newPage('bob');
    await bobPage.goto(`/signup_user_complete?id=${team.invite_id}`);
    await see(bobPage.getByRole('heading', { name: `Join ${TEAM.display_name}` }), `the invite page "Join ${TEAM.display_name}"`);
    await scene.shot(bobPage, 'signup');
    await bobPage.getByLabel('Email').fill(bob.email);
    await bobPage.getByLabel('Username').fill(bob.username);
    await bobPage.getByLabel('Password').fill(bob.password);
    await bobPage.getByRole('button', { name: 'Create account' }).click();
    await inChannel(bobPage, 'Town Square');
    await world.as(bob);

    step('the admin opens Town Square in another browser');
    const adminPage = await scene.pageAs(world.admin, world.channelPath('town-square'));
    const adminBox = await inChannel(adminPage, 'Town Square');
    const bobBox = composer(bobPage, 'Town Square');

    step("the admin's message reaches Bob live");
    const hello = 'Morning Bob! Coffee at ten?';
    await send(adminPage, adminBox, hello);
    const received = await see(post(messageList(bobPage), hello), `the admin's "${hello}" in Bob's Town Square, without a reload`);
    const from = await received.getAttribute('aria-label');
    assert(from?.startsWith('admin'), `Bob should see the post as the admin's, its label is "${from}"`);

    step('Bob typing shows "bob is typing…" to the admin');
    await bobBox.click();
    await bobBox.pressSequentially('Sure, see you', { delay: 15 });
    await see(adminPage.getByText('bob is typing…'), '"bob is typing…" under the admin\'s composer');

    step("Bob's reply reaches the admin live and the typing line goes");
    await bobBox.pressSequentially(' there');
    await bobBox.press('Enter');
    await see(post(messageList(adminPage), 'Sure, see you there'), "Bob's reply in the admin's Town Square, without a reload");
    await gone(adminPage.getByText('bob is typing…'), 'the typing line once the reply arrived');
    await scene.shot(adminPage, 'channel');

    step('a channel Bob is added to appears in his sidebar');
    await world.ensureChannel('design', 'Design', [bob]);
    const design = sidebarLink(bobPage, 'Design');
    await see(design, 'the new channel Design in Bob\'s sidebar');
    assert(!/unread/.test((await design.getAttribute('aria-label')) ?? ''), 'Design should start read for Bob');
    await see(sidebar(bobPage).getByRole('button', { name: 'Add channels' }), 'the "+" to browse or create channels, offered to a member');

    step('a post in Design makes it bold for Bob, and the title says something is unread');
    await see(sidebarLink(adminPage, 'Design'), "Design in the admin's sidebar");
    const adminDesign = await openChannel(adminPage, 'Design');
    await send(adminPage, adminDesign, 'Design review moved to Thursday');
    await see(sidebar(bobPage).getByRole('link', { name: 'Design, unread' }), 'Design marked unread in Bob\'s sidebar');
    const bold = await weightOf(design);
    assert(bold >= 600, `an unread channel should be bold, Design's weight is ${bold}`);
    await titleMatches(bobPage, /^\* Town Square - /);

    step('an @mention adds a badge to Design and the count to the tab title');
    await send(adminPage, adminDesign, '@bob can you check the mockups?');
    await see(sidebar(bobPage).getByRole('link', { name: 'Design, unread, 1 mention' }), 'Design with "1 mention" in Bob\'s sidebar');
    const badge = await design.locator('.badge').textContent();
    assert(badge?.trim() === '1', `the mention badge should show 1, it shows "${badge}"`);
    await titleMatches(bobPage, /^\(1\) Town Square - /);
    await scene.shot(bobPage, 'unread-mention');

    step('opening Design clears its unread state, badge and title count');
    await openChannel(bobPage, 'Design');
    await see(post(messageList(bobPage), '@bob can you check the mockups?'), 'the mention in Design');
    await see(sidebar(bobPage).getByRole('link', { name: 'Design', exact: true }), 'Design no longer unread nor mentioned');
    assert((await design.locator('.badge').count()) === 0, 'the mention badge should be gone');
    const weight = await weightOf(design);
    assert(weight < 600 || (await design.getAttribute('aria-current')) === 'page', `a read channel should not be bold (weight ${weight})`);
    await titleMatches(bobPage, /^Design - /);
  },
};
