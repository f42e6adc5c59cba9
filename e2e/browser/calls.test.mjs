// P2P calls with Parley's browser SDK in real Chromium (fake camera and microphone), each asserting
// that media actually flows: the receiver's getStats shows frames decoded and audio energy rising
// on the <audio>-attached stream. Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, afterEach, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { assertMediaFlows, openUser, waitFor } from './lib/browsers.mjs';
import { cutNetwork, restoreNetwork } from './lib/network.mjs';
import { createUser, runCleanups, sleep, startParley, within } from './lib/parley.mjs';

const VIDEO = 1;
const AUDIO = 2;
const CONNECTED = 2;
const FAILED = 3;
const HUNGUP = 3;
const REJECTED = 4;
const CLOSED = 5;
let parley;
let userCount = 0;
const perTest = [];   // browsers of the running test, closed after it

before(async () => { parley = await startParley(); });
afterEach(async () => {
  for (const close of perTest.splice(0).reverse()) await close().catch(() => {});
});
after(runCleanups);

/** Signs up n users and opens each in its own Chromium, connected to chat. */
async function users(n, videochat = {}) {
  const made = [];
  for (let i = 0; i < n; i += 1) {
    userCount += 1;
    made.push(await createUser(parley, `user${userCount}`));
  }
  return Promise.all(made.map((u) => openUser(parley, u, videochat, { closers: perTest })));
}

/** caller calls the callees, each accepts; resolves when every pair reports CONNECTED. */
async function connectCall(caller, callees, callType = VIDEO, media) {
  const sessionId = await caller.eval(([ids, type, m]) => window.h.startCall(ids, type, {}, m),
    [callees.map((c) => c.user.id), callType, media]);
  // Events of earlier calls stay in the log: match this session's only.
  for (const callee of callees) {
    await callee.waitEvent((e) => e.name === 'call' && e.sessionId === sessionId, 'incoming call');
    await callee.eval((m) => window.h.accept({}, m), media);
  }
  const everyone = [caller, ...callees];
  for (const a of everyone) {
    for (const b of everyone) {
      if (a !== b) await a.waitEvent((e) => e.name === 'connectionState' && e.sessionId === sessionId
        && e.userId === b.user.id && e.state === CONNECTED,
        `CONNECTED with ${b.user.login}`, 30_000);
    }
  }
}

const state = (tab) => tab.eval(() => window.h.state());
const inbound = (tab, fromId) => tab.eval((id) => window.h.inbound(id), fromId);

test('1:1 video call: accepted with userInfo, media flows both ways, connection states reported', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await alice.eval((ids) => window.h.startCall(ids, 1, { userInfo: { topic: 'demo' } }), [bob.user.id]);
  const ring = await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  assert.equal(ring.from, alice.user.id);
  assert.equal(ring.callType, VIDEO);
  assert.deepEqual(ring.extension, { topic: 'demo' });
  await bob.eval(() => window.h.accept({ userInfo: { mood: 'happy' } }));
  const accepted = await alice.waitEvent((e) => e.name === 'accept', 'accept');
  assert.equal(accepted.userId, bob.user.id);
  assert.deepEqual(accepted.extension, { mood: 'happy' });
  await alice.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED');
  await bob.waitEvent((e) => e.name === 'connectionState' && e.state === CONNECTED, 'CONNECTED');
  const stream = await bob.waitEvent((e) => e.name === 'remoteStream', 'remote stream');
  assert.equal(stream.userId, alice.user.id);
  await assertMediaFlows(bob, alice.user.id);
  await assertMediaFlows(alice, bob.user.id);
});

