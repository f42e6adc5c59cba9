// Parley's conferences side by side with Janus 1.1.2 (Debian's `janus`), in one run inside the test
// network namespace, with the same client on both: the unmodified janus.js (e2e/browser/harness/janus.html,
// with a multistream subscription as janus-gateway's mvideoroom.js makes) in Debian's Chromium with its fake
// camera (320x240, at the fake device's frame rate) and microphone.
//
//  1. Join time: one page publishes in the room; another joins (a new page each time: `join`, then
//     `configure` with its offer and a multistream subscription to the publisher) and the time from
//     sending `join` to the first remote video frame shown (requestVideoFrameCallback) is recorded;
//     it leaves (`leave`, session destroyed) and joins again, JOINS times.
//  2. CPU per forwarded stream: a room of 6 pages, each publishing and receiving the 5 others; once
//     media flows between every pair, the server process's CPU time (utime + stime of
//     /proc/PID/stat, all its threads) over WINDOW seconds, divided by the 30 forwarded video
//     streams (each with its audio); with what the pages received per stream, and the publishers'
//     send-side bandwidth estimate and what held their encoders back (Chromium's getStats).
//
// Usage (bench/conference-compare.sh runs it inside scripts/netns-run):
//   node bench/conference-compare.mjs [--joins N] [--window S] [--servers janus,parley]
import { launchBrowser } from '../e2e/browser/lib/browsers.mjs';
import { assertFeedsFlow, janusServer, openJanus, startConferenceServer } from '../e2e/browser/lib/conference.mjs';
import { createUser, freePort, sleep } from '../e2e/browser/lib/parley.mjs';
import { startJanus } from './conference/janus.mjs';
import { cpuSeconds } from './conference/process-cpu.mjs';
import { benchOptions, eachServer } from './conference/run.mjs';

const opts = benchOptions({ joins: { type: 'string', default: '12' } });
const JOINS = Number(opts.joins);
/** The fake camera's 320x240 at its own frame rate, as the numbers in docs/benchmarks.md were measured. */
const CAMERA = { width: 320, height: 240 };
const WINDOW_S = Number(opts.window);
const ROOM_SIZE = 6;

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** What the benchmark needs of a server: where janus.js connects, the room, a token per participant, its pid. */
async function janus112() {
  const janus = await startJanus();
  return {
    name: 'Janus 1.1.2', ws: janus.ws, room: janus.room, pid: janus.pid, base: `http://127.0.0.1:${await freePort()}`,
    token: async () => undefined,
  };
}

/** Parley as `./parley run` starts it, media on the namespace's address; one user (and token) per participant id. */
async function parley() {
  const server = await startConferenceServer();
  const tokens = new Map();
  return {
    name: 'Parley', ws: janusServer(server.base), room: 1234, pid: server.pid, base: server.base,
    async token(n) {
      if (!tokens.has(n)) tokens.set(n, (await createUser(server, `bench${n}`)).token);
      return tokens.get(n);
    },
  };
}

/**
 * A janus.js page in `context` with a Janus session of `server` (participant `n`'s token) and one multistream
 * subscription, that joins the room as `id`.
 */
async function joinPage(server, context, n, id, label) {
  const page = await openJanus(server, { login: label, token: await server.token(n) },
    { server: server.ws, subscriptions: 'multistream', video: CAMERA, context });
  await page.join(server.room, { id, display: label });
  return page;
}

/** Leaves the room as the ConnectyCube client does, destroys the session and closes the page. */
async function leave(page) {
  await page.eval(async () => {
    await window.jr.leave();
    await window.jr.destroy();
  });
  await page.page.close();
}

/** Join time: a fresh page joins next to a publishing one, JOINS times. */
async function measureJoins(server) {
  const [publisherBrowser, joinerBrowser] = [await launchBrowser(), await launchBrowser()];
  const publisher = await joinPage(server, publisherBrowser, 1, 1, 'publisher');
  await publisher.waitEvent((e) => e.name === 'configured', 'publishing');
  const times = [];
  for (let i = 0; i < JOINS; i += 1) {
    const page = await joinPage(server, joinerBrowser, 2, 100 + i, `joiner ${i + 1}`);
    const frame = await page.waitEvent((e) => e.name === 'firstFrame', 'first remote frame');
    const sent = (await page.events()).find((e) => e.name === 'joinSent');
    times.push(Math.round(frame.at - sent.at));
    console.error(`${server.name}: join ${i + 1}: ${times.at(-1)} ms`);
    await leave(page);
    await sleep(500);
  }
  await leave(publisher);
  return times;
}

