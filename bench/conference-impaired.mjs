// Conferences over impaired networks, Parley side by side with Janus 1.1.2 (Debian's `janus`), in one run inside
// the test network namespace, with the same client on both: the unmodified janus.js (e2e/browser/harness/janus.html,
// a handle per feed) in Debian's Chromium with its fake camera (320x240 at 15 fps unless --camera says another size)
// and microphone.
//
// One page publishes on a clean link. For each impairment, RUNS times, a fresh viewer in a network namespace of its
// own (e2e/browser/lib/network.mjs isolatedBrowserNetwork) joins, waits for the publisher's video and watches it for
// WINDOW seconds: the worst freeze (the longest time without a new decoded frame, sampled every 100 ms), frames per
// second, video kbit/s, loss, NACKs, retransmissions and Chromium's own freeze count (e2e/browser/lib/conference.mjs
// watchFeed; a run whose video never starts within a minute is watched all the same), when in the window the worst
// freeze began and, for one over 2 s, the viewer's events around it (layer switches, slow link). The impairments (the same as
// e2e/browser/conference-impaired.test.mjs):
//   loss    5 % random loss on the viewer's downlink (nftables)
//   jitter  20 ms + a uniform 0-100 ms delay per datagram both ways (the user-space relay, udp-relay.mjs)
//   rate    the viewer's downlink capped at 300 kbit/s (tc tbf, 200 ms of queue)
//   uplink  5 % random loss on a publisher's uplink: the impaired one publishes, a clean viewer watches it
//
// Usage (bench/conference-impaired.sh runs it inside scripts/netns-run):
//   node bench/conference-impaired.mjs [--runs N] [--window S] [--impairments loss,jitter,rate,uplink] [--camera WxH]
//                                      [--servers janus,parley] [--simulcast true|false]
import { waitFor } from '../e2e/browser/lib/browsers.mjs';
import { assertFeedsFlow, openJanus, startConferenceServer, watchFeed } from '../e2e/browser/lib/conference.mjs';
import { isolatedBrowserNetwork } from '../e2e/browser/lib/network.mjs';
import { createUser, freePort } from '../e2e/browser/lib/parley.mjs';
import { startJanus } from './conference/janus.mjs';
import { benchOptions, eachServer } from './conference/run.mjs';

const opts = benchOptions({ runs: { type: 'string', default: '5' },
  impairments: { type: 'string', default: 'loss,jitter,rate,uplink' }, camera: { type: 'string', default: '320x240' },
  simulcast: { type: 'string', default: 'false' } });
/** Whether publishers offer simulcast (janus.js `simulcast: true`: Chromium's layers of the camera, by RID). */
const SIMULCAST = opts.simulcast === 'true';
const [WIDTH, HEIGHT] = opts.camera.split('x').map(Number);
/** What the publishers send: the fake camera at that size, 15 fps. */
const CAMERA = { width: { ideal: WIDTH }, height: { ideal: HEIGHT }, frameRate: { ideal: 15 } };
const RUNS = Number(opts.runs);
const WINDOW_MS = Number(opts.window) * 1000;
/** The publisher's feed id; viewers and impaired publishers take ids from 100 up. */
const PUBLISHER = 1;
/** Janus's RTP ports: few, so that the relay in front of it can listen on each. */
const JANUS_RTP_PORTS = [47000, 47031];

/** isolatedBrowserNetwork's options for an impairment, given the server's media ports. */
const IMPAIRMENTS = {
  loss: () => ({ downlinkLoss: 5 }),
  jitter: (ports) => ({ relay: { ports, delay: 20, jitter: 100 } }),
  rate: () => ({ downlinkKbit: 300 }),
  uplink: () => ({ uplinkLoss: 5 }),
};

/**
 * What the benchmark needs of a server: `page` (where janus.js pages open: an origin and a port), `ws(network)`
 * (its Janus API as a page on that network, or in the test namespace, reaches it), the room, a token per participant
 * id and its UDP media ports.
 */
async function janus112() {
  const janus = await startJanus({ browserNamespaces: true, rtpPorts: JANUS_RTP_PORTS.join('-') });
  const port = await freePort();
  const ports = Array.from({ length: JANUS_RTP_PORTS[1] - JANUS_RTP_PORTS[0] + 1 }, (_, i) => JANUS_RTP_PORTS[0] + i);
  return {
    name: 'Janus 1.1.2', page: { base: `http://127.0.0.1:${port}`, port }, room: janus.room, mediaPorts: ports,
    ws: (network) => `ws://${network?.signalingAddress ?? '127.0.0.1'}:${janus.port}/janus`,
    token: async () => undefined,
  };
}

