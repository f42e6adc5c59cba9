// Conferences in the browser tests: a Parley server set up for them, and Chromium pages of two clients that record
// what happens and read what arrives per feed: the unmodified janus.js (npm janus-gateway) through
// harness/janus.html, which follows janus-gateway's video room demos, and the unmodified ConnectyCube SDK's
// conference client through harness/conference-cb.html. The conference tests and bench/conference-compare.mjs
// (which also runs the janus.js page against Janus 1.1.2) share these helpers.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, openHarness, VENDOR_SDKS, waitFor } from './browsers.mjs';
import { rest, startParley, STEP_MS, within } from './parley.mjs';

const HERE = path.dirname(fileURLToPath(import.meta.url));
/** Bound on a conference step: media through an SFU on a loaded two-core machine takes longer than a REST call. */
export const CONFERENCE_STEP_MS = 30_000;
const MODULES = path.join(HERE, '../node_modules');

/** janus.js and its webrtc-adapter dependency, as npm installed them (scripts/test-browser.sh). */
const JANUS_FILES = {
  'janus.es.js': path.join(MODULES, 'janus-gateway/npm/dist/janus.es.js'),
  'adapter.js': path.join(MODULES, 'webrtc-adapter/out/adapter.js'),
};
/** The ConnectyCube SDK's bundle and the webrtc-adapter its conference client wants loaded first. */
const CONNECTYCUBE_FILES = { 'adapter.js': JANUS_FILES['adapter.js'], 'vendor.js': VENDOR_SDKS.cb };

function assertInstalled(files) {
  for (const file of Object.values(files)) assert.ok(existsSync(file), `${file} missing: run scripts/test-browser.sh (npm ci)`);
}

/**
 * Starts `./parley run` for conferences inside the test namespace: the media port (a free one) on PARLEY_ADDR_A
 * (198.18.0.1), which it announces and every browser reaches, plus the given `PARLEY_*` settings (short timeouts for
 * the tests that wait for them). HTTP stays on 127.0.0.1 unless options.host says otherwise: '0.0.0.0' for a browser
 * in a namespace of its own (isolatedBrowserNetwork), which reaches the server at its own address.
 * @param {object} env more environment for the server
 * @param {object} [options] startParley's options (host, otherApps)
 */
export async function startConferenceServer(env = {}, options = {}) {
  assert.equal(process.env.PARLEY_NETNS, '1', 'conference tests carry media: run them inside scripts/netns-run');
  return startParley({ env: { PARLEY_MEDIA_HOST: process.env.PARLEY_ADDR_A, ...env }, ...options });
}

/** The Janus API's address on the server for a transport ('ws' or 'http' long polls). */
export function janusServer(base, transport = 'ws') {
  return transport === 'ws' ? `${base.replace(/^http/, 'ws')}/janus` : `${base}/janus`;
}

/** Creates a meeting hosted by `host` with `attendees` (users); returns it (its `_id` is the room id). */
export async function createMeeting(parley, host, attendees, name = 'Conference test') {
  const now = Math.floor(Date.now() / 1000);
  return rest(parley.base, 'POST', '/meetings', { token: host.token, body: {
    name, start_date: now, end_date: now + 3600, attendees: attendees.map((u) => ({ id: u.id })), record: false, chat: false,
  } });
}

/**
 * What every conference page offers the tests, over its API object `window[api]` (`events`, `inbound()`,
 * `outbound()`): `eval`, `events()`, `eventCount()`, `waitEvent()`, and `inbound()`, per feed (participant id) what
 * arrives from it (harness/media.js: framesDecoded, audioEnergy, videoBytes, audioBytes, audioPackets, width, height).
 */
export function pageHandle(page, errors, label, api) {
  const handle = {
    page, errors, label,
    eval: (fn, arg) => within(CONFERENCE_STEP_MS, page.evaluate(fn, arg), `${label}: ${String(fn).slice(0, 80)}`),
    events: () => page.evaluate((name) => window[name].events, api),
    eventCount: async () => (await handle.events()).length,
    /**
     * The first recorded event after `from` (an index into events()) matching the predicate (polled); a timeout
     * names the latest events.
     */
    async waitEvent(predicate, what, { from = 0, ms = CONFERENCE_STEP_MS } = {}) {
      try {
        return await waitFor(async () => (await handle.events()).slice(from).find(predicate), `${label}: ${what}`, ms);
      } catch (e) {
        const latest = (await handle.events().catch(() => [])).slice(Math.max(from, 0)).slice(-12);
        throw new Error(`${e.message}; events since: ${JSON.stringify(latest.map(({ at, ...rest }) => rest))}`);
      }
    },
    inbound: () => page.evaluate((name) => window[name].inbound(), api),
    outbound: () => page.evaluate((name) => window[name].outbound(), api),
  };
  return handle;
}