test('audio-only call: audio flows both ways and no camera is opened', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob], AUDIO);
  const ring = (await bob.events()).find((e) => e.name === 'call');
  assert.equal(ring.callType, AUDIO);
  await assertMediaFlows(bob, alice.user.id, { video: false });
  await assertMediaFlows(alice, bob.user.id, { video: false });
  for (const tab of [alice, bob]) {
    const kinds = await tab.eval(() => window.Parley.videochat.sessions.values().next().value.localStream.getTracks().map((t) => t.kind));
    assert.deepEqual(kinds, ['audio']);
    const s = await inbound(tab, tab === alice ? bob.user.id : alice.user.id);
    assert.equal(s.framesDecoded, 0);
  }
});

for (const size of [3, 4]) {
  test(`group call of ${size}: a full mesh, every pair connected with media both ways`, { timeout: 150_000 }, async () => {
    const tabs = await users(size);
    const small = { audio: true, video: { width: 160, height: 120, frameRate: 15 } };
    await connectCall(tabs[0], tabs.slice(1), VIDEO, small);
    for (const a of tabs) {
      for (const b of tabs) if (a !== b) await assertMediaFlows(a, b.user.id, { ms: 30_000 });
    }
    // Callees called each other (lower id called by higher id) within the same session.
    const ids = new Set(await Promise.all(tabs.map((t) => state(t).then((s) => s.id))));
    assert.equal(ids.size, 1);
  });
}

test('a call with more opponents than a mesh of 4 holds is refused with a clear error', { timeout: 60_000 }, async () => {
  const [alice] = await users(1);
  const message = await alice.eval(() => {
    try { window.Parley.videochat.createNewSession([101, 102, 103, 104], 1); return 'created'; } catch (e) { return e.message; }
  });
  assert.match(message, /at most 3 opponents/);
});

test('reject: the caller gets the callee\'s userInfo and the session closes on both sides', { timeout: 60_000 }, async () => {
  const [alice, bob] = await users(2);
  await alice.eval((ids) => window.h.startCall(ids, 1), [bob.user.id]);
  await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  await bob.eval(() => window.h.reject({ userInfo: { reason: 'in a meeting' } }));
  const rejected = await alice.waitEvent((e) => e.name === 'reject', 'reject');
  assert.equal(rejected.userId, bob.user.id);
  assert.deepEqual(rejected.extension, { reason: 'in a meeting' });
  assert.equal((await alice.waitEvent((e) => e.name === 'close', 'session closed')).state, CLOSED);
  assert.equal((await bob.waitEvent((e) => e.name === 'close', 'session closed')).state, CLOSED);
});

test('busy: a user already in a call rejects a new call by itself with userInfo.busy', { timeout: 90_000 }, async () => {
  const [alice, bob, carol] = await users(3);
  await connectCall(alice, [bob]);
  await carol.eval((ids) => window.h.startCall(ids, 1), [alice.user.id]);
  const rejected = await carol.waitEvent((e) => e.name === 'reject', 'busy reject');
  assert.equal(rejected.userId, alice.user.id);
  assert.deepEqual(rejected.extension, { busy: 'true' });
  assert.ok(!(await alice.events()).some((e) => e.name === 'call'), 'the busy user is not rung');
  await assertMediaFlows(bob, alice.user.id); // the first call goes on
});

test('no answer: the caller re-dials every dialing interval, then gets onUserNotAnswer; the callee stops ringing', { timeout: 60_000 }, async () => {
  const timing = { answerTimeInterval: 7, dialingTimeInterval: 3 };
  const [alice, bob] = await users(2, timing);
  const offline = await createUser(parley, `offline${userCount}`);
  await alice.eval((ids) => window.h.startCall(ids, 1), [bob.user.id, offline.id]);
  await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  const missed = [
    await alice.waitEvent((e) => e.name === 'notAnswer' && e.userId === bob.user.id, 'no answer from bob', 20_000),
    await alice.waitEvent((e) => e.name === 'notAnswer' && e.userId === offline.id, 'no answer from the offline user', 20_000),
  ];
  // Calls at 0, 3 and 6 s, then the answer timeout at 7 s.
  for (const m of missed) assert.equal(m.callsSent, 3);
  await alice.waitEvent((e) => e.name === 'close', 'caller session closed');
  const bobEvents = await bob.events();
  assert.equal(bobEvents.filter((e) => e.name === 'call').length, 1, 're-sent calls do not ring again');
  await bob.waitEvent((e) => e.name === 'close', 'callee session closed');
});

