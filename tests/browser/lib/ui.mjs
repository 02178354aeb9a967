// The web client as a person sees it, by accessible roles and names: where the composer, the
// sidebar, the posts and the thread panel are, and the few moves every scenario makes (open a
// channel, send a message, use the team menu).

import { TEAM } from './world.mjs';
import { see } from './expect.mjs';

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The channel sidebar (inside the drawer on phones). */
export const sidebar = (page) => page.getByRole('complementary', { name: 'Channels' });

/** A channel's link in the sidebar; its name may go on with ", unread, 1 mention". */
export const sidebarLink = (page, title) => sidebar(page).getByRole('link', { name: new RegExp(`^${escape(title)}(,|$)`) });

/** The open channel's title button in its header. */
export const channelHeading = (page, title) => page.getByRole('button', { name: `${title} channel menu` });

/** The message box of a channel (public and private channels are written "~Name"). */
export const composer = (page, title) => page.getByRole('textbox', { name: `Write to ~${title}` });

/** The scrolling list of the open channel's posts. */
export const messageList = (page) => page.getByLabel('Messages', { exact: true });

/** Posts containing `text` in `scope` (the message list, the thread panel, the page). */
export const post = (scope, text) => scope.getByRole('article').filter({ hasText: text });

export const threadPanel = (page) => page.getByRole('complementary', { name: 'Thread' });
export const threadComposer = (page) => threadPanel(page).getByRole('textbox', { name: 'Reply to the thread' });

/** The "Connection lost" banner. */
export const connectionBanner = (page) => page.getByRole('status').filter({ hasText: 'Connection lost' });

/** Waits until `title` is the open channel, ready to write in. */
export async function inChannel(page, title) {
  await see(channelHeading(page, title), `the header of ~${title}`);
  return see(composer(page, title), `the message box of ~${title}`);
}

/** Opens a channel from the sidebar. */
export async function openChannel(page, title) {
  await sidebarLink(page, title).click();
  return inChannel(page, title);
}

/** Types `text` into `box` and sends it with Enter; waits until the post shows in `scope`. */
export async function send(page, box, text, scope = messageList(page)) {
  await box.fill(text);
  await box.press('Enter');
  await see(post(scope, text), `my own post "${text}" after sending it`);
}

/** Opens the team menu in the sidebar header and picks `item`. */
export async function teamMenu(page, item) {
  await page.getByRole('button', { name: new RegExp(`^${escape(TEAM.display_name)} menu`) }).click();
  await page.getByRole('menuitem', { name: item }).click();
}

/** Shows a post's actions (they appear on hover) and presses the one named `action`. */
export async function postAction(target, action) {
  await target.hover();
  await target.getByRole('button', { name: action, exact: true }).click();
}

/** Opens a post's "More actions" menu and picks `item`. */
export async function postMenu(page, target, item) {
  await postAction(target, 'More actions');
  await page.getByRole('menu', { name: 'Message actions' }).getByRole('menuitem', { name: item, exact: true }).click();
}
