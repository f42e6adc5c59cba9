// Conference join benchmark (docs/benchmarks.md), inside scripts/netns-run: join → first remote video frame for the
// browser SDK (Parley.conference in Chromium, harness/conference-sdk.html: from `joinDialog()` to the first frame the
// <video> of the publisher's stream presents, requestVideoFrameCallback) and for the Java SDK
// (sdk-java-webrtc's ConferenceJoinBench: from `joinDialog()` to the first decoded frame in a VideoSink), over N joins
// each after one warm-up, into a room where a browser SDK user already publishes 320x240 video; then the CPU of one
// Java participant (`./parley conference`, 320x240/15 fps) in a room of 4 with three conference bots (another JVM),
// over WINDOW seconds after the media flows. With --ice-tcp, the browser SDK joins only, side by side: from a browser
// with UDP, and from one in a network namespace whose UDP is blocked (isolatedBrowserNetwork), which reaches the SFU
// over ICE-TCP (RFC 6544).
//   node bench/conference-join.mjs [--joins N] [--window S] [--ice-tcp]
import { spawn } from 'node:child_process';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { assertBotsReceive, startBots } from '../e2e/browser/lib/bots.mjs';
import { launchBrowser, openHarness } from '../e2e/browser/lib/browsers.mjs';
import { janusServer, pageHandle, startConferenceServer } from '../e2e/browser/lib/conference.mjs';
import { isolatedBrowserNetwork } from '../e2e/browser/lib/network.mjs';
import { startJavaConference } from '../e2e/browser/lib/java-conference.mjs';
import { cleanups, createUser, ROOT, runCleanups, sleep, STEP_MS, within } from '../e2e/browser/lib/parley.mjs';
import { cpuSeconds } from './conference/process-cpu.mjs';

const opts = parseArgs({ options: { joins: { type: 'string', default: '10' }, window: { type: 'string', default: '20' },
  'ice-tcp': { type: 'boolean', default: false } } }).values;
const JOINS = Number(opts.joins);
const WINDOW_S = Number(opts.window);
const ROOM = 'bench-join';

function summary(label, values) {
  const sorted = [...values].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2;
  console.log(`| ${label} | ${sorted.length} | ${median.toFixed(0)} ms | ${at(0.9).toFixed(0)} ms | ${sorted[0].toFixed(0)} ms | ${sorted.at(-1).toFixed(0)} ms |`);
}

/** The browser SDK's page for `user`, reaching the server at `base` (another address for a browser in its own namespace). */
async function sdkPage(parley, browser, user, base = parley.base) {
  const { page, errors } = await openHarness({ ...parley, base }, user, 'conference-sdk.html', {}, { context: browser });
  await page.waitForFunction(() => window.conferenceSdkReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.cs.init(args),
    { appId: parley.app.application_id, api: base, token: user.token, userId: user.id }), `${user.login} connects`);
  return pageHandle(page, errors, user.login, 'cs');
}

/** One browser join: ms from join() to the first frame of `pub` presented by its <video>; then leave. */
const browserJoin = ({ userId, room, pub }) => new Promise((resolve, reject) => {
  document.getElementById(`video-${pub}`)?.remove();
  const t0 = performance.now();
  const check = () => {
    const video = document.getElementById(`video-${pub}`);
    if (video?.srcObject) video.requestVideoFrameCallback(() => resolve(performance.now() - t0));
    else setTimeout(check, 2);
  };
  check();
  window.cs.join({ userId, room }).catch(reject);
}).then(async (ms) => { await window.cs.leave(); return ms; });

/** Runs ConferenceJoinBench (test classes of the build) for `joins` joins; resolves with the times. */
function javaJoins(parley, user, pub, joins) {
  const target = path.join(ROOT, 'sdk-java-webrtc/target');
  const java = path.join(process.env.JAVA_HOME ?? '/usr/lib/jvm/temurin-25-jdk-amd64', 'bin/java');
  const child = spawn(java, ['--enable-native-access=ALL-UNNAMED', '-Dlogback.configurationFile=dev/parley/sdk/cli/logback-call.xml',
    '-cp', [`${target}/test-classes`, `${target}/parley-sdk-java-webrtc.jar`, `${target}/lib/*`].join(':'),
    'dev.parley.sdk.it.ConferenceJoinBench', parley.base, String(parley.app.application_id), parley.app.auth_key, user.login,
    user.password, ROOM, String(pub), String(joins)], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (chunk) => { out += chunk; });
  return new Promise((resolve, reject) => child.once('exit', (code) => {
    if (code !== 0) reject(new Error(`ConferenceJoinBench exited ${code}: ${out}`));
    else resolve([...out.matchAll(/join-ms ([0-9.]+)/g)].map((m) => Number(m[1])));
  }));
}

