// Conferences in the browser tests: a Parley server set up for them, and Chromium pages running the unmodified
// janus.js (npm janus-gateway) through harness/janus.html, which follows janus-gateway's video room demos. Other
// conference tests (the ConnectyCube client, bigger rooms) reuse these helpers.
import assert from 'node:assert/strict';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openHarness, waitFor } from './browsers.mjs';
import { STEP_MS, startParley, within } from './parley.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Bound on a conference step: media through an SFU on a loaded two-core machine takes longer than a REST call. */
export const CONFERENCE_STEP_MS = 30_000;
const MODULES = path.join(HERE, '../node_modules');

/** janus.js and its webrtc-adapter dependency, as npm installed them (scripts/test-browser.sh). */
export const JANUS_FILES = {
  'janus.es.js': path.join(MODULES, 'janus-gateway/npm/dist/janus.es.js'),
  'adapter.js': path.join(MODULES, 'webrtc-adapter/out/adapter.js'),
};

/**
 * Starts `./parley run` for conferences inside the test namespace: HTTP on every address of the namespace (pages
 * of the namespace's browsers use 127.0.0.1; a browser in a namespace of its own, isolatedBrowserNetwork's
 * address), the media port (a free one) on PARLEY_ADDR_A (198.18.0.1), which it announces and every browser
 * reaches, plus the given `PARLEY_*` settings (short timeouts for the tests that wait for them).
 * @param {object} env more environment for the server
 * @param {object} [options] startParley's options (e.g. otherApps)
 */
export async function startConferenceServer(env = {}, options = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'conference tests carry media: run them inside scripts/netns-run');
  return startParley({
    host: '0.0.0.0',
    env: { PARLEY_MEDIA_HOST: process.env.PARLEY_ADDR_A, ...env },
    ...options,
  });
}

/** The Janus API's address on the server for a transport ('ws' or 'http' long polls). */
export function janusServer(base, transport = 'ws') {
  return transport === 'ws' ? `${base.replace(/^http/, 'ws')}/janus` : `${base}/janus`;
}

/**
 * Opens janus.js in a Chromium of its own (or `context`), creates its Janus session with the user's REST token
 * over `transport` ('ws' or 'http' long polls) and attaches the publisher handle. Returns a handle with `page`,
 * `user`, `server`, `eval`, `events()`, `waitEvent()`, `join()`, `rejoin()`, `inbound(feed)` and `outbound()`.
 * @param {object} parley what startConferenceServer returned
 * @param {{id: number, login: string, token: string}} user
 * @param {{transport?: 'ws'|'http', subscriptions?: 'per-feed'|'multistream'|'none', janusOptions?: object,
 *          network?: object, context?: object, closers?: Array}} [options] `janusOptions` go to janus.js's
 *          constructor (keepAlivePeriod...); `network` (isolatedBrowserNetwork) runs the browser in its namespace
 */
