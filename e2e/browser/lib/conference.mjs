// Conference pages: harness/conference.html drives the unmodified janus.js (npm janus-gateway) in a
// video room as janus.js's own demo does; harness/conference-cb.html the unmodified ConnectyCube
// SDK's conference client. Both record events and read per-feed stats for the tests.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { openHarness, VENDOR_SDKS, waitFor } from './browsers.mjs';
import { rest, startParley, STEP_MS, within } from './parley.mjs';

const MODULES = path.join(path.dirname(fileURLToPath(import.meta.url)), '../node_modules');
const JANUS_JS = {
  'adapter.js': path.join(MODULES, 'webrtc-adapter/out/adapter.js'),
  'janus.js': path.join(MODULES, 'janus-gateway/npm/src/janus.js'),
};

/**
 * Starts Parley for conferences inside the test namespace: its media port on the namespace's
 * 198.18.0.1 (a free port), the Janus API on its HTTP port at /janus. Adds `janus` (the WebSocket URL).
 */
export async function startConferenceParley(env = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'conference tests carry media: run them inside scripts/netns-run');
  const parley = await startParley({ env: { PARLEY_MEDIA_HOST: process.env.PARLEY_ADDR_A, PARLEY_MEDIA_PORT: '0', ...env } });
  return { ...parley, janus: `${parley.base.replace(/^http/, 'ws')}/janus` };
}

/** Creates a meeting hosted by `host` with `attendees` (users); returns it (its `_id` is the room id). */
export async function createMeeting(parley, host, attendees, name = 'Conference test') {
  const now = Math.floor(Date.now() / 1000);
  return rest(parley.base, 'POST', '/meetings', { token: host.token, body: {
    name, start_date: now, end_date: now + 3600, attendees: attendees.map((u) => ({ id: u.id })), record: false, chat: false,
  } });
}

function handleFor(page, errors, label, api) {
  const handle = {
    page, errors, label,
    eval: (fn, arg) => within(STEP_MS, page.evaluate(fn, arg), `${label}: ${String(fn).slice(0, 80)}`),
    events: () => page.evaluate((name) => window[name].events, api),
    async waitEvent(predicate, what, ms = STEP_MS) {
      return waitFor(async () => (await handle.events()).find(predicate), `${label}: ${what}`, ms);
    },
    /** Per remote participant id: {framesDecoded, audioEnergy, audioPackets, videoBytes, audioBytes}. */
    inbound: () => page.evaluate((name) => window[name].inbound(), api),
  };
  return handle;
}

/**
 * Opens harness/conference.html (janus.js) on `origin` (a page of the Parley server, or any
 * 127.0.0.1 origin: the files are served by Playwright) in `context` or a new browser.
 */
export async function openJanusPage(origin, label, { context, closers } = {}) {
  for (const file of Object.values(JANUS_JS)) assert.ok(existsSync(file), `${file} missing: run scripts/test-browser.sh (npm ci)`);
  const { page, errors } = await openHarness({ base: origin }, { login: label }, 'conference.html', JANUS_JS, { context, closers });
  await page.waitForFunction(() => window.conferenceReady === true, null, { timeout: STEP_MS });
  return handleFor(page, errors, label, 'conf');
}

/**
 * Opens harness/conference-cb.html (the ConnectyCube SDK's conference client) on the Parley
 * server's origin, signed in to REST as `user`, with `janus` (a WebSocket URL) as its conference server.
 */
export async function openConnectyCubePage(parley, user, janus, { context, closers } = {}) {
  const files = { 'adapter.js': JANUS_JS['adapter.js'], 'vendor.js': VENDOR_SDKS.cb };
  for (const file of Object.values(files)) assert.ok(existsSync(file), `${file} missing: run scripts/test-browser.sh (npm ci)`);
  const { page, errors } = await openHarness(parley, user, 'conference-cb.html', files, { context, closers });
  await page.waitForFunction(() => window.ccReady === true, null, { timeout: STEP_MS });
  const userId = await within(STEP_MS, page.evaluate((a) => window.cc.connect(a),
    { app: parley.app, api: parley.base, janus, user: { login: user.login, password: user.password } }), `${user.login} signs in`);
  assert.equal(userId, user.id);
  return { ...handleFor(page, errors, user.login, 'cc'), user };
}

/**
 * Waits until `to` decodes video and receives audio energy from every feed in `from`, then until
 * both keep growing; a timeout names what arrived per feed.
 */
export async function assertFeedsFlow(to, from, { ms = 30_000, audio = true } = {}) {
  const ok = (stats, base) => from.every((feed) => {
    const s = stats[feed];
    const b = base?.[feed];
    return s && s.framesDecoded > (b ? b.framesDecoded + 10 : 0) && (!audio || s.audioEnergy > (b?.audioEnergy ?? 0));
  });
  const poll = async (base, what) => {
    const deadline = Date.now() + ms;
    for (;;) {
      const stats = await to.inbound();
      if (ok(stats, base)) return stats;
      if (Date.now() > deadline) {
        const seen = from.map((f) => `${f}: ${stats[f] ? `${stats[f].framesDecoded} frames, audio energy ${stats[f].audioEnergy.toFixed(3)}` : 'nothing'}`);
        throw new Error(`timed out after ${ms} ms: ${to.label} ${what}; per feed: ${seen.join('; ')}`);
      }
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  };
  const first = await poll(null, `receives video and audio from ${from.join(', ')}`);
  return poll(first, `keeps receiving from ${from.join(', ')}`);
}
