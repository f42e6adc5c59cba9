// Conferences over impaired networks: a participant whose browser runs in a network namespace of its own
// (network.mjs isolatedBrowserNetwork) with 5 % random loss on its downlink, with 100 ms of jitter (a user-space
// relay), or with a 300 kbit/s downlink, watches Alice's video through Parley's SFU with the unmodified janus.js in
// Chromium; then Frank publishes over a lossy uplink. Each test asserts that video keeps flowing, and measures the
// worst freeze the viewer saw (framesDecoded sampled every 100 ms) and Chromium's own freeze count; the bound on
// the freeze is loose enough for a loaded two-core machine, and fails when video stops. Runs inside
// scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, waitFor } from './lib/browsers.mjs';
import { assertFeedsFlow, CONFERENCE_STEP_MS, createMeeting, openJanus, startConferenceServer, watchFeed } from './lib/conference.mjs';
import { isolatedBrowserNetwork } from './lib/network.mjs';
import { createUser, freePort, runCleanups } from './lib/parley.mjs';

/** How long each impaired viewer is watched, and the worst freeze allowed in that time (video stopped: fails). */
const WATCH_MS = 10_000;
const WORST_FREEZE_MS = 5000;

/** Alice's camera with simulcast (three layers: 640, 320 and 160 wide), and without (one, of 320). */
const SIMULCAST_CAMERA = { width: { ideal: 640 }, height: { ideal: 480 }, frameRate: { ideal: 15 } };
const SINGLE_CAMERA = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15 } };

let parley;
let mediaPort;
let room;
let alice;
let bob;
const users = {};
/** Whether Parley's answer took Alice's simulcast (RFC 8853 a=simulcast:recv). */
let simulcastTaken;
/** Feed ids of the publishers (janus.js joins without choosing one). */
const feeds = {};

before(async () => {
  // The media port is fixed so that the delaying relay knows what to relay; HTTP on every address, for the
  // browsers in namespaces of their own.
  mediaPort = await freePort();
  parley = await startConferenceServer({ PARLEY_MEDIA_PORT: String(mediaPort) }, { host: '0.0.0.0' });
  for (const name of ['alice', 'bob', 'carol', 'dave', 'erin', 'frank']) users[name] = await createUser(parley, name);
  room = (await createMeeting(parley, users.alice, Object.values(users).filter((u) => u !== users.alice)))._id;
  // Alice offers simulcast of a 640x480 camera, whose top layer does not fit in 300 kbit/s; Chromium would send two
  // layers of it only, unless told not to limit the layers by resolution. Bob, a viewer on a clean link, shares her
  // browser.
  const browser = await launchBrowser(undefined, { args: ['--force-fieldtrials=WebRTC-LegacySimulcastLayerLimit/Disabled/'] });
  alice = await openJanus(parley, users.alice, { simulcast: true, video: SIMULCAST_CAMERA, subscriptions: 'none', context: browser });
  bob = await openJanus(parley, users.bob, { publish: false, context: browser });
  feeds.alice = (await alice.join(room)).id;
  simulcastTaken = (await alice.waitEvent((e) => e.name === 'publisherAnswer', 'the answer to Alice\'s offer')).simulcast;
  if (!simulcastTaken) {
    // A server that does not take simulcast answers without it; Chromium then sends the first encoding by its RID
    // alone (no SSRC in the offer), which such a server cannot place. Alice publishes again without simulcast, and
    // what a server without layers can give a 300 kbit/s viewer: the smaller camera all the other tests use.
    const mark = await alice.eventCount();
    await alice.eval(() => window.jr.unpublish());
    await alice.waitEvent((e) => e.name === 'cleanup', 'Alice\'s publisher connection cleaned up', { from: mark });
    await alice.eval((video) => window.jr.publish({ simulcast: false, video }), SINGLE_CAMERA);
  }
  await bob.join(room);
  await assertFeedsFlow(bob, [feeds.alice]);
});
after(runCleanups);

/** The sum of a Prometheus counter's series at /metrics. */
async function metric(name) {
  const text = await (await fetch(`${parley.base}/metrics`)).text();
  return text.split('\n').filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .reduce((sum, l) => sum + Number(l.split(' ').pop()), 0);
}

/**
 * Runs `body(viewer, network)` with a participant (janus.js; by default a viewer of Alice's video, not publishing:
 * openJanus's `janusOptions` say otherwise) whose browser is in a namespace of its own with the impairments
 * `impairment` (isolatedBrowserNetwork's options); its browser and namespace go at the end.
 */
async function withViewer(user, impairment, body, janusOptions = { publish: false }) {
  const closers = [];
  const network = await isolatedBrowserNetwork(impairment);
  try {
    const viewer = await openJanus(parley, user, { network, closers, ...janusOptions });
    feeds[user.login] = (await viewer.join(room)).id;
    return await body(viewer, network);
  } finally {
    for (const close of closers.reverse()) await close();
    network.close();
  }
}

/**
 * Watches `feed` at `to` for WATCH_MS (watchFeed), reports what it saw in the test's output and asserts that video
 * kept coming, without a freeze of WORST_FREEZE_MS.
 */