/** `JOINS` browser joins (after one warm-up) of `joiner` on `page`; the times in ms. */
async function browserJoins(page, joiner, pub) {
  const times = [];
  for (let i = 0; i <= JOINS; i += 1) {
    const ms = await page.eval(browserJoin, { userId: joiner.id, room: ROOM, pub: pub.id });
    if (i > 0) times.push(ms);
    await sleep(500);
  }
  return times;
}

/** The browser SDK's joins over UDP and over ICE-TCP (a browser whose UDP is blocked), side by side. */
async function iceTcpComparison() {
  // The blocked browser, in a namespace of its own, reaches the HTTP port at the server's address on its link.
  const parley = await startConferenceServer({}, { host: '0.0.0.0' });
  const [pub, udpJoiner, tcpJoiner] = await Promise.all(['pub', 'udpjoiner', 'tcpjoiner'].map((l) => createUser(parley, l)));
  const browser = await launchBrowser();
  const publisher = await sdkPage(parley, browser, pub);
  await publisher.eval((args) => window.cs.join(args), { userId: pub.id, room: ROOM });
  const udpMs = await browserJoins(await sdkPage(parley, browser, udpJoiner), udpJoiner, pub);

  const network = await isolatedBrowserNetwork({ blockUdp: true });
  cleanups.push(() => network.close());
  const base = `http://${network.signalingAddress}:${parley.port}`;
  const blocked = await launchBrowser(cleanups, { executablePath: network.executable,
    args: [`--unsafely-treat-insecure-origin-as-secure=${base}`] });
  const tcpPage = await sdkPage(parley, blocked, tcpJoiner, base);
  const tcpMs = await browserJoins(tcpPage, tcpJoiner, pub);
  const metrics = await (await fetch(`${parley.base}/metrics`)).text();
  const accepted = metrics.split('\n').find((l) => l.startsWith('parley_media_tcp_connections_accepted_total'));
  console.log(`joins: ${JOINS} each after one warm-up; publisher: a browser SDK user (320x240); ${accepted}`);
  console.log('| path | n | median | p90 | min | max |\n|---|---|---|---|---|---|');
  summary('browser SDK over UDP: `joinDialog()` → first frame presented', udpMs);
  summary('browser SDK over ICE-TCP (UDP blocked): `joinDialog()` → first frame presented', tcpMs);
}

/** The browser and Java SDKs' joins over UDP, then the CPU of one Java participant in a room of 4. */
async function sdkJoinsAndCpu() {
  const parley = await startConferenceServer();
  const [pub, joiner, javaJoiner, tool] = await Promise.all(['pub', 'joiner', 'javajoiner', 'tool'].map((l) => createUser(parley, l)));
  const browser = await launchBrowser();
  const publisher = await sdkPage(parley, browser, pub);
  await publisher.eval((args) => window.cs.join(args), { userId: pub.id, room: ROOM });

  const browserMs = await browserJoins(await sdkPage(parley, browser, joiner), joiner, pub);
  const javaMs = (await javaJoins(parley, javaJoiner, pub.id, JOINS + 1)).slice(1);
  console.log(`joins: ${JOINS} each after one warm-up; publisher: a browser SDK user (320x240)`);
  console.log('| SDK | n | median | p90 | min | max |\n|---|---|---|---|---|---|');
  summary('browser SDK: `joinDialog()` → first frame presented', browserMs);
  summary('Java SDK: `joinDialog()` → first frame decoded', javaMs);
  await browser.close();

  // A room of 4: three bots (one JVM) and the measured `./parley conference`.
  const bots = await Promise.all(['bot1', 'bot2', 'bot3'].map((l) => createUser(parley, l)));
  const botRun = startBots({ server: janusServer(parley.base), room: 'cpu4', participants: bots.map((b) => ({ id: b.id, token: b.token })),
    size: '320x240', fps: 15, duration: WINDOW_S + 60, closers: cleanups });
  const measured = startJavaConference(parley, tool, 'cpu4', { duration: WINDOW_S + 20, closers: cleanups });
  await assertBotsReceive(botRun, bots.map((b) => b.id), [...bots.map((b) => b.id), tool.id], 60_000);
  await measured.waitLine(new RegExp(`stats user ${bots[2].id}: video 320x240 [1-9]`), 'media from the bots');
  const { pid } = measured;
  await sleep(3_000);
  const before = cpuSeconds(pid);
  await sleep(WINDOW_S * 1000);
  const used = cpuSeconds(pid) - before;
  console.log(`CPU of one Java participant in a room of 4 (sends 1, receives 3 at 320x240/15 fps): ${(100 * used / WINDOW_S).toFixed(1)} % of one core over ${WINDOW_S} s`);
  const code = await within(60_000, measured.exit, 'the tool to finish');
  console.log(`./parley conference verdict: exit ${code}`);
}

try {
  await (opts['ice-tcp'] ? iceTcpComparison() : sdkJoinsAndCpu());
} finally {
  await runCleanups();
}
