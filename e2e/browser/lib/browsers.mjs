// Chromium for the call tests: Debian's /usr/bin/chromium with a fake camera (three devices) and
// microphone, a fresh context per user in a Chromium the test file shares, and pages of the SDK
// harness (harness/) served on the Parley server's own origin (http://127.0.0.1 is a secure context,
// as getUserMedia needs).
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { cleanups, fileCleanups, STEP_MS, timedOut, within } from './parley.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const HARNESS = path.join(HERE, '../harness');
export const CHROMIUM = process.env.PARLEY_CHROMIUM || '/usr/bin/chromium';

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
  '--disable-component-update', '--disable-sync',
  '--use-fake-ui-for-media-stream', '--use-fake-device-for-media-stream=device-count=3',
  '--auto-accept-this-tab-capture', '--auto-select-desktop-capture-source=Entire screen',
  // Real addresses in candidates (no mDNS names: nothing resolves them in the test namespace).
  // The harness page is fulfilled by Playwright, which Local Network Access treats as a public page.
  '--disable-features=WebRtcHideLocalIpsWithMdns,LocalNetworkAccessChecks',
  '--autoplay-policy=no-user-gesture-required',
];

/** The file's shared Chromiums, by their extra switches: promises of playwright Browsers. */
const sharedBrowsers = new Map();

/**
 * A fresh browser for one user: a new context (its own cookies, storage, permissions and service workers, as a
 * fresh profile) of a Chromium the test file shares, launched with the same switches the first time; its closing
 * goes on `closers` (by default the cleanup stack of the test file), the shared Chromium's on the file's last
 * clean-up. A Chromium launch costs seconds of CPU, a context a few milliseconds. `persistent` launches a Chromium
 * of its own with a fresh profile directory instead (what the Push API needs: it is off in such contexts), as does
 * an `executablePath` (a wrapper that runs Chromium in another network namespace, see network.mjs). `args` adds
 * switches.
 */
export async function launchBrowser(closers = cleanups, { executablePath = CHROMIUM, args = [], persistent = false } = {}) {
  assert.ok(existsSync(CHROMIUM), `${CHROMIUM} missing: apt-get install -y chromium`);
  if (persistent || executablePath !== CHROMIUM) {
    const profile = mkdtempSync(path.join(tmpdir(), 'parley-chromium-'));
    const context = await within(STEP_MS, chromium.launchPersistentContext(profile, {
      // QuickBlox's SDK calls REST over https only: Parley's self-signed certificate is accepted here.
      executablePath, headless: true, timeout: STEP_MS, args: [...ARGS, ...args], ignoreHTTPSErrors: true,
    }), 'Chromium start');
    closers.push(async () => {
      await within(STEP_MS, context.close(), 'Chromium close').catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    });
    return context;
  }
  const key = args.join(' ');
  let browser = sharedBrowsers.get(key);
  if (!browser) {
    browser = within(STEP_MS, chromium.launch({ executablePath, headless: true, timeout: STEP_MS, args: [...ARGS, ...args] }),
      'Chromium start');
    sharedBrowsers.set(key, browser);
    browser.catch(() => sharedBrowsers.delete(key)); // the next user launches again
    fileCleanups.push(async () => {
      sharedBrowsers.delete(key);
      await browser.then((launched) => within(STEP_MS, launched.close(), 'Chromium close')).catch(() => {});
    });
  }
  const context = await within(STEP_MS, (await browser).newContext({ ignoreHTTPSErrors: true }), 'a browser context');
  closers.push(() => within(STEP_MS, context.close(), 'browser context close').catch(() => {}));
  return context;
}

/**
 * Opens the harness in a new browser, signed in to chat as the user. Returns a handle with
 * `page`, `user`, `events()`, `eval(fn, arg)` and `waitEvent(predicate)`.
 * @param {{base: string, app: any}} parley
 * @param {{id: number, token: string}} user
 * @param {object} [videochat] the SDK's videochat config
 */
export async function openUser(parley, user, videochat = {}, { context, closers } = {}) {
  const { page, errors } = await openHarness(parley, user, 'harness.html', {}, { context, closers });
  await page.waitForFunction(() => window.harnessReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.h.connect(args), {
    appId: parley.app.application_id, authKey: parley.app.auth_key, api: parley.base, userId: user.id,
    password: user.token, videochat, debug: Boolean(process.env.PARLEY_BROWSER_DEBUG),
  }), `${user.login} connects to chat`);
  const handle = {
    page, user, errors,
    eval: (fn, arg) => within(STEP_MS, page.evaluate(fn, arg), `${user.login}: ${String(fn).slice(0, 80)}`),
    events: () => page.evaluate(() => window.h.events),
    /** Resolves with the first recorded event matching the predicate (polled). */
    async waitEvent(predicate, what, ms = STEP_MS) {
      return waitFor(async () => (await handle.events()).find(predicate), `${user.login}: ${what}`, ms);
    },
  };
  return handle;
}

/**
 * Opens a page of the Parley server's origin whose /__e2e/ files come from harness/ (and `extra`:
 * name → file), in a fresh browser unless a context is given. `user.login` labels debug output.
 */
