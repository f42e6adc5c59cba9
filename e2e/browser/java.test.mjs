// The Java SDK with the browser SDK: calls both ways and a group call mixing them, the Java side
// being `./parley call` (webrtc-java, synthetic media), the browser side Parley's SDK in Chromium.
// Media must flow both ways: the browser's getStats and the tool's own verdict (exit code 0). Also
// the demo app calling the tool through its UI, as a person trying Parley would.
// Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMediaFlows, openPage, openUser, waitFor } from './lib/browsers.mjs';
import { call, remoteTile, submitLogIn, visible } from './lib/demo.mjs';
import { startJavaCall } from './lib/java.mjs';
import { createUser, runCleanups, startParley } from './lib/parley.mjs';

const CONNECTED = 2;
let parley;
let count = 0;
const perTest = [];

before(async () => { parley = await startParley(); });
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

const newUser = (kind) => createUser(parley, `${kind}${(count += 1)}`);
const browser = async (user) => openUser(parley, user, {}, { closers: perTest });

test('Java calls a browser: accepted, media both ways, the Java side hangs up after its duration', { timeout: 120_000 }, async () => {
  const [javaUser, webUser] = [await newUser('java'), await newUser('web')];
  const web = await browser(webUser);
  await web.eval(() => window.h.autoAccept({ userInfo: { via: 'browser' } }));
  const java = startJavaCall(parley, javaUser, ['--to', String(webUser.id), '--duration', '8'], perTest);

  const ring = await web.waitEvent((e) => e.name === 'call', 'incoming call from Java', 30_000);
  assert.equal(ring.from, javaUser.id);
  assert.deepEqual(ring.extension, { from: 'parley call' });
  await web.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED', 30_000);
  await assertMediaFlows(web, javaUser.id);
  await java.waitLine(/user \d+ accepted \{via=browser\}/, 'the accept with userInfo');
  assert.equal(await java.exitCode(), 0, java.output());
  assert.ok(java.lines().some((l) => /result user \d+: media flowed both ways/.test(l)), java.output());
  await web.waitEvent((e) => e.name === 'stop' && e.userId === javaUser.id, 'hang-up from Java');
});

test('a browser calls Java: the tool answers, media both ways, the browser hangs up', { timeout: 120_000 }, async () => {
  const [javaUser, webUser] = [await newUser('java'), await newUser('web')];
  const web = await browser(webUser);
  const java = startJavaCall(parley, javaUser, ['--answer', '--duration', '60'], perTest);
  await java.waitLine(/waiting up to/, 'waiting for a call', 30_000);
  await web.eval((id) => window.h.startCall([id], 1, { userInfo: { topic: 'from the browser' } }), javaUser.id);
  await java.waitLine(/incoming VIDEO call from user \d+ \{topic=from the browser\}/, 'the incoming call');
  await web.waitEvent((e) => e.name === 'accept' && e.userId === javaUser.id, 'accept from Java', 30_000);
  await web.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED', 30_000);
  await assertMediaFlows(web, javaUser.id);
  await java.waitLine(/stats user \d+: video \d+x\d+ [1-9]\d* frames decoded [1-9]\d* kbit\/s \| audio [1-9]/,
    'video and audio from the browser');
  await web.eval(() => window.h.stop({ userInfo: { bye: 'java' } }));
  await java.waitLine(/user \d+ hung up \{bye=java\}/, 'the hang-up');
  assert.equal(await java.exitCode(), 0, java.output());
});

