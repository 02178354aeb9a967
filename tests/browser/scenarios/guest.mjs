// A guest: the admin creates an account, demotes it to guest (POST /users/{id}/demote) and puts
// it in the team and in one channel. Signed in, the guest sees only that channel in the sidebar;
// browsing channels, the switcher and search reveal nothing of the others.

import { assert, see } from '../lib/expect.mjs';
import { inChannel, messageList, post, sidebar } from '../lib/ui.mjs';
import { person } from '../lib/world.mjs';

export default {
  name: 'guest',
  title: 'a guest sees only its one channel; browse, switcher and search reveal no other',
  async run({ world, scene, step }) {
    const team = await world.ensureTeam();
    const admin = await world.as(world.admin);
    const design = await world.ensureChannel('design', 'Design');

    step('the admin makes Gina a guest in the team and in Guest Corner (API)');
    const gina = person('gina');
    const created = await admin.post('/users', gina);
    await admin.post(`/users/${created.id}/demote`);
    await admin.post(`/teams/${team.id}/members`, { team_id: team.id, user_id: created.id });
    const corner = await world.ensureChannel('guest-corner', 'Guest Corner', [gina]);
    await admin.post('/posts', { channel_id: corner.id, message: 'Welcome Gina! The kumquat delivery is on Friday.' });
    await admin.post('/posts', { channel_id: design.id, message: 'Internal: kumquat supplier contract draft' });

    step('Gina signs in through the sign-in page and lands in Guest Corner');
    const page = await scene.newPage('gina');
    await page.goto('/');
    await page.getByLabel('Email or username').fill(gina.username);
    await page.getByLabel('Password').fill(gina.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await inChannel(page, 'Guest Corner');
    await see(post(messageList(page), 'Welcome Gina!'), 'the welcome post in Guest Corner');

    step('the sidebar lists Guest Corner and no other channel');
    const channels = sidebar(page).getByRole('region', { name: 'Channels' }).getByRole('link');
    const names = await channels.allTextContents();
    assert(names.length === 1 && names[0].includes('Guest Corner'), `the guest's sidebar should list only Guest Corner, it lists ${JSON.stringify(names)}`);
    await scene.shot(page, 'guest');

    step('the channel switcher offers no other channel');
    await page.keyboard.press('Control+k');
    const switcher = page.getByRole('combobox', { name: 'Channel or person' });
    await see(switcher, 'the channel switcher');
    await switcher.fill('guest');
    await see(page.getByRole('option', { name: /Guest Corner/ }), 'Guest Corner offered by the switcher');
    await switcher.fill('design');
    await page.getByRole('option', { name: /Guest Corner/ }).waitFor({ state: 'detached' });
    const matches = await page.getByRole('listbox', { name: 'Matches' }).getByRole('option').allTextContents().catch(() => []);
    assert(!matches.some((m) => m.includes('Design')), `the switcher should not offer Design to the guest; it offers ${JSON.stringify(matches)}`);
    await page.keyboard.press('Escape');

    step('search finds the word in Guest Corner only');
    const field = page.getByRole('searchbox', { name: 'Search messages' });
    await field.fill('kumquat');
    await field.press('Enter');
    const results = await see(page.getByRole('complementary', { name: 'Search results' }), 'the search results');
    await see(results.getByRole('status').filter({ hasText: '1 result for “kumquat”' }), 'exactly one result (the Guest Corner post)');
    const hits = await results.getByRole('listitem').allTextContents();
    assert(!hits.some((h) => h.includes('Internal') || h.includes('~Design')), `search should not reveal Design's post to the guest: ${JSON.stringify(hits)}`);

    // Last, so the user's permissions (which decide what the "+" offers) have long loaded.
    step('browsing channels reveals no other channel');
    const add = sidebar(page).getByRole('button', { name: 'Add channels' });
    const browse = page.getByRole('menuitem', { name: 'Browse channels' });
    if (await add.isVisible()) await add.click();
    // Offering no "Browse channels" to a guest at all is as good as a dialog that lists nothing.
    if (await browse.isVisible()) {
      await browse.click();
      const dialog = await see(page.getByRole('dialog', { name: 'Browse channels' }), 'the browse channels dialog');
      await see(dialog.getByText(/No channel|no public channels|Guest Corner|permission/i), 'the dialog to finish loading');
      const listed = await dialog.getByRole('listitem').allTextContents();
      await scene.shot(page, 'guest-browse');
      for (const hidden of ['Design', 'Town Square', 'Off-Topic']) {
        assert(!listed.some((t) => t.includes(hidden)), `browsing should not show the guest ${hidden}; it lists ${JSON.stringify(listed)}`);
      }
    }
    await page.keyboard.press('Escape');
  },
};