test('hang up from the caller and from the callee: the other side is told and both sessions close', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob]);
  await alice.eval(() => window.h.stop({ userInfo: { bye: 'now' } }));
  const stopped = await bob.waitEvent((e) => e.name === 'stop', 'hang-up');
  assert.equal(stopped.userId, alice.user.id);
  assert.deepEqual(stopped.extension, { bye: 'now' });
  assert.equal((await alice.waitEvent((e) => e.name === 'close', 'close')).state, CLOSED);
  await bob.waitEvent((e) => e.name === 'close', 'close');
  await bob.waitEvent((e) => e.name === 'remoteStreamRemoved', 'remote stream removed');

  await connectCall(alice, [bob]);
  await bob.eval(() => window.h.stop());
  const second = await alice.waitEvent((e) => e.name === 'stop', 'hang-up from the callee');
  assert.equal(second.userId, bob.user.id);
  assert.equal((await alice.events()).filter((e) => e.name === 'close').length, 2);
  assert.equal(await alice.eval(() => window.h.sessionCount()), 0);
});

test('wrong-state actions go to onInvalidEvents and never throw from the network', { timeout: 60_000 }, async () => {
  const [alice, bob] = await users(2);
  await alice.eval((ids) => window.h.startCall(ids, 1), [bob.user.id]);
  await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  await bob.eval(() => window.h.reject());
  await bob.waitEvent((e) => e.name === 'close', 'closed');
  const error = await bob.eval(() => window.h.acceptOnly().then(() => 'accepted', (e) => e.message));
  assert.match(error, /ringing/);
  const invalid = await bob.waitEvent((e) => e.name === 'invalid', 'invalid event');
  assert.equal(invalid.eventName, 'accept');
  // The caller's own session is closed by the reject: hanging it up again is a no-op that succeeds (both
  // sides may hang up at the same moment), and is no invalid event.
  await alice.waitEvent((e) => e.name === 'close', 'closed');
  assert.equal(await alice.eval(() => window.h.stop().then(() => 'stopped', (e) => e.message)), 'stopped');
  assert.ok(!(await alice.events()).some((e) => e.name === 'invalid'));
});

test('call() followed at once by stop(): the callee never rings, and a later call rings it normally', { timeout: 60_000 }, async () => {
  const [alice, bob] = await users(2);
  const given = await alice.eval((ids) => window.h.callThenStop(ids), [bob.user.id]);
  assert.equal((await alice.waitEvent((e) => e.name === 'close' && e.sessionId === given, 'closed')).state, CLOSED);
  // Signals from one sender arrive in order: once the next call rings, anything of the first one would have too.
  const next = await alice.eval((ids) => window.h.startCall(ids, 2), [bob.user.id]);
  await bob.waitEvent((e) => e.name === 'call' && e.sessionId === next, 'the next call rings');
  const bobEvents = await bob.events();
  assert.deepEqual(bobEvents.filter((e) => e.sessionId === given), [], 'nothing of the given-up call reached the callee');
});

test('audio output: the remote sound moves to another output device (setSinkId), elements attached later too', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob], AUDIO);
  const outputs = await bob.eval(() => window.h.audioOutputs());
  assert.ok(outputs.length >= 2, `Chromium's fake outputs are listed (${JSON.stringify(outputs)})`);
  const chosen = outputs.at(-1).deviceId;
  assert.deepEqual(await bob.eval((id) => window.h.selectAudioOutput(id), chosen), [chosen]);
  await assertMediaFlows(bob, alice.user.id, { video: false });
  assert.equal(await bob.eval((id) => window.h.attachAudioLater(id), alice.user.id), chosen);
  assert.match(await bob.eval(() => window.h.selectAudioOutput('no-such-output').catch((e) => e.message)), /no audio output/);
  assert.deepEqual(await bob.eval(() => [...document.querySelectorAll('#remotes audio')].map((a) => a.sinkId)), [chosen, chosen]);
});