export async function openJanus(parley, user, { transport = 'ws', subscriptions = 'per-feed', janusOptions = {},
  network, context, closers } = {}) {
  let base = parley.base;
  let browser = context;
  if (network) {
    base = `http://${network.signalingAddress}:${parley.port}`;
    // Not loopback, hence not a secure context unless Chromium is told to treat it as one (getUserMedia needs it).
    browser = await launchBrowser(closers, { executablePath: network.executable,
      args: [`--unsafely-treat-insecure-origin-as-secure=${base}`] });
  }
  const { page, errors } = await openHarness({ ...parley, base }, user, 'janus.html', JANUS_FILES,
    { context: browser, closers });
  await page.waitForFunction(() => window.janusReady === true, null, { timeout: STEP_MS });
  if (process.env.PARLEY_BROWSER_DEBUG) {
    page.on('requestfailed', (r) => console.error(`[${user.login}] ${r.method()} ${r.url()} failed: ${r.failure()?.errorText}`));
    page.on('response', (r) => { if (r.status() >= 300) console.error(`[${user.login}] ${r.request().method()} ${r.url()}: ${r.status()}`); });
  }
  const server = janusServer(base, transport);
  const connect = (options) => within(STEP_MS, page.evaluate((args) => window.jr.connect(args),
    { server, token: user.token, janusOptions, subscriptions, ...options }), `${user.login} creates a Janus session`);
  await connect({});
  const handle = {
    page, user, errors, server,
    eval: (fn, arg) => within(CONFERENCE_STEP_MS, page.evaluate(fn, arg), `${user.login}: ${String(fn).slice(0, 80)}`),
    events: () => page.evaluate(() => window.jr.events),
    /**
     * The first recorded event after `from` (an index into events()) matching the predicate (polled); a timeout
     * names the latest events.
     */
    async waitEvent(predicate, what, { from = 0, ms = CONFERENCE_STEP_MS } = {}) {
      try {
        return await waitFor(async () => (await handle.events()).slice(from).find(predicate), `${user.login}: ${what}`, ms);
      } catch (e) {
        const latest = (await handle.events().catch(() => [])).slice(Math.max(from, 0)).slice(-12);
        throw new Error(`${e.message}; events since: ${JSON.stringify(latest.map(({ at, ...rest }) => rest))}`);
      }
    },
    eventCount: async () => (await handle.events()).length,
    /** A new Janus session on this page (after destroy), with janus.js options for it. */
    reconnect: (options = {}) => connect(options),
    /** Joins `room` as a publisher (and publishes); resolves with the joined event. */
    join: (room, display = user.login) => handle.eval(([r, d]) => window.jr.join({ room: r, display: d }), [room, display]),
    /** After leave(): a new publisher handle joins `room` again. */
    rejoin: (room) => handle.eval(async (r) => {
      await window.jr.attachPublisher();
      return window.jr.join({ room: r });
    }, room),
    inbound: (feed) => page.evaluate((id) => window.jr.inbound(id), feed),
    outbound: () => page.evaluate(() => window.jr.outbound()),
    myId: () => page.evaluate(() => window.jr.myId()),
  };
  return handle;
}

/**
 * Asserts that `to` decodes `from`'s video (frames decoded rising) and receives its audio (audio energy rising on
 * the <audio>-attached track); `video: false` or `audio: false` leaves that kind out of the check.
 */
export async function assertReceives(to, fromFeed, { video = true, audio = true, ms = CONFERENCE_STEP_MS } = {}) {
  const first = await waitFor(async () => {
    const s = await to.inbound(fromFeed);
    return s && (!video || s.framesDecoded > 0) && (!audio || s.audioEnergy > 0) ? s : null;
  }, `${to.user.login} receives media from feed ${fromFeed}`, ms);
  await waitFor(async () => {
    const s = await to.inbound(fromFeed);
    return s && (!video || s.framesDecoded >= first.framesDecoded + 10) && (!audio || s.audioEnergy > first.audioEnergy) ? s : null;
  }, `${to.user.login}: media from feed ${fromFeed} keeps flowing`, ms);
}

/**
 * How much of one inbound measure from a feed rises over `ms`: 'framesDecoded', 'audioEnergy', or the RTP payload
 * bytes 'audioBytes' / 'videoBytes' (exact: a stream that stopped adds none, where audio energy still grows a little
 * from the decoder's concealment).
 */
export async function arrivingOver(to, fromFeed, measure, ms = 2000) {
  const before = await to.inbound(fromFeed);
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await to.inbound(fromFeed);
  return before && after ? after[measure] - before[measure] : 0;
}

/** The publisher's outbound video bitrate over `ms`, in bits per second. */
export async function sendingBitrate(from, ms = 3000) {
  const before = await from.outbound();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await from.outbound();
  return ((after.videoBytes - before.videoBytes) * 8 * 1000) / (after.timestamp - before.timestamp);
}
