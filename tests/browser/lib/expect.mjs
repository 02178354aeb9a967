// Assertions on what the page shows, with messages that say what was expected and what was
// there instead. Waits are Playwright's own (they follow the DOM), never fixed sleeps.

/** The default wait for something to show up. */
export const WAIT_MS = 10_000;

export class Failure extends Error {}

export function assert(condition, message) {
  if (!condition) throw new Failure(message);
}

/** Waits until `locator` is visible; `what` says in words what should be seen. */
export async function see(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'visible', timeout });
  } catch {
    throw new Failure(`expected to see ${what} within ${timeout / 1000} s, but it did not show (${locator})`);
  }
  return locator.first();
}

/** Waits until nothing `locator` matches is visible. */
export async function gone(locator, what, timeout = WAIT_MS) {
  try {
    await locator.first().waitFor({ state: 'hidden', timeout });
  } catch {
    throw new Failure(`expected ${what} to go away within ${timeout / 1000} s, but it is still shown (${locator})`);
  }
}

/** Waits until `predicate` (run in the page with `arg`) is truthy. */
export async function pageUntil(page, predicate, arg, what, timeout = WAIT_MS) {
  try {
    await page.waitForFunction(predicate, arg, { timeout, polling: 'raf' });
  } catch {
    throw new Failure(`timed out after ${timeout / 1000} s waiting until ${what}`);
  }
}

/** Waits until the tab title matches `pattern`. */
export async function titleMatches(page, pattern, timeout = WAIT_MS) {
  try {
    await page.waitForFunction((source) => new RegExp(source).test(document.title), pattern.source, { timeout, polling: 'raf' });
  } catch {
    throw new Failure(`expected the tab title to match ${pattern}, but it is "${await page.title()}"`);
  }
}

/** Waits until the page's finite CSS animations and transitions (a drawer sliding in) are over. */
export function settled(page, what = 'the animations end') {
  return pageUntil(
    page,
    () => document.getAnimations().every((a) => a.playState !== 'running' || a.effect?.getTiming().iterations === Infinity),
    undefined,
    what,
  );
}
