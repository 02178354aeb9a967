// Files: a picture posted with the attach button shows as a thumbnail for both people and opens
// the full-size viewer; a 200 MB file uploads with a progress bar that visibly grows (the upload
// is throttled so there is time to watch it), then posts as a card with its name, size and a
// working download link.

import { assert, gone, pageUntil, see } from '../lib/expect.mjs';
import { TempFiles } from '../lib/files.mjs';
import { inChannel, messageList, post } from '../lib/ui.mjs';

const BIG_BYTES = 200 * 1024 * 1024;
/** Upload speed while the big file goes up: about five seconds for 200 MB. */
const THROTTLE_BYTES_PER_S = 50 * 1024 * 1024;

/** Attaches `path` through the composer's "Attach files" button and the file chooser. */
async function attach(page, path) {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: 'Attach files' }).click()]);
  await chooser.setFiles(path);
}

/** Waits until the picture inside `tile` has loaded and returns its natural size. */
async function loadedImage(page, tile, what) {
  const handle = await tile.elementHandle();
  await pageUntil(page, (el) => {
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    return img && img.complete && img.naturalWidth > 0;
  }, handle, `${what} has loaded`);
  return handle.evaluate((el) => {
    const img = el.tagName === 'IMG' ? el : el.querySelector('img');
    return { width: img.naturalWidth, height: img.naturalHeight };
  });
}

const progressOf = (bar) => bar.getAttribute('aria-valuenow').then(Number);

export default {
  name: 'files',
  title: 'a picture with thumbnail and viewer; a 200 MB upload with a growing progress bar, then its download card',
  timeout: 120_000,
  async run({ world, scene, step }) {
    const bob = await world.ensureUser('bob');
    const files = new TempFiles();
    try {
      const adminPage = await scene.pageAs(world.admin, world.channelPath('off-topic'));
      const bobPage = await scene.pageAs(bob, world.channelPath('off-topic'));
      const box = await inChannel(adminPage, 'Off-Topic');
      await inChannel(bobPage, 'Off-Topic');

      step('the admin attaches a picture with the attach button and sends it');
      await attach(adminPage, files.picture('harbour.png', 640, 400));
      await see(adminPage.getByRole('list', { name: 'Attached files' }).getByText('harbour.png'), 'the picture in the attached files');
      await box.fill('Harbour at dawn');
      await adminPage.getByRole('button', { name: 'Send', exact: true }).click();

      step('the post shows a thumbnail, for the admin and for Bob');
      const tile = post(messageList(adminPage), 'Harbour at dawn').getByRole('button', { name: 'Open image harbour.png' });
      await see(tile, "the picture's thumbnail under the admin's post");
      await loadedImage(adminPage, tile, "the admin's thumbnail");
      const bobsTile = post(messageList(bobPage), 'Harbour at dawn').getByRole('button', { name: 'Open image harbour.png' });
      await see(bobsTile, "the thumbnail in Bob's channel, live");
      await loadedImage(bobPage, bobsTile, "Bob's thumbnail");

      step('the thumbnail opens the full-size viewer');
      await tile.click();
      const viewer = adminPage.getByRole('dialog', { name: 'harbour.png' });
      await see(viewer, 'the picture viewer');
      const full = await loadedImage(adminPage, viewer.getByRole('img', { name: 'harbour.png' }), 'the full-size picture');
      assert(full.width === 640 && full.height === 400, `the viewer should show the 640×400 original, it shows ${full.width}×${full.height}`);
      await see(viewer.getByRole('link', { name: 'Download harbour.png' }), 'the download link in the viewer');
      await scene.shot(adminPage, 'file-viewer');
      await viewer.getByRole('button', { name: 'Close viewer' }).click();
      await gone(viewer, 'the viewer after closing it');

      step('a 200 MB file uploads with a progress bar that grows');
      const cdp = await adminPage.context().newCDPSession(adminPage);
      await cdp.send('Network.enable');
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: THROTTLE_BYTES_PER_S });
      await attach(adminPage, files.large('site-backup.tar', BIG_BYTES));
      const bar = adminPage.getByRole('progressbar', { name: 'Uploading site-backup.tar' });
      await see(bar, 'the progress bar of the big upload');
      await pageUntil(adminPage, (el) => Number(el.getAttribute('aria-valuenow')) > 0, await bar.elementHandle(), 'the upload has started');
      const first = await progressOf(bar);
      await scene.shot(adminPage, 'upload-progress');
      await pageUntil(adminPage, ([el, from]) => Number(el.getAttribute('aria-valuenow')) >= from + 10, [await bar.elementHandle(), first], `the progress bar grows past ${first + 10}%`);
      const later = await progressOf(bar).catch(() => 100);
      assert(later > first, `the progress bar should grow, it went from ${first}% to ${later}%`);
      await gone(bar, 'the progress bar once the upload finished', 90_000);
      await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });

      step('the big file posts as a card with name, size and download link');
      await adminPage.getByRole('button', { name: 'Send', exact: true }).click();
      for (const [page, who] of [[adminPage, 'the admin'], [bobPage, 'Bob']]) {
        const card = post(messageList(page), 'site-backup.tar');
        await see(card.getByText('200 MB'), `the size "200 MB" on the card, for ${who}`, 20_000);
        await see(card.getByRole('link', { name: 'Download site-backup.tar' }), `the download link, for ${who}`);
      }
      const href = await post(messageList(bobPage), 'site-backup.tar').getByRole('link', { name: 'Download site-backup.tar' }).getAttribute('href');
      const head = await bobPage.context().request.get(href, { headers: { Range: 'bytes=0-0' } });
      const range = head.headers()['content-range'] ?? '';
      assert(head.status() === 206 && range.endsWith(`/${BIG_BYTES}`), `the download link should serve the whole file (${BIG_BYTES} bytes): got ${head.status()}, Content-Range "${range}"`);
      await scene.shot(adminPage, 'files');
    } finally {
      files.remove();
    }
  },
};