/** CPU per forwarded stream in a room of six janus.js pages (three browsers, two pages each). */
async function measureRoomCpu(server) {
  const browsers = [await launchBrowser(), await launchBrowser(), await launchBrowser()];
  const pages = [];
  for (let i = 0; i < ROOM_SIZE; i += 1) pages.push(await joinPage(server, browsers[i % browsers.length], 10 + i, 10 + i, `member ${i + 1}`));
  const ids = pages.map((_, i) => 10 + i);
  for (const [i, page] of pages.entries()) await assertFeedsFlow(page, ids.filter((id) => id !== ids[i]), { ms: 60_000 });
  await sleep(3000);
  const before = await Promise.all(pages.map((p) => p.inbound()));
  const sentBefore = await Promise.all(pages.map((p) => p.outbound()));
  const cpu0 = cpuSeconds(server.pid);
  const t0 = performance.now();
  await sleep(WINDOW_S * 1000);
  const cpu = cpuSeconds(server.pid) - cpu0;
  const wall = (performance.now() - t0) / 1000;
  const after = await Promise.all(pages.map((p) => p.inbound()));
  let frames = 0;
  let bytes = 0;
  for (const [i, stats] of after.entries()) {
    for (const [feed, s] of Object.entries(stats)) {
      const b = before[i][feed] ?? { framesDecoded: 0, videoBytes: 0, audioBytes: 0 };
      frames += s.framesDecoded - b.framesDecoded;
      bytes += s.videoBytes + s.audioBytes - b.videoBytes - b.audioBytes;
    }
  }
  const sent = await Promise.all(pages.map((p) => p.outbound()));
  const sentKbps = sent.reduce((sum, o, i) => sum + o.videoBytes - sentBefore[i].videoBytes, 0) * 8 / wall / 1000 / pages.length;
  const estimates = sent.map((o) => o.availableOutgoingBitrate).filter((b) => b !== null).sort((a, b) => a - b);
  const limits = [...new Set(sent.map((o) => o.qualityLimitationReason))].join('/');
  for (const page of pages) await leave(page).catch(() => page.page.close());
  const streams = ROOM_SIZE * (ROOM_SIZE - 1);
  return { cpu, wall, streams, fps: frames / wall / streams, kbps: (bytes * 8) / wall / 1000 / streams,
    sentKbps, estimateKbps: estimates.length ? Math.round(percentile(estimates, 50) / 1000) : null, limits };
}

const results = [];
await eachServer(opts.servers, { janus: janus112, parley }, async (server) => {
  const joins = await measureJoins(server);
  const room = await measureRoomCpu(server);
  results.push({ server: server.name, joins, room });
});
console.log('| server | joins | join → first remote frame, median | p90 | min | max | server CPU, room of 6 | per forwarded video stream (with its audio) | received per stream | video sent per publisher | publishers\' bandwidth estimate (median), encoder limited by |');
console.log('|---|---|---|---|---|---|---|---|---|---|---|');
for (const { server, joins, room } of results) {
  const sorted = [...joins].sort((a, b) => a - b);
  console.log(`| ${server} | ${sorted.length} | ${percentile(sorted, 50)} ms | ${percentile(sorted, 90)} ms | ${sorted[0]} ms | ${sorted.at(-1)} ms `
    + `| ${((room.cpu / room.wall) * 100).toFixed(1)} % of a core | ${((room.cpu / room.wall / room.streams) * 1000).toFixed(2)} ms CPU/s `
    + `(${((room.cpu / room.wall / room.streams) * 100).toFixed(2)} % of a core) | ${room.fps.toFixed(1)} fps, ${room.kbps.toFixed(0)} kbit/s `
    + `| ${room.sentKbps.toFixed(0)} kbit/s | ${room.estimateKbps} kbit/s, ${room.limits} |`);
}
console.log(JSON.stringify(results));