export async function openHarness(parley, user, pageName, extra, { context, closers } = {}) {
  const browser = context ?? await launchBrowser(closers);
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (process.env.PARLEY_BROWSER_DEBUG) console.error(`[${user.login}] ${msg.text()}`); });
  await page.route(`${parley.base}/__e2e/**`, (route) => {
    const name = path.basename(new URL(route.request().url()).pathname);
    const type = name.endsWith('.html') ? 'text/html' : 'text/javascript';
    route.fulfill({ status: 200, contentType: `${type}; charset=utf-8`, body: readFileSync(extra[name] ?? path.join(HARNESS, name)) });
  });
  await page.goto(`${parley.base}/__e2e/${pageName}`, { timeout: STEP_MS });
  return { page, errors };
}

/** The unmodified ConnectyCube and QuickBlox browser bundles (QuickBlox's is unpacked by scripts/test-browser.sh). */
export const VENDOR_SDKS = {
  cb: path.join(HERE, '../node_modules/connectycube/dist/connectycube.min.js'),
  qb: path.join(HERE, '../vendor/quickblox-2.23.0/quickblox.min.js'),
};

/**
 * Opens harness/compat.html with the ConnectyCube ('cb') or QuickBlox ('qb') SDK, signed in and
 * connected to chat as the user (with its password, as those SDKs' apps do).
 */
export async function openVendorUser(parley, user, sdk, { closers } = {}) {
  assert.ok(existsSync(VENDOR_SDKS[sdk]), `${VENDOR_SDKS[sdk]} missing: run scripts/test-browser.sh, which fetches it`);
  const { page, errors } = await openHarness(parley, user, 'compat.html', { 'vendor.js': VENDOR_SDKS[sdk] }, { closers });
  await page.waitForFunction(() => window.compatReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.c.connect(args), {
    sdk, app: parley.app, api: parley.base, apiHostPort: parley.httpsHostPort, ws: parley.ws, domain: parley.domain, user,
  }), `${user.login} (${sdk}) connects`);
  const handle = {
    page, user, errors,
    eval: (fn, arg) => within(STEP_MS, page.evaluate(fn, arg), `${user.login}: ${String(fn).slice(0, 80)}`),
    events: () => page.evaluate(() => window.c.events),
    async waitEvent(predicate, what, ms = STEP_MS) {
      return waitFor(async () => (await handle.events()).find(predicate), `${user.login}: ${what}`, ms);
    },
    /** Media arriving over all the SDK's peer connections keeps increasing. */
    async assertMediaFlows() {
      const first = await waitFor(async () => {
        const s = await page.evaluate(() => window.c.inbound());
        return s.framesDecoded > 0 && s.audioEnergy > 0 ? s : null;
      }, `${user.login} (${sdk}) receives media`);
      await waitFor(async () => {
        const s = await page.evaluate(() => window.c.inbound());
        return s.framesDecoded >= first.framesDecoded + 10 && s.audioEnergy > first.audioEnergy;
      }, `${user.login} (${sdk}): media keeps flowing`);
    },
  };
  return handle;
}

/** Polls fn every 200 ms until it returns a truthy value; rejects after ms (`what` as for timedOut). */
export async function waitFor(fn, what, ms = STEP_MS) {
  const deadline = Date.now() + ms;
  let last;
  for (;;) {
    last = await fn();
    if (last) return last;
    if (Date.now() > deadline) throw timedOut(ms, what);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/**
 * Asserts that media from `fromId` is flowing into `to`: decoded video frames keep increasing
 * (when video is expected) and the audio energy of the <audio>-attached stream keeps rising.
 */
export async function assertMediaFlows(to, fromId, { video = true, audio = true, ms = STEP_MS } = {}) {
  const first = await waitFor(async () => {
    const s = await to.page.evaluate((id) => window.h.inbound(id), fromId);
    return s && (!video || s.framesDecoded > 0) && (!audio || s.audioEnergy > 0) ? s : null;
  }, `${to.user.login} receives media from user ${fromId}`, ms);
  await waitFor(async () => {
    const s = await to.page.evaluate((id) => window.h.inbound(id), fromId);
    return s && (!video || s.framesDecoded >= first.framesDecoded + 10) && (!audio || s.audioEnergy > first.audioEnergy) ? s : null;
  }, `${to.user.login}: media from user ${fromId} keeps flowing`, ms);
}

/**
 * Opens a page the Parley server serves itself (the demo app at `/`) in a new browser, as a user
 * would. Returns {page, name, errors}: `errors` collects uncaught page errors.
 * @param {string} url
 * @param {{name?: string, viewport?: {width: number, height: number}}} [options] `name` labels debug output
 */
export async function openPage(url, { name = 'page', viewport } = {}) {
  const browser = await launchBrowser();
  const page = browser.pages()[0] ?? await browser.newPage();
  if (viewport) await page.setViewportSize(viewport);
  const errors = [];
  page.on('pageerror', (err) => errors.push(err.message));
  page.on('console', (msg) => { if (process.env.PARLEY_BROWSER_DEBUG) console.error(`[${name}] ${msg.text()}`); });
  await page.goto(url, { timeout: STEP_MS });
  return { page, name, errors };
}
