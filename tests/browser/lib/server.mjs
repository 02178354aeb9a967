// The hearth server under test: started from HEARTH_BIN on a free 127.0.0.1 port with a fresh
// temporary data directory (and HEARTH_DATABASE's PostgreSQL database when given), restartable
// on the same port and data, and always killed when the runner ends, however it ends.
//
// Backups go to a second temporary directory, named to the server by HEARTH_BACKUPSETTINGS_TARGET
// (backups are not set from the admin console, so nothing there needs to change it); nightly
// backups stay off, so only the backups scenario makes one.
//
// The 200 MB upload needs a larger file size limit than the default 100 MB. It is set in the data
// directory's config.json rather than with HEARTH_FILESETTINGS_MAXFILESIZE, because a setting
// given by an environment variable is locked in the admin console, whose scenario changes it.

import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** How long a start may take: PostgreSQL migrations on a slow machine included. */
const START_TIMEOUT_MS = 60_000;
const SETPRIV = '/usr/bin/setpriv';
/** 1 GiB: the files scenario uploads 200 MB. */
const MAX_FILE_SIZE = 1024 * 1024 * 1024;
/** How long a stop waits after SIGTERM before SIGKILL. */
const STOP_GRACE_MS = 3_000;

/** A port nobody listens on right now. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

export class Hearth {
  /** @param {{bin: string, database?: string, logFile: string}} options */
  constructor({ bin, database, logFile }) {
    this.bin = bin;
    this.database = database;
    this.logFile = logFile;
    this.dataDir = mkdtempSync(join(tmpdir(), 'hearth-browser-'));
    this.backupDir = mkdtempSync(join(tmpdir(), 'hearth-browser-backups-'));
    writeFileSync(join(this.dataDir, 'config.json'), JSON.stringify({ FileSettings: { MaxFileSize: MAX_FILE_SIZE } }));
    this.port = 0;
    this.child = null;
    this.log = createWriteStream(logFile, { flags: 'w' });
  }

  get url() {
    return `http://127.0.0.1:${this.port}`;
  }

  /** Starts the server (on the same port as before after a stop) and resolves once it listens. */
  async start() {
    if (this.child) throw new Error('hearth is already running');
    this.port ||= await freePort();
    const args = ['serve', '--listen', `127.0.0.1:${this.port}`, '--data-dir', this.dataDir];
    if (this.database) args.push('--database', this.database);
    this.log.write(`\n=== ${new Date().toISOString()} ${this.bin} ${args.join(' ')}\n`);
    // The server's configuration is the data directory's and these flags, not the caller's HEARTH_*.
    const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('HEARTH_')));
    env.RUST_LOG ??= 'info';
    env.HEARTH_BACKUPSETTINGS_TARGET = this.backupDir;
    // The storage check looks at no machine, so this one's disks never add notices to a scenario.
    env.HEARTH_PROBE_ROOT = '/nonexistent/hearth-test-machine';
    // setpriv makes the kernel kill the server if this runner is killed outright (SIGKILL), which
    // no exit handler sees; it then becomes the server itself, so signals reach the server directly.
    const [command, argv] = existsSync(SETPRIV) ? [SETPRIV, ['--pdeathsig', 'KILL', this.bin, ...args]] : [this.bin, args];
    const child = spawn(command, argv, { stdio: ['ignore', 'pipe', 'pipe'], env });
    this.child = child;
    child.stderr.pipe(this.log, { end: false });
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    await new Promise((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => fail(`hearth did not say "listening on" within ${START_TIMEOUT_MS / 1000} s`), START_TIMEOUT_MS);
      const fail = (why) => {
        clearTimeout(timer);
        reject(new Error(`${why}; its log (${this.logFile}) ends with:\n${this.logTail()}`));
      };
      child.stdout.on('data', (chunk) => {
        out += chunk;
        this.log.write(chunk);
        if (/listening on \S+/.test(out)) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.once('error', (e) => fail(`hearth could not be started (${e.message})`));
      child.once('exit', (code, signal) => fail(`hearth exited before listening (code ${code}, signal ${signal})`));
    });
  }

  /** Stops the server and resolves once the process is gone. */
  async stop() {
    const child = this.child;
    if (!child) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await gone;
    clearTimeout(timer);
    this.child = null;
  }

  async restart() {
    await this.stop();
    await this.start();
  }

  /** The last lines the server logged, for failure reports. */
  logTail(lines = 25) {
    try {
      return readFileSync(this.logFile, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
    } catch {
      return '(no log)';
    }
  }

  /** Kills the server at once and removes its data and backups; safe to call from an exit handler. */
  killNow() {
    this.child?.kill('SIGKILL');
    this.child = null;
    rmSync(this.dataDir, { recursive: true, force: true });
    rmSync(this.backupDir, { recursive: true, force: true });
  }
}