async function watch(t, to, feed, what) {
  const seen = await watchFeed(to, feed, WATCH_MS);
  t.diagnostic(`${what}: ${JSON.stringify(seen)}`);
  assert.ok(seen.frames > 0, `${what}: video decoded while watched: ${JSON.stringify(seen)}`);
  assert.ok(seen.worstFreezeMs < WORST_FREEZE_MS, `${what}: worst freeze ${seen.worstFreezeMs} ms < ${WORST_FREEZE_MS} ms: ${JSON.stringify(seen)}`);
  return seen;
}

test('a viewer with 5 % loss on its downlink: video keeps flowing, its NACKs are answered with retransmissions', { timeout: 90_000 }, async (t) => {
  await withViewer(users.carol, { downlinkLoss: 5 }, async (carol) => {
    await assertFeedsFlow(carol, [feeds.alice]);
    const [nacks, retransmissions] = [await metric('parley_sfu_nacks_received_total'), await metric('parley_sfu_retransmissions_total')];
    const seen = await watch(t, carol, feeds.alice, '5 % downlink loss');
    assert.ok(seen.lost > 0, `the loss reached Carol's browser: ${JSON.stringify(seen)}`);
    assert.ok(seen.nacks > 0, `Carol's browser sent NACKs: ${JSON.stringify(seen)}`);
    assert.ok(seen.retransmitted > 0, `retransmissions (RTX) reached Carol: ${JSON.stringify(seen)}`);
    const sfu = { nacks: await metric('parley_sfu_nacks_received_total') - nacks,
      retransmissions: await metric('parley_sfu_retransmissions_total') - retransmissions };
    t.diagnostic(`Parley over that time: ${JSON.stringify(sfu)}`);
    assert.ok(sfu.nacks > 0 && sfu.retransmissions > 0, `Parley counted NACKs and retransmissions: ${JSON.stringify(sfu)}`);
  });
});

test('a viewer with 100 ms of jitter: video keeps flowing', { timeout: 90_000 }, async (t) => {
  // 20 ms each way plus a uniform 0-100 ms draw per datagram, both ways, all through the relay.
  await withViewer(users.dave, { relay: { ports: [mediaPort], delay: 20, jitter: 100 } }, async (dave, network) => {
    await assertFeedsFlow(dave, [feeds.alice]);
    const relayed = await network.relayStats();
    await watch(t, dave, feeds.alice, '20 ms + 0-100 ms jitter');
    const now = await network.relayStats();
    t.diagnostic(`relay: ${JSON.stringify(now)}`);
    assert.ok(now.down - relayed.down > 100 && now.up > relayed.up, `Dave's media went through the relay: ${JSON.stringify(now)}`);
  });
});

test('a viewer on a 300 kbit/s downlink among clean ones: video keeps flowing to it (and a lower simulcast layer when Alice\'s simulcast was taken)', { timeout: 120_000 }, async (t) => {
  await withViewer(users.erin, { downlinkKbit: 300 }, async (erin) => {
    await assertFeedsFlow(erin, [feeds.alice]);
    const { layers } = await alice.outbound();
    t.diagnostic(`Alice's answer took simulcast: ${simulcastTaken}; she sends ${JSON.stringify(layers)}`);
    if (simulcastTaken) {
      assert.ok(layers.length > 1, `Alice sends several layers once simulcast is taken: ${JSON.stringify(layers)}`);
      // Erin's estimate falls to what her link carries and her subscription moves down; Bob keeps the top layer.
      const widths = await waitFor(async () => {
        const [e, b] = [(await erin.inbound())[feeds.alice], (await bob.inbound())[feeds.alice]];
        return e.width < layers[0].width && b.width === layers[0].width ? { erin: e.width, bob: b.width } : null;
      }, 'Erin gets a lower layer than Bob, who gets the top one', CONFERENCE_STEP_MS);
      t.diagnostic(`frame widths: ${JSON.stringify(widths)}`);
    }
    // Both over the same window.
    const [seen, clean] = await Promise.all([watch(t, erin, feeds.alice, '300 kbit/s downlink'),
      watch(t, bob, feeds.alice, 'clean link, meanwhile')]);
    assert.ok(seen.kbps <= 330, `the cap holds: Erin received ${seen.kbps} kbit/s of video`);
    if (simulcastTaken) assert.equal(clean.width, layers[0].width, 'Bob kept the top layer');
  });
});

test('a publisher with 5 % loss on its uplink: Parley NACKs what it misses, its video keeps flowing to a clean viewer', { timeout: 90_000 }, async (t) => {
  await withViewer(users.frank, { uplinkLoss: 5 }, async () => {
    const nacked = await metric('parley_sfu_nacked_packets_total');
    await assertFeedsFlow(bob, [feeds.frank]);
    await watch(t, bob, feeds.frank, 'publisher with 5 % uplink loss');
    // Only Frank's link loses packets now: each packet Parley NACKs to a publisher (missed by its own loss detection,
    // or asked for by Bob and missing from its cache) is one of Frank's.
    const requested = await metric('parley_sfu_nacked_packets_total') - nacked;
    t.diagnostic(`Parley NACKed ${requested} packets to publishers meanwhile`);
    assert.ok(requested > 0, 'Parley NACKed Frank\'s losses');
  }, { subscriptions: 'none' });
});
