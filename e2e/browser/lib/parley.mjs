// Shared fixtures of the browser tests: the built Parley server started as a user starts it
// (`./parley run` on free ports in a temp data dir), REST helpers, bounded waits, and a cleanup
// stack that runs after each test file (also when a test fails).
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'node:test';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
export const STEP_MS = 15_000;   // bound on every single wait

/** Functions run in reverse order by runCleanups(). */
export const cleanups = [];
/** What the whole file shares (its browsers), run by runCleanups() after `cleanups`, and never by a test's own clean-up. */
export const fileCleanups = [];

export async function runCleanups() {
  await runCleanupsFrom(0);
  await runAll(fileCleanups.splice(0).reverse());
}

async function runCleanupsFrom(index) {
  await runAll(cleanups.splice(index).reverse());
}

async function runAll(functions) {
  for (const cleanup of functions) {
    try { await cleanup(); } catch (err) { console.error('cleanup:', err); }
  }
}

/**
 * Stops what each test of the file starts (whatever it pushes to `cleanups`: browsers, servers, bots) when that test
 * ends instead of with the file, so that later tests do not share the CPU with earlier tests' browsers. What the
 * file's before() started stays for its after(runCleanups). For files whose tests share nothing else.
 */
export function cleanUpEachTest() {
  let mark = 0;
  beforeEach(() => { mark = cleanups.length; });
  afterEach(() => runCleanupsFrom(mark));
}

/** The error of a wait that timed out; `what` is its message, or a function that makes it now (output as it is then). */
export function timedOut(ms, what) {
  return new Error(`timed out after ${ms} ms: ${typeof what === 'function' ? what() : what}`);
}

/** Rejects when the promise has not settled within ms; `what` as for timedOut. */
export function within(ms, promise, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(timedOut(ms, what)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

export async function freePort() {
  const server = createNetServer();
  await new Promise((resolve, reject) => server.listen(0, '127.0.0.1', resolve).on('error', reject));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/**
 * Starts `./parley run` on a free port of 127.0.0.1 in a temp data dir; resolves once it prints its
 * ready line, with {base, ws, port, app (default-app.json), pid (the server JVM's: the launcher execs it), log()}.
 * `host` binds another address instead: only inside the test namespace, its own 198.18.0.1 (where a page
 * is not a secure context, not being loopback) or 0.0.0.0 (every address of the namespace; `base` stays
 * on 127.0.0.1). `otherApps` makes that many applications besides the default one, returned as
 * `otherApps` (their credentials).
 */
export async function startParley({ env = {}, https = false, host = '127.0.0.1', otherApps = 0 } = {}) {
  if (host !== '127.0.0.1') {
    assert.equal(process.env.PARLEY_NETNS, '1', 'a server off loopback runs only inside the test network namespace');
  }
  const jar = path.join(ROOT, 'server/target/parley-server.jar');
  assert.ok(existsSync(jar), `the server is not built (${jar} missing): build it with Maven first`);
  const data = mkdtempSync(path.join(tmpdir(), 'parley-browser-'));
  const others = [];
  if (otherApps > 0) {
    // Made before the server starts (the embedded database has one user at a time); the first is the default.
    for (const name of ['Default', ...Array.from({ length: otherApps }, (_, i) => `Other ${i + 1}`)]) {
      const created = execFileSync(path.join(ROOT, 'parley'), ['app', 'create', '--name', name, '--data', data],
        { cwd: ROOT, env: { ...process.env, PARLEY_NO_BUILD: '1', ...env }, encoding: 'utf8' });
      if (name !== 'Default') others.push(JSON.parse(created));
    }
  }
  const port = await freePort();
  const httpsPort = https ? await freePort() : -1;
  const child = spawn(path.join(ROOT, 'parley'),
    ['run', '--host', host, '--data', data, '--port', String(port), '--https-port', String(httpsPort)], {
      cwd: ROOT,
      // The conference media ports (UDP and ICE-TCP) on free ports too: two servers of the namespace never meet.
      env: { ...process.env, PARLEY_NO_BUILD: '1', PARLEY_CHAT_TCP_PORT: '-1', PARLEY_MEDIA_PORT: '0', PARLEY_MEDIA_TCP_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,   // its own process group, so that the stop below reaches it alone
    });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  cleanups.push(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      process.kill(-child.pid, 'SIGTERM');
      try {
        await within(10_000, exited, 'server stop');
      } catch {
        process.kill(-child.pid, 'SIGKILL');
        await exited;
      }
    }
    // scripts/test-browser.sh prints the logs of a file whose tests failed.
    if (process.env.PARLEY_BROWSER_LOG_DIR) writeFileSync(path.join(process.env.PARLEY_BROWSER_LOG_DIR, `parley-${port}.log`), output);
    if (process.env.PARLEY_BROWSER_KEEP_DATA) {
      writeFileSync(path.join(data, 'parley.log'), output);
      console.error('server data and log kept in', data);
    }
    else rmSync(data, { recursive: true, force: true });
  });
  const ready = new Promise((resolve, reject) => {
    const onData = (chunk) => {
      output += chunk;
      if (output.includes('Parley ready')) resolve();
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    exited.then(({ code, signal }) => reject(new Error(`parley exited (${code ?? signal}):\n${output}`)));
  });
  await within(45_000, ready, () => `Parley's ready line; output so far:\n${output}`);
  const app = JSON.parse(readFileSync(path.join(data, 'default-app.json'), 'utf8'));
  const shown = host === '0.0.0.0' ? '127.0.0.1' : host;
  return {
    base: `http://${shown}:${port}`, ws: `ws://${shown}:${port}/xmpp`, httpsHostPort: `${shown}:${httpsPort}`, httpsPort, port,
    domain: 'parley.local', app, otherApps: others, pid: child.pid, log: () => output,
  };
}

/** One REST call; asserts a 2xx answer and returns its JSON. */
export async function rest(base, method, route, { token, body } = {}) {
  const headers = { 'Content-Type': 'application/json' };
  if (token) headers['CB-Token'] = token;
  const res = await fetch(base + route, {
    method, headers, body: body && JSON.stringify(body), signal: AbortSignal.timeout(STEP_MS),
  });
  const text = await res.text();
  assert.ok(res.ok, `${method} ${route}: ${res.status} ${text}`);
  return JSON.parse(text);
}

/**
 * Creates a user (with `email` when given) of the default application, or of `app` (credentials as in
 * default-app.json), and a user session for it; returns {id, login, password, token, email}.
 */
export async function createUser(parley, login, { email, app = parley.app } = {}) {
  const password = `pw-${login}-${Math.random().toString(36).slice(2)}`;
  const { session: appSession } = await rest(parley.base, 'POST', '/session', {
    body: { application_id: app.application_id, auth_key: app.auth_key },
  });
  const fields = { login, password, full_name: login[0].toUpperCase() + login.slice(1) };
  if (email) fields.email = email;
  const { user } = await rest(parley.base, 'POST', '/users', { token: appSession.token, body: { user: fields } });
  const { session } = await rest(parley.base, 'POST', '/session', {
    body: { application_id: app.application_id, auth_key: app.auth_key, user: { login, password } },
  });
  assert.equal(session.user_id, user.id);
  return { id: user.id, login, password, token: session.token, email };
}