/**
 * Opens janus.js in a Chromium of its own (or `context`), creates its Janus session with the user's REST token
 * over `transport` ('ws' or 'http' long polls) and attaches the publisher handle. Returns pageHandle's handle with
 * `user`, `server`, `join()`, `rejoin()`, `reconnect()` and `myId()`.
 * @param {{base: string, port?: number}} parley what startConferenceServer returned: the page opens on `base`
 * @param {{login: string, token?: string}} user `token` is the Janus session's (none for a Janus of its own)
 * @param {{transport?: 'ws'|'http', server?: string, subscriptions?: 'per-feed'|'multistream'|'none',
 *          janusOptions?: object, video?: object, publish?: boolean, simulcast?: boolean, data?: boolean,
 *          network?: object, context?: object, closers?: Array}} [options]
 *          `server` is another Janus API than Parley's on `base` (bench/conference-compare.mjs: Janus 1.1.2);
 *          `janusOptions` go to janus.js's constructor (keepAlivePeriod...); `video` replaces the page's camera
 *          constraints; `publish: false` joins without publishing (a viewer); `simulcast` offers three RID
 *          encodings; `data` publishes a data channel; `network` (isolatedBrowserNetwork) runs the browser in its
 *          namespace
 */
export async function openJanus(parley, user, { transport = 'ws', server, subscriptions = 'per-feed', janusOptions = {},
  video, publish = true, simulcast = false, data = false, svc = null, videocodec = null, network, context, closers } = {}) {
  assertInstalled(JANUS_FILES);
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
  const janus = server ?? janusServer(base, transport);
  const connect = (options) => within(STEP_MS, page.evaluate((args) => window.jr.connect(args),
    { server: janus, token: user.token, janusOptions, subscriptions, video, publish, simulcast, data, svc, videocodec, ...options }),
  `${user.login} creates a Janus session`);
  await connect({});
  const handle = {
    ...pageHandle(page, errors, user.login, 'jr'),
    user, server: janus,
    /** A new Janus session on this page (after destroy), with janus.js options for it. */
    reconnect: (options = {}) => connect(options),
    /** Joins `room` as a publisher (as `id` when given) and publishes; resolves with the joined event. */
    join: (room, { display = user.login, id } = {}) => handle.eval((a) => window.jr.join(a), { room, display, id }),
    /** After leave(): a new publisher handle joins `room` again. */
    rejoin: (room) => handle.eval(async (r) => {
      await window.jr.attachPublisher();
      return window.jr.join({ room: r });
    }, room),
    myId: () => page.evaluate(() => window.jr.myId()),
  };
  return handle;
}

/**
 * Opens harness/conference-cb.html (the ConnectyCube SDK's conference client) on the Parley server's origin,
 * signed in to REST as `user`, with Parley's Janus WebSocket as its conference server. Returns pageHandle's
 * handle with `user`.
 */
export async function openConnectyCubePage(parley, user, { context, closers } = {}) {
  assertInstalled(CONNECTYCUBE_FILES);
  const { page, errors } = await openHarness(parley, user, 'conference-cb.html', CONNECTYCUBE_FILES, { context, closers });
  await page.waitForFunction(() => window.ccReady === true, null, { timeout: STEP_MS });
  const userId = await within(STEP_MS, page.evaluate((a) => window.cc.connect(a),
    { app: parley.app, api: parley.base, janus: janusServer(parley.base), user: { login: user.login, password: user.password } }),
  `${user.login} signs in`);
  assert.equal(userId, user.id);
  return { ...pageHandle(page, errors, user.login, 'cc'), user };
}

/**
 * Waits until `to` decodes video (frames decoded rising) and receives audio (audio energy rising on the
 * <audio>-attached track) from every feed in `from`, then until both keep growing; `video: false` or `audio: false`
 * leaves that kind out. A timeout names what arrived per feed.
 */
