// Runs the web client's browser scenarios in headless Chromium against the real hearth binary.
//
//   HEARTH_BIN=/path/to/hearth node run.mjs [scenario ...]
//
// Environment: HEARTH_BIN (required) the server binary; HEARTH_DATABASE a postgres:// URL of an
// empty database (absent: SQLite in the temporary data directory); HEARTH_BROWSER_OUT where the
// screenshots go (default output/<sqlite|postgres> next to this file); CHROMIUM the browser
// (default /usr/bin/chromium); HEARTH_BROWSER_VERBOSE=1 prints the steps as they run.
// Arguments pick scenarios by name; they still run in the fixed order. One server serves the
// whole run. Exits 0 only when every chosen scenario passed.

import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));

if (!existsSync(join(here, 'node_modules', 'playwright-core'))) {
  console.error(`playwright-core is not installed: run \`npm ci\` in ${here} first.`);
  process.exit(2);
}

const { launchBrowser, Scene } = await import('./lib/browser.mjs');
const { Failure } = await import('./lib/expect.mjs');
const { Hearth } = await import('./lib/server.mjs');
const { World } = await import('./lib/world.mjs');
const { startClientProxy } = await import('./lib/clientproxy.mjs');
const { scenarios } = await import('./scenarios/index.mjs');

const bin = process.env.HEARTH_BIN;
if (!bin || !existsSync(bin)) {
  console.error(`HEARTH_BIN must name the hearth binary${bin ? ` (there is no ${bin})` : ''}.`);
  process.exit(2);
}
const database = process.env.HEARTH_DATABASE || undefined;
const backend = database ? 'postgres' : 'sqlite';
const out = resolve(process.env.HEARTH_BROWSER_OUT || join(here, 'output', backend));
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
/** HEARTH_UI_DIST: a client build to test instead of the server's own (see lib/clientproxy.mjs). */
const clientDir = process.env.HEARTH_UI_DIST;
/** HEARTH_BROWSER_VERBOSE=1 prints each step as it starts, with the time into its scenario. */
const verbose = !!process.env.HEARTH_BROWSER_VERBOSE;

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !scenarios.some((s) => s.name === name));
if (unknown.length) {
  console.error(`No scenario named ${unknown.join(', ')}. Scenarios: ${scenarios.map((s) => s.name).join(', ')}.`);
  process.exit(2);
}
const chosen = wanted.length ? scenarios.filter((s) => wanted.includes(s.name)) : scenarios;

mkdirSync(out, { recursive: true });
// Screenshots of an earlier run would pass for this run's.
for (const file of readdirSync(out)) if (file.endsWith('.png')) rmSync(join(out, file));

const server = new Hearth({ bin, database, logFile: join(out, 'hearth.log') });
let browser;
/** Where the pages load the client from: the server itself, or the HEARTH_UI_DIST proxy. */
let base = '';

// However the run ends, the server goes with it.
process.on('exit', () => server.killNow());
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping`);
    process.exit(130);
  });
}

const seconds = (ms) => `${(ms / 1000).toFixed(1)} s`;
/** Multi-line text indented under its heading, without the terminal colours of Playwright's logs. */
const indent = (text, by = '        ') => String(text).replace(/\x1b\[[0-9;]*m/g, '').replace(/\n/g, `\n${by}`);

async function runOne(scenario, world) {
  const scene = new Scene({ browser, base, out, scenario: scenario.name });
  let current = '(before the first step)';
  const started = Date.now();
  const step = (text) => {
    current = text;
    if (verbose) console.log(`      ${seconds(Date.now() - started).padStart(7)}  ${text}`);
  };
  const timeout = scenario.timeout ?? 60_000;
  let timer;
  let error = null;
  try {
    const work = scenario.run({ world, scene, server, step });
    work.catch(() => {}); // after a timeout its rejection is no longer awaited
    await Promise.race([
      work,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Failure(`the scenario took longer than ${timeout / 1000} s`)), timeout))),
    ]);
    const crashes = scene.problems.filter((p) => p.includes('] uncaught:'));
    if (crashes.length) throw new Failure(`the page threw an uncaught exception:\n${crashes.join('\n')}`);
  } catch (e) {
    error = e;
  } finally {
    clearTimeout(timer);
  }
  const duration = Date.now() - started;
  const shots = error ? await scene.failureShots() : [];
  await scene.close();
  const mark = error ? 'FAIL' : 'PASS';
  console.log(`${mark}  ${scenario.name.padEnd(10)} ${seconds(duration).padStart(7)}   ${scenario.title}`);
  if (error) {
    console.log(`        at step: ${current}`);
    console.log(`        error: ${indent(error instanceof Failure ? error.message : (error.stack ?? error))}`);
    if (scene.problems.length) console.log(`        page problems:\n          ${scene.problems.map((p) => indent(p, '          ')).join('\n          ')}`);
    else console.log('        page problems: none logged');
    if (shots.length) console.log(`        screenshots: ${shots.join(', ')}`);
    console.log(`        server log: ${server.logFile}`);
  }
  return { name: scenario.name, passed: !error, duration };
}

const results = [];
const startedAll = Date.now();
try {
  await server.start();
  base = clientDir ? (await startClientProxy(clientDir, server.port)).url : server.url;
  browser = await launchBrowser(chromiumPath);
  console.log(`Hearth browser tests on ${backend}: ${server.url}, Chromium ${browser.version()}, screenshots in ${out}`);
  if (clientDir) console.log(`The client comes from ${clientDir}, through ${base}`);
  const world = new World(server);
  for (const scenario of chosen) {
    // A scenario that stopped the server and failed before starting it again leaves it down.
    if (!server.child) await server.start();
    results.push(await runOne(scenario, world));
  }
} catch (e) {
  console.error(`The run could not go on: ${e.stack ?? e}`);
  results.push({ name: '(setup)', passed: false, duration: 0 });
} finally {
  await browser?.close().catch(() => {});
  await server.stop().catch(() => {});
}

const failed = results.filter((r) => !r.passed);
console.log(
  `${results.length - failed.length} passed, ${failed.length} failed in ${seconds(Date.now() - startedAll)}` +
    (failed.length ? ` (failed: ${failed.map((r) => r.name).join(', ')})` : ''),
);
process.exit(failed.length ? 1 : 0);