/** Parley as `./parley run` starts it, its media on one known port of the namespace's address. */
async function parley() {
  const mediaPort = await freePort();
  const server = await startConferenceServer({ PARLEY_MEDIA_PORT: String(mediaPort) }, { host: '0.0.0.0' });
  const tokens = new Map();
  return {
    name: 'Parley', page: server, room: 1234, mediaPorts: [mediaPort],
    ws: (network) => `ws://${network?.signalingAddress ?? '127.0.0.1'}:${server.port}/janus`,
    async token(n) {
      if (!tokens.has(n)) tokens.set(n, (await createUser(server, `bench${n}`)).token);
      return tokens.get(n);
    },
  };
}

/** A janus.js page of participant `id` (in `network`'s namespace when given) joined to the room. */
async function join(server, id, { network, publish, closers }) {
  const page = await openJanus(server.page, { login: `participant ${id}`, token: await server.token(id) },
    { server: server.ws(network), network, publish, video: CAMERA, simulcast: publish !== false && SIMULCAST, closers });
  await page.join(server.room, { id, display: `participant ${id}` });
  return page;
}

/**
 * Watches `feed` at `viewer` once its first frame is decoded (or after a minute without one: a link on which video
 * never starts is a result too, whose worst freeze is the whole window).
 */
async function watchOnceStarted(viewer, feed) {
  const started = await waitFor(async () => ((await viewer.inbound())[feed]?.framesDecoded ?? 0) > 0, 'a first frame', 60_000)
    .then(() => true, () => false);
  const { watchStartedAt, ...seen } = await watchFeed(viewer, feed, WINDOW_MS);
  if (seen.worstFreezeMs > 2000) {
    // What the viewer heard around a freeze over the 2 s aim (layer switches, slow link), ms into the window.
    const from = watchStartedAt + seen.worstFreezeFromMs;
    seen.eventsAroundFreeze = (await viewer.events()).filter((ev) => ev.at > from - 5000
      && ev.at < from + seen.worstFreezeMs + 2000).map(({ at, ...ev }) => ({ ms: Math.round(at - watchStartedAt), ...ev }));
  }
  return { ...seen, started };
}

/** One run: a fresh participant on an impaired network; what the viewer saw of the video it watched. */
async function run(server, impairment, id, cleanViewer) {
  const closers = [];
  const network = await isolatedBrowserNetwork(IMPAIRMENTS[impairment](server.mediaPorts));
  try {
    if (impairment === 'uplink') {
      await join(server, id, { network, publish: true, closers });
      return await watchOnceStarted(cleanViewer, id);
    }
    const viewer = await join(server, id, { network, publish: false, closers });
    const seen = await watchOnceStarted(viewer, PUBLISHER);
    if (impairment === 'jitter') seen.relay = await network.relayStats();
    return seen;
  } finally {
    for (const close of closers.reverse()) await close();
    network.close();
  }
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)];
};

const results = [];
await eachServer(opts.servers, { janus: janus112, parley }, async (server) => {
  const publisher = await join(server, PUBLISHER, { publish: true });
  const cleanViewer = await join(server, 2, { publish: false });
  await assertFeedsFlow(cleanViewer, [PUBLISHER], { ms: 60_000 });
  let id = 100;
  for (const impairment of opts.impairments.split(',')) {
    if (!IMPAIRMENTS[impairment]) throw new Error(`unknown impairment ${impairment}: one of ${Object.keys(IMPAIRMENTS).join(', ')}`);
    const runs = [];
    for (let i = 0; i < RUNS; i += 1) {
      runs.push(await run(server, impairment, id += 1, cleanViewer));
      console.error(`${server.name}, ${impairment}, run ${i + 1}: ${JSON.stringify(runs.at(-1))}`);
    }
    results.push({ server: server.name, impairment, runs });
  }
  await publisher.page.close();
});
console.log(`camera ${opts.camera}, ${RUNS} runs of ${opts.window} s`);
console.log('| server | impairment | runs | worst freeze per run | median | fps (median) | video kbit/s (median) | lost / NACKs / retransmitted (median) | Chromium freezes (all runs) |');
console.log('|---|---|---|---|---|---|---|---|---|');
for (const { server, impairment, runs } of results) {
  const of = (key) => runs.map((r) => r[key]);
  const never = runs.filter((r) => !r.started).length;
  console.log(`| ${server} | ${impairment} | ${runs.length}${never ? ` (${never} without a first frame in a minute)` : ''} | ${of('worstFreezeMs').join(', ')} ms | ${median(of('worstFreezeMs'))} ms `
    + `| ${median(of('fps'))} | ${median(of('kbps'))} | ${median(of('lost'))} / ${median(of('nacks'))} / ${median(of('retransmitted'))} `
    + `| ${of('freezes').reduce((a, b) => a + b, 0)} (${of('freezesSeconds').reduce((a, b) => a + b, 0).toFixed(1)} s) |`);
}
console.log(JSON.stringify(results));