export async function assertFeedsFlow(to, from, { video = true, audio = true, ms = CONFERENCE_STEP_MS } = {}) {
  const ok = (stats, base) => from.every((feed) => {
    const s = stats[feed];
    const b = base?.[feed];
    return s && (!video || s.framesDecoded > (b ? b.framesDecoded + 10 : 0)) && (!audio || s.audioEnergy > (b?.audioEnergy ?? 0));
  });
  const poll = async (base, what) => {
    let stats = {};
    const eventsFrom = await (to.eventCount?.() ?? 0);
    try {
      return await waitFor(async () => {
        stats = await to.inbound();
        return ok(stats, base) ? stats : null;
      }, `${to.label} ${what}`, ms);
    } catch (e) {
      // Per feed, from the start of this wait to its end: enough to tell media that stopped coming (bytes flat)
      // from media that came but was not decoded (bytes rising, frames flat), and what the page heard meanwhile.
      const span = (key, f, digits = 0) => {
        const now = stats[f]?.[key] ?? 0;
        const then = base?.[f]?.[key];
        return then === undefined ? now.toFixed(digits) : `${then.toFixed(digits)}->${now.toFixed(digits)}`;
      };
      const seen = from.map((f) => (stats[f]
        ? `${f}: frames ${span('framesDecoded', f)}, video bytes ${span('videoBytes', f)}, lost ${span('videoPacketsLost', f)}, `
          + `nacks ${span('nackCount', f)}, freezes ${span('freezeCount', f)}, audio energy ${span('audioEnergy', f, 3)}`
        : `${f}: nothing`));
      const heard = (await to.events?.().catch(() => []) ?? []).slice(eventsFrom).slice(-20).map((ev) => JSON.stringify(ev));
      throw new Error(`${e.message}; per feed: ${seen.join('; ')}; events meanwhile: ${heard.join(' ') || 'none'}`);
    }
  };
  const first = await poll(null, `receives media from ${from.join(', ')}`);
  return poll(first, `keeps receiving media from ${from.join(', ')}`);
}

/**
 * How much of one inbound measure from a feed rises over `ms`: 'framesDecoded', 'audioEnergy', or the RTP payload
 * bytes 'audioBytes' / 'videoBytes' (exact: a stream that stopped adds none, where audio energy still grows a little
 * from the decoder's concealment).
 */
export async function arrivingOver(to, fromFeed, measure, ms = 2000) {
  const before = (await to.inbound())[fromFeed];
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = (await to.inbound())[fromFeed];
  return before && after ? after[measure] - before[measure] : 0;
}

/** The publisher's outbound video bitrate over `ms`, in bits per second. */
export async function sendingBitrate(from, ms = 3000) {
  const before = await from.outbound();
  await new Promise((resolve) => setTimeout(resolve, ms));
  const after = await from.outbound();
  return ((after.videoBytes - before.videoBytes) * 8 * 1000) / (after.timestamp - before.timestamp);
}

/**
 * Watches video from `feed` at `to` (a janus.js page) for `ms`: the worst freeze (the longest time without a new
 * decoded frame, framesDecoded sampled every 100 ms in the page) and how the inbound video stats moved meanwhile:
 * {worstFreezeMs, frames, fps, kbps, lost, nacks, retransmitted, freezes and freezesSeconds (Chromium's own freeze
 * count, webrtc-stats), width}.
 */
export async function watchFeed(to, feed, ms) {
  const before = (await to.inbound())[feed];
  const { longestStallMs, longestStallFromMs, startedAt, frames } = await within(ms + CONFERENCE_STEP_MS,
    to.page.evaluate((a) => window.jr.watchFrames(a.feed, a.ms), { feed, ms }), `${to.label} watches feed ${feed}`);
  const after = (await to.inbound())[feed];
  const delta = (key) => (after?.[key] ?? 0) - (before?.[key] ?? 0);
  return { worstFreezeMs: longestStallMs, worstFreezeFromMs: longestStallFromMs, watchStartedAt: startedAt, frames, fps: Number((frames / (ms / 1000)).toFixed(1)),
    kbps: Math.round((delta('videoBytes') * 8) / ms), lost: delta('videoPacketsLost'), nacks: delta('nackCount'),
    retransmitted: delta('retransmittedPacketsReceived'), freezes: delta('freezeCount'),
    freezesSeconds: Number(delta('totalFreezesDuration').toFixed(2)), width: after?.width ?? 0 };
}
