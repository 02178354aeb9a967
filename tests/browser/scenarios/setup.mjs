// First run: an empty server offers to create the admin and the first team, then lands in Town
// Square; the session survives a reload; signing out shows sign-in, and signing in works again.

import { assert, see } from '../lib/expect.mjs';
import { inChannel, teamMenu } from '../lib/ui.mjs';
import { TEAM } from '../lib/world.mjs';

export default {
  name: 'setup',
  title: 'first-run setup, session across reload, sign-out and sign-in',
  async run({ world, scene, step }) {
    const { admin } = world;
    const page = await scene.newPage('admin');

    step('an empty server offers first-run setup');
    const existing = await world.api.get('/config/client?format=old');
    assert(existing.NoAccounts === 'true', 'this scenario needs an empty server: run it first, on a fresh one');
    await page.goto('/');
    await see(page.getByRole('heading', { name: 'Set up Hearth' }), 'the "Set up Hearth" heading');
    await scene.shot(page, 'setup');

    step('create the administrator account');
    await page.getByLabel('Email').fill(admin.email);
    await page.getByLabel('Username').fill(admin.username);
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Create administrator' }).click();

    step('name the first team');
    await see(page.getByRole('heading', { name: 'Name your team' }), 'the second setup step, "Name your team"');
    await page.getByLabel('Team name').fill(TEAM.display_name);
    await see(page.getByText(`/${TEAM.name}`), `the team's address /${TEAM.name}`);
    await scene.shot(page, 'setup-team');
    await page.getByRole('button', { name: 'Create team' }).click();

    step('land in Town Square');
    await inChannel(page, 'Town Square');
    assert(new URL(page.url()).pathname === world.channelPath('town-square'), `expected the address ${world.channelPath('town-square')}, got ${page.url()}`);
    const me = await world.as(admin);
    assert(me.user.roles.includes('system_admin'), `the first account should be a system admin, its roles are "${me.user.roles}"`);

    step('the session is kept across a reload');
    await page.reload();
    await inChannel(page, 'Town Square');

    step('signing out shows sign-in');
    await teamMenu(page, 'Sign out');
    await see(page.getByRole('heading', { name: 'Sign in' }), 'the sign-in page after signing out');
    await scene.shot(page, 'sign-in');

    step('a wrong password is refused with a message');
    await page.getByLabel('Email or username').fill(admin.username);
    await page.getByLabel('Password').fill('not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await see(page.getByRole('alert'), 'an error message for the wrong password');

    step('signing in again works');
    await page.getByLabel('Password').fill(admin.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await inChannel(page, 'Town Square');
    await world.ensureTeam();
  },
};