test('a group of three mixes Java and browsers: every pair carries media', { timeout: 150_000 }, async () => {
  const [caller, javaUser, other] = [await newUser('web'), await newUser('java'), await newUser('web')];
  const [webCaller, webOther] = [await browser(caller), await browser(other)];
  await webOther.eval(() => window.h.autoAccept());
  const java = startJavaCall(parley, javaUser, ['--answer', '--duration', '60'], perTest);
  await java.waitLine(/waiting up to/, 'waiting for a call', 30_000);
  await webCaller.eval((ids) => window.h.startCall(ids, 1), [javaUser.id, other.id]);

  for (const [tab, from] of [[webCaller, javaUser.id], [webCaller, other.id], [webOther, javaUser.id], [webOther, caller.id]]) {
    await tab.waitEvent((e) => e.name === 'connectionState' && e.userId === from && e.state === CONNECTED,
      `${tab.user.login} CONNECTED with ${from}`, 45_000);
    await assertMediaFlows(tab, from);
  }
  for (const from of [caller.id, other.id]) {
    await java.waitLine(new RegExp(`stats user ${from}: video \\d+x\\d+ [1-9]\\d* frames decoded`), `frames from ${from}`, 30_000);
  }
  await webCaller.eval(() => window.h.stop());
  await webOther.eval(() => window.h.stop());
  assert.equal(await java.exitCode(), 0, java.output());
  const results = java.lines().filter((l) => /result user \d+: media flowed both ways/.test(l));
  assert.equal(results.length, 2, java.output());
});

test('two terminals: `parley call --to` and `parley call --answer` both see media both ways', { timeout: 120_000 }, async () => {
  const [alice, bob] = [await newUser('java'), await newUser('java')];
  // No --duration on the answering side: it stays until the caller hangs up.
  const answering = startJavaCall(parley, bob, ['--answer'], perTest);
  await answering.waitLine(/waiting up to/, 'waiting for a call', 30_000);
  const calling = startJavaCall(parley, alice, ['--to', String(bob.id), '--duration', '6', '--audio-only'], perTest);
  assert.equal(await calling.exitCode(), 0, calling.output());
  assert.equal(await answering.exitCode(), 0, answering.output());
  assert.ok(answering.lines().some((l) => /incoming AUDIO call from user \d+/.test(l)), answering.output());
  assert.ok(answering.lines().some((l) => /user \d+ hung up \{reason=duration reached\}/.test(l)), answering.output());
  assert.ok(answering.lines().some((l) => /in the call until the other side hangs up/.test(l)), answering.output());
});

test('`parley call` to a user who does not exist says so at once and makes no call', { timeout: 60_000 }, async () => {
  const alice = await newUser('java');
  const calling = startJavaCall(parley, alice, ['--to', '987654321'], perTest);
  assert.equal(await calling.exitCode(), 1, calling.output());
  assert.ok(calling.lines().some((l) => /user 987654321 does not exist in this application/.test(l)), calling.output());
  assert.ok(!calling.lines().some((l) => /calling \[/.test(l)), calling.output());
});

test('`parley call` to an offline user says so, rings for the answer time, then reports no answer', { timeout: 60_000 }, async () => {
  const [alice, offline] = [await newUser('java'), await newUser('java')];
  const calling = startJavaCall(parley, alice, ['--to', String(offline.id), '--answer-time', '3'], perTest);
  await calling.waitLine(new RegExp(`user ${offline.id} \\(${offline.login}\\) is offline: ringing anyway`), 'the offline notice', 30_000);
  assert.equal(await calling.exitCode(), 1, calling.output());
  assert.ok(calling.lines().some((l) => new RegExp(`user ${offline.id} did not answer`).test(l)), calling.output());
});

test('the demo app calls `parley call --answer`: video plays and the meters move on the web side, the tool sees media', { timeout: 120_000 }, async () => {
  const [javaUser, webUser] = [await newUser('java'), await newUser('web')];
  const java = startJavaCall(parley, javaUser, ['--answer', '--duration', '8'], perTest);
  await java.waitLine(/waiting up to/, 'waiting for a call', 30_000);
  const { page } = await openPage(`${parley.base}/`, { name: webUser.login });
  await submitLogIn(page, webUser.login, webUser.password);
  await visible(page, 'contacts-screen');
  await call(page, [javaUser.login], 'video');
  const tile = await waitFor(async () => {
    const t = await remoteTile(page, javaUser.id);
    return t?.state === 'connected' && t.frames > 10 && t.kbps > 0 && t.micLevel > 0 ? t : null;
  }, 'the Java user\'s video playing with its bitrate and mic meters moving', 30_000);
  assert.ok(tile.audioPlaying, 'the Java user\'s audio plays');
  assert.equal(await java.exitCode(), 0, java.output());
  await visible(page, 'contacts-screen', 20_000);   // the tool hung up: the demo is back on the contacts
});