test('update: userInfo reaches the other side during a call', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob]);
  await alice.eval(() => window.h.update({ userInfo: { videoFilter: 'sepia', nested: { level: '2' } } }));
  const update = await bob.waitEvent((e) => e.name === 'update', 'update');
  assert.equal(update.userId, alice.user.id);
  assert.deepEqual(update.extension, { videoFilter: 'sepia', nested: { level: '2' } });
});

test('mute and unmute: the remote side gets silence and black frames, then sound and picture again', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob]);
  await assertMediaFlows(bob, alice.user.id);
  const energyGain = async () => {
    const before = (await inbound(bob, alice.user.id)).audioEnergy;
    await sleep(1500);
    return (await inbound(bob, alice.user.id)).audioEnergy - before;
  };
  await alice.eval(() => window.h.mute('audio'));
  await sleep(1000);
  assert.ok(await energyGain() < 1e-4, 'no audio energy while muted');
  await alice.eval(() => window.h.unmute('audio'));
  await waitFor(async () => (await energyGain()) > 1e-3, 'audio energy rises after unmute');

  await waitFor(async () => (await inbound(bob, alice.user.id)).brightness > 20, 'a lit picture before the camera is muted');
  await alice.eval(() => window.h.mute('video'));
  await waitFor(async () => {
    const b = (await inbound(bob, alice.user.id)).brightness;
    return b >= 0 && b < 5;
  }, 'black frames while the camera is muted');
  await alice.eval(() => window.h.unmute('video'));
  await waitFor(async () => (await inbound(bob, alice.user.id)).brightness > 20, 'picture again after unmute');
});

// Chromium's fake capture offers fake_device_0..2; fake_device_1 delivers 16-bit depth frames, which
// no encoder takes, so the switch goes from fake_device_0 to fake_device_2.
test('switching between two fake cameras and two microphones keeps media flowing', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob]);
  const first = await alice.eval(() => window.Parley.videochat.sessions.values().next().value.localStream.getVideoTracks()[0].label);
  const camera = await alice.eval(() => window.h.switchCamera(2));
  assert.equal(camera.count, 3);
  assert.notEqual(camera.label, first);
  await assertMediaFlows(bob, alice.user.id, { audio: false });
  const mic = await alice.eval(() => window.h.switchMicrophone(1));
  assert.ok(mic.count >= 2, `two microphones (found ${mic.count})`);
  await assertMediaFlows(bob, alice.user.id);
});

test('screen sharing replaces the camera for the remote side and back', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2);
  await connectCall(alice, [bob]);
  await waitFor(async () => (await inbound(bob, alice.user.id)).width === 320, 'the camera at 320x240');
  const label = await alice.eval(() => window.h.startScreenSharing());
  assert.notEqual(label, '');
  const shared = await waitFor(async () => {
    const s = await inbound(bob, alice.user.id);
    return s.width !== 320 && s.width > 0 ? s : null;
  }, 'the remote side sees the screen (another frame size)');
  assert.ok(shared.width > 320, `screen frames are larger (${shared.width}x${shared.height})`);
  await alice.eval(() => window.h.stopScreenSharing());
  await waitFor(async () => (await inbound(bob, alice.user.id)).width === 320, 'the camera again');
});

