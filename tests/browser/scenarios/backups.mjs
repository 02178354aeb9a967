// The admin console's Backups section: with a target set but no backup made yet it says backups
// need attention; "Back up now" runs one, the page follows it to the end on its own, says it is
// complete, and the history shows it succeeded with the backup id the server recorded. Also at
// phone size.

import { assert, gone, see } from '../lib/expect.mjs';

/** Backups of a server with the files scenario's 200 MB upload take a while on a busy machine. */
const BACKUP_WAIT_MS = 90_000;

export default {
  name: 'backups',
  title: 'admin console backups: status, Back up now followed to success, history',
  timeout: 150_000,
  async run({ world, scene, server, step }) {
    const admin = await world.ensureAdmin();
    const before = await admin.get('/hearth/backups');
    assert(before.target === server.backupDir, `the server should back up to ${server.backupDir}, it reports "${before.target}"`);

    step('the Backups section shows where backups go and that none succeeded yet');
    const page = await scene.pageAs(world.admin, '/admin_console/backups');
    await see(page.getByRole('heading', { name: 'Backups', level: 1 }), 'the "Backups" heading of the admin console');
    await see(page.getByRole('heading', { name: 'Backups need attention' }), 'the "Backups need attention" summary');
    await see(page.getByText(server.backupDir, { exact: true }), 'the target directory');
    if (!before.last_success_at) await see(page.getByText('No backup has been made yet.'), 'the warning that no backup exists');

    step('"Back up now" starts a backup, which the page follows to the end');
    // A small server's backup can end before "Backing up…" could be seen: the request that asks
    // about the run proves the page follows it.
    const followed = page.waitForRequest((r) => /\/hearth\/backups\/[a-z0-9]{26}$/.test(r.url()), { timeout: BACKUP_WAIT_MS });
    await page.getByRole('button', { name: 'Back up now' }).click();
    await followed;
    await see(page.getByRole('status').filter({ hasText: 'Backup complete' }), '"Backup complete" once it ends', BACKUP_WAIT_MS);
    await gone(page.getByRole('progressbar', { name: 'Backup progress' }), 'the progress bar');
    await see(page.getByRole('button', { name: 'Back up now' }), 'the "Back up now" button again');

    step('the history shows the run succeeded, with the id the server recorded');
    const after = await admin.get('/hearth/backups');
    const latest = after.runs[0];
    assert(latest?.reason === 'manual' && latest.status === 'succeeded', `the newest run should be a manual one that succeeded, it is ${JSON.stringify(latest)}`);
    const row = page.getByRole('row').filter({ hasText: latest.backup_id });
    await see(row.getByText('Succeeded'), `the run ${latest.backup_id} marked Succeeded in the history`);
    await see(row.getByText('Back up now'), 'the run shown as started with "Back up now"');
    await gone(page.getByText('No backup has been made yet.'), 'the warning that no backup exists');
    await scene.shot(page, 'admin-backups');

    step('on a phone the section and its history fit the screen');
    const phone = await scene.pageAs(world.admin, '/admin_console/backups', { phone: true });
    await see(phone.getByRole('heading', { name: 'Backups', level: 1 }), 'the "Backups" heading on the phone');
    await see(phone.getByRole('link', { name: 'Backups' }), 'the Backups link in the phone navigation');
    const width = await phone.evaluate(() => document.querySelector('.admin-main').scrollWidth);
    assert(width <= 390, `the section should fit the phone's width, it is ${width} px wide`);
    await scene.shot(phone, 'admin-backups');
  },
};
