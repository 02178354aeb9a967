// The admin console and the profile: the team menu opens the console with the users list; the
// maximum file size is changed, saved (the server has it, a reload shows it) and put back; the
// profile dialog changes the admin's name, which Bob sees live on the admin's posts; the Display
// tab switches to the dark theme.

import { assert, see } from '../lib/expect.mjs';
import { inChannel, messageList, post, send, teamMenu } from '../lib/ui.mjs';

const MB = 1024 * 1024;

/** The page's background lightness, 0 (black) to 1 (white). */
const lightness = (page) =>
  page.evaluate(() => {
    const el = document.querySelector('.channel') ?? document.body;
    const [r, g, b] = getComputedStyle(el).backgroundColor.match(/\d+/g).map(Number);
    return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
  });

async function setMaxFileSize(page, mb) {
  const field = page.getByLabel('Maximum file size (MB)');
  await field.fill(String(mb));
  await page.getByRole('button', { name: 'Save settings' }).click();
  await see(page.getByRole('status').filter({ hasText: 'Settings saved.' }), '"Settings saved."');
}

export default {
  name: 'admin',
  title: 'admin console users and max file size setting; profile name change; dark theme',
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const admin = await world.as(world.admin);
    const page = await scene.pageAs(world.admin, world.channelPath('town-square'));
    await inChannel(page, 'Town Square');

    step('the team menu opens the admin console with the users list');
    await teamMenu(page, 'Admin console');
    await see(page.getByRole('heading', { name: 'Users', level: 1 }), 'the "Users" heading of the admin console');
    const table = page.getByRole('table');
    await see(table.getByRole('row').filter({ hasText: '@bob' }), 'Bob in the users list');
    await see(table.getByRole('row').filter({ hasText: '@admin' }).getByText('System admin', { exact: false }), 'the admin listed as system admin');
    await scene.shot(page, 'admin-users');

    step('server settings: the maximum file size is changed and saved');
    await page.getByRole('link', { name: 'Server settings' }).click();
    await see(page.getByRole('heading', { name: 'Server settings', level: 1 }), 'the "Server settings" heading');
    const field = page.getByLabel('Maximum file size (MB)');
    await see(field, 'the maximum file size field');
    const before = await field.inputValue();
    await setMaxFileSize(page, 500);
    const saved = await admin.get('/config');
    assert(saved.FileSettings.MaxFileSize === 500 * MB, `the server should now have MaxFileSize ${500 * MB}, it has ${saved.FileSettings.MaxFileSize}`);
    await scene.shot(page, 'admin-settings');
    await page.reload();
    await see(page.getByLabel('Maximum file size (MB)'), 'the field after a reload');
    const reloaded = await page.getByLabel('Maximum file size (MB)').inputValue();
    assert(reloaded === '500', `after a reload the field should show 500, it shows "${reloaded}"`);
    await setMaxFileSize(page, Number(before) || 1024);

    step('back in the chat, the profile dialog changes the display name');
    await page.getByRole('link', { name: 'Back to chat' }).click();
    await inChannel(page, 'Town Square');
    const bobPage = await scene.pageAs(bob, world.channelPath('town-square'));
    await inChannel(bobPage, 'Town Square');
    await send(page, await inChannel(page, 'Town Square'), 'Who am I now?');
    await see(post(messageList(bobPage), 'Who am I now?'), "the admin's post in Bob's channel");
    await teamMenu(page, 'Profile and settings');
    const dialog = await see(page.getByRole('dialog', { name: 'Profile and settings' }), 'the profile and settings dialog');
    await dialog.getByLabel('First name').fill('Ada');
    await dialog.getByLabel('Last name').fill('Lovelace');
    await dialog.getByRole('button', { name: 'Save profile' }).click();
    await see(dialog.getByText('Profile saved.'), '"Profile saved."');
    await scene.shot(page, 'profile');
    const me = await admin.get('/users/me');
    assert(me.first_name === 'Ada' && me.last_name === 'Lovelace', `the server should have the new name, it has "${me.first_name} ${me.last_name}"`);

    step('the new name shows on the admin\'s posts, for Bob live');
    const label = (p) => post(messageList(p), 'Who am I now?').getAttribute('aria-label');
    await see(post(messageList(bobPage), 'Who am I now?').getByText('Ada Lovelace'), "the new name on the admin's post in Bob's channel, without a reload");
    assert((await label(bobPage))?.startsWith('Ada Lovelace'), `Bob's copy of the post should be labelled with the new name, it is "${await label(bobPage)}"`);

    step('the Display tab switches to the dark theme');
    await dialog.getByRole('tab', { name: 'Display' }).click();
    await dialog.getByRole('radio', { name: /^Dark/ }).check();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    assert(theme === 'dark', `the page should use the dark theme, data-theme is "${theme}"`);
    await scene.shot(page, 'profile-dark');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await see(post(messageList(page), 'Who am I now?').getByText('Ada Lovelace'), 'the new name on the admin\'s own post');
    const light = await lightness(page);
    assert(light < 0.3, `the dark theme should darken the channel, its background lightness is ${light.toFixed(2)}`);
    await scene.shot(page, 'dark');

    step('the theme is remembered across a reload');
    await page.reload();
    await inChannel(page, 'Town Square');
    assert((await lightness(page)) < 0.3, 'the dark theme should still apply after a reload');
  },
};