test('reconnection: a network cut of a few seconds is healed by ICE restart (RECONNECTING, RECONNECTED)', { timeout: 120_000 }, async () => {
  const [alice, bob] = await users(2, { disconnectTimeInterval: 30 });
  await connectCall(alice, [bob]);
  await assertMediaFlows(bob, alice.user.id);
  cutNetwork();
  try {
    await alice.waitEvent((e) => e.name === 'reconnect' && e.state === 'reconnecting', 'RECONNECTING', 20_000);
    await bob.waitEvent((e) => e.name === 'reconnect' && e.state === 'reconnecting', 'RECONNECTING', 20_000);
    await sleep(2000);
  } finally {
    restoreNetwork();
  }
  await alice.waitEvent((e) => e.name === 'reconnect' && e.state === 'reconnected', 'RECONNECTED', 30_000);
  await bob.waitEvent((e) => e.name === 'reconnect' && e.state === 'reconnected', 'RECONNECTED', 30_000);
  const restarts = Object.values((await state(alice)).peers)[0].iceRestarts;
  assert.ok(restarts >= 1, `the caller restarted ICE (${restarts} times)`);
  await assertMediaFlows(bob, alice.user.id);
  await assertMediaFlows(alice, bob.user.id);
});

test('reconnection fails after the disconnect timeout: FAILED, then the session closes', { timeout: 120_000 }, async () => {
  const [alice, bob] = await users(2, { disconnectTimeInterval: 10 });
  await connectCall(alice, [bob]);
  cutNetwork();
  try {
    await alice.waitEvent((e) => e.name === 'reconnect' && e.state === 'failed', 'FAILED', 40_000);
    await bob.waitEvent((e) => e.name === 'reconnect' && e.state === 'failed', 'FAILED', 40_000);
    await alice.waitEvent((e) => e.name === 'close', 'session closed', 10_000);
    await bob.waitEvent((e) => e.name === 'close', 'session closed', 10_000);
  } finally {
    restoreNetwork();
  }
});

test('reject over HTTP (POST /calls/reject) reaches the caller as a reject signal', { timeout: 60_000 }, async () => {
  const [alice, bob] = await users(2);
  const sessionId = await alice.eval((ids) => window.h.startCall(ids, 1), [bob.user.id]);
  await bob.waitEvent((e) => e.name === 'call', 'incoming call');
  await bob.eval(([id, members]) => window.h.rejectCall(id, members, { via: 'push' }), [sessionId, [alice.user.id]]);
  const rejected = await alice.waitEvent((e) => e.name === 'reject', 'reject');
  assert.equal(rejected.userId, bob.user.id);
  assert.deepEqual(rejected.extension, { via: 'push' });
  await alice.waitEvent((e) => e.name === 'close', 'caller session closed');
  await bob.waitEvent((e) => e.name === 'close', 'callee session closed');
});

test('stats: periodic reports with frames, video bitrate and mic level; a bandwidth cap lowers the bitrate', { timeout: 90_000 }, async () => {
  const [alice, bob] = await users(2, { statsReportTimeInterval: 1 });
  await connectCall(alice, [bob]);
  const report = await bob.waitEvent((e) => e.name === 'stats' && e.userId === alice.user.id && e.framesDecoded > 0
    && e.videoBitrate > 0 && e.micLevel > 0, 'a stats report with media', 20_000);
  assert.equal(report.error, null);
  const micLevel = await bob.eval(async (id) => {
    const manager = new window.Parley.videochat.StatsReportsManager();
    const session = window.Parley.videochat.sessions.values().next().value;
    const seen = new Promise((resolve) => { manager.onMicLevel = (e) => { if (e.userId === id && e.micLevel > 0) resolve(e.micLevel); }; });
    manager.init(session);
    const level = await seen;
    manager.dispose();
    return level;
  }, alice.user.id);
  assert.ok(micLevel > 0 && micLevel <= 1, `mic level ${micLevel}`);
  await alice.eval(() => window.h.setMaxBandwidth(60));
  await waitFor(async () => {
    const events = (await bob.events()).filter((e) => e.name === 'stats' && e.userId === alice.user.id);
    const last = events.slice(-3);
    return last.length === 3 && last.every((e) => e.videoBitrate > 0 && e.videoBitrate < 90);
  }, 'video bitrate under the 60 kbit/s cap (with headroom)', 30_000);
});
