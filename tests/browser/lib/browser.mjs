// Headless Chromium (Debian's, never a downloaded one) and the browser side of one scenario: the
// pages it opens, each in its own context (its own cookies, so its own user), at desktop or phone
// size; what their consoles complained about; and screenshots, named by screen size.

import { join } from 'node:path';

import { chromium } from 'playwright-core';

import { WAIT_MS } from './expect.mjs';

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

const DESKTOP = { viewport: { width: 1280, height: 800 } };
const PHONE = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export function launchBrowser(executablePath) {
  return chromium.launch({ executablePath, headless: true, args: FLAGS });
}

/** The browser side of one scenario. */
export class Scene {
  /** @param {{browser: import('playwright-core').Browser, base: string, out: string, scenario: string}} options */
  constructor({ browser, base, out, scenario }) {
    this.browser = browser;
    this.base = base;
    this.out = out;
    this.scenario = scenario;
    /** @type {{page: import('playwright-core').Page, label: string}[]} */
    this.pages = [];
    this.contexts = [];
    /** Console errors, uncaught exceptions and server errors the pages saw. */
    this.problems = [];
    this.screenshots = [];
  }

  /** A new page in a fresh context. `label` names it in reports ("admin", "bob on a phone"). */
  async newPage(label, { phone = false } = {}) {
    const context = await this.browser.newContext({ ...(phone ? PHONE : DESKTOP), baseURL: this.base });
    context.setDefaultTimeout(WAIT_MS);
    this.contexts.push(context);
    const page = await context.newPage();
    this.pages.push({ page, label });
    page.on('console', (m) => {
      if (m.type() === 'error') this.problems.push(`[${label}] console error: ${m.text()}`);
    });
    page.on('pageerror', (e) => this.problems.push(`[${label}] uncaught: ${e.stack ?? e.message}`));
    page.on('response', (r) => {
      if (r.status() >= 500) this.problems.push(`[${label}] ${r.request().method()} ${r.url()} answered ${r.status()}`);
    });
    return page;
  }

  /** A page signed in as `user` (through the API, which sets the session cookie), showing `path`. */
  async pageAs(user, path, { phone = false, label = user.username } = {}) {
    const page = await this.newPage(phone ? `${label} (phone)` : label, { phone });
    const response = await page.context().request.post('/api/v4/users/login', { data: { login_id: user.username, password: user.password } });
    if (!response.ok()) throw new Error(`signing ${user.username} in failed: ${response.status()} ${await response.text()}`);
    await page.goto(path);
    return page;
  }

  /** Saves a screenshot as `<desktop|phone>-<name>.png` and returns its path. */
  async shot(page, name) {
    const size = (page.viewportSize()?.width ?? 1280) < 640 ? 'phone' : 'desktop';
    const path = join(this.out, `${size}-${name}.png`);
    // Pictures on screen still loading (lazy avatars) would look broken in the screenshot.
    await page
      .waitForFunction(() => [...document.images].every((i) => i.complete || i.getBoundingClientRect().bottom < 0 || i.getBoundingClientRect().top > innerHeight), undefined, { timeout: 3_000 })
      .catch(() => {});
    await page.screenshot({ path });
    this.screenshots.push(path);
    return path;
  }

  /** Screenshots of every open page, taken when the scenario failed. */
  async failureShots() {
    const paths = [];
    for (const [i, { page, label }] of this.pages.entries()) {
      if (page.isClosed()) continue;
      const path = join(this.out, `FAIL-${this.scenario}-${i + 1}-${label.replace(/\W+/g, '_')}.png`);
      try {
        await page.screenshot({ path, timeout: 5_000 });
        paths.push(path);
      } catch {
        // A page that cannot be captured any more is left out of the report.
      }
    }
    return paths;
  }

  async close() {
    await Promise.all(this.contexts.map((c) => c.close().catch(() => {})));
  }
}
