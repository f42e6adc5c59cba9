// Conferences with Parley's own browser SDK (Parley.conference, harness/conference-sdk.html) in real Chromium (fake
// camera and microphone at 320x240) through Parley's SFU: three SDK users in a meeting's room decode each other's
// video and hear each other's audio over one subscriber connection each, see each other's mute as media events and
// silence, get mic levels and bitrates from the SDK's stats, switch camera, share the screen, cap the bitrate and
// choose the audio output, leave and rejoin; then a janus.js user joins them. Before all that, Alice rings the others
// into the room with system messages over chat.
// Runs inside scripts/netns-run (scripts/test-browser.sh).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser, openHarness, waitFor } from './lib/browsers.mjs';
import { arrivingOver, assertFeedsFlow, openJanus, pageHandle, startConferenceServer } from './lib/conference.mjs';
import { createUser, rest, runCleanups, sleep, STEP_MS, within } from './lib/parley.mjs';

let parley;
let room;
let alice;
let bob;
let carol;
let browser;

before(async () => {
  parley = await startConferenceServer();
  const [a, b, c] = [await createUser(parley, 'alice'), await createUser(parley, 'bob'), await createUser(parley, 'carol')];
  const now = Math.floor(Date.now() / 1000);
  const meeting = await rest(parley.base, 'POST', '/meetings', { token: a.token, body: {
    name: 'SDK stand-up', start_date: now, end_date: now + 3600, attendees: [{ id: b.id }, { id: c.id }],
  } });
  room = meeting._id;
  browser = await launchBrowser();
  [alice, bob, carol] = await Promise.all([a, b, c].map((user) => openSdkUser(user)));
});
after(runCleanups);

/** A page of the SDK harness in the shared browser, signed in as the user (its REST session token). */
async function openSdkUser(user) {
  const { page, errors } = await openHarness(parley, user, 'conference-sdk.html', {}, { context: browser });
  await page.waitForFunction(() => window.conferenceSdkReady === true, null, { timeout: STEP_MS });
  await within(STEP_MS, page.evaluate((args) => window.cs.init(args),
    { appId: parley.app.application_id, api: parley.base, token: user.token, userId: user.id }), `${user.login} connects to chat`);
  const handle = {
    ...pageHandle(page, errors, user.login, 'cs'),
    user,
    join: () => handle.eval((args) => window.cs.join(args), { userId: user.id, room }),
  };
  return handle;
}

const everyone = () => [alice, bob, carol];

async function allReceiveEachOther(people = everyone()) {
  for (const to of people) await assertFeedsFlow(to, people.filter((from) => from !== to).map((from) => from.user.id));
}

test('Alice rings Bob and Carol into the room with system messages; a busy reject and the end reach the others', { timeout: 60_000 }, async () => {
  const ids = [alice.user.id, bob.user.id, carol.user.id];
  await alice.eval(([r, i]) => window.cs.invite(r, i), [room, ids]);
  for (const p of [bob, carol]) {
    const start = await p.waitEvent((e) => e.name === 'callStart', 'the invitation');
    assert.deepEqual([start.roomId, start.initiatorId, start.participantIds], [room, alice.user.id, ids]);
  }
  await carol.eval(([r, to]) => window.cs.reject(r, true, to), [room, alice.user.id]);
  const rejected = await alice.waitEvent((e) => e.name === 'callRejected', 'Carol\'s reject');
  assert.deepEqual([rejected.roomId, rejected.userId, rejected.isBusy], [room, carol.user.id, true]);
  await alice.eval(([r, i]) => window.cs.end(r, i), [room, [bob.user.id]]);
  const end = await bob.waitEvent((e) => e.name === 'callEnd', 'the end of the call');
  assert.deepEqual([end.roomId, end.userId], [room, alice.user.id]);
  assert.ok(!(await carol.events()).some((e) => e.name === 'callEnd'), 'the end went to Bob alone');
});

test('three SDK users of a meeting\'s room each decode the other two\'s video and hear their audio', { timeout: 180_000 }, async () => {
  assert.deepEqual(await alice.join(), []);
  assert.deepEqual(await bob.join(), [alice.user.id]);
  assert.deepEqual((await carol.join()).sort(), [alice.user.id, bob.user.id].sort());
  await allReceiveEachOther();
  for (const p of everyone()) {
    assert.deepEqual((await p.eval(() => window.cs.subscribed())).sort(),
      everyone().filter((o) => o !== p).map((o) => o.user.id).sort(), `${p.user.login} receives the other two on one subscription`);
    for (const other of everyone().filter((o) => o !== p)) {
      await p.waitEvent((e) => e.name === 'connected' && e.userId === other.user.id, `connected to ${other.user.login}`);
    }
    assert.equal((await p.events()).filter((e) => e.name === 'remoteStream').length, 2, `${p.user.login}: one stream per user`);
    assert.deepEqual(p.errors, [], `${p.user.login}: page errors`);
    assert.ok(!(await p.events()).some((e) => e.name === 'error'), `${p.user.login}: no SDK errors`);
  }
});

test('muting the microphone and turning the camera off reach the others as media events and silence', { timeout: 120_000 }, async () => {
  let marks = await Promise.all([alice.eventCount(), bob.eventCount()]);
  await carol.eval(() => window.cs.setMicrophoneMute(true));
  for (const [i, p] of [alice, bob].entries()) {
    await p.waitEvent((e) => e.name === 'media' && e.userId === carol.user.id && e.kind === 'audio' && e.receiving === false,
      'Carol\'s audio stopped', { from: marks[i] });
  }
  await sleep(500);
  assert.equal(await arrivingOver(alice, carol.user.id, 'audioBytes'), 0, 'no audio from Carol arrives');
  assert.ok(await arrivingOver(alice, carol.user.id, 'framesDecoded') > 0, 'Carol\'s video still arrives');
  marks = await Promise.all([alice.eventCount(), bob.eventCount()]);
  await carol.eval(() => window.cs.setMicrophoneMute(false));
  for (const [i, p] of [alice, bob].entries()) {
    await p.waitEvent((e) => e.name === 'media' && e.userId === carol.user.id && e.kind === 'audio' && e.receiving === true,
      'Carol\'s audio back', { from: marks[i] });
  }
  await assertFeedsFlow(bob, [carol.user.id]);

  const mark = await carol.eventCount();
  await alice.eval(() => window.cs.setVideoEnabled(false));
  await carol.waitEvent((e) => e.name === 'media' && e.userId === alice.user.id && e.kind === 'video' && e.receiving === false,
    'Alice\'s video stopped', { from: mark });
  await sleep(500);
  assert.equal(await arrivingOver(carol, alice.user.id, 'videoBytes'), 0, 'no video from Alice arrives');
  await alice.eval(() => window.cs.setVideoEnabled(true));
  await assertFeedsFlow(carol, [alice.user.id]);
});

test('the SDK\'s stats give each received user\'s mic level and video bitrate', { timeout: 60_000 }, async () => {
  for (const p of everyone()) {
    for (const other of everyone().filter((o) => o !== p)) {
      await p.waitEvent((e) => e.name === 'videoBitrate' && e.userId === other.user.id && e.bitRate > 20,
        `a video bitrate above 20 kbit/s from ${other.user.login}`);
      await p.waitEvent((e) => e.name === 'micLevel' && e.userId === other.user.id && e.micLevel > 0 && e.micLevel <= 1,
        `a mic level of ${other.user.login} in (0, 1]`);
    }
  }
});

// Chromium's fake capture offers fake_device_0..2; fake_device_1 delivers 16-bit depth frames, which no encoder
// takes, so the switch goes from fake_device_0 to fake_device_2.
test('switching the camera, sharing the screen, capping the bitrate, choosing the audio output', { timeout: 150_000 }, async () => {
  const camera = await alice.eval(() => window.cs.switchCamera(2));
  assert.equal(camera.count, 3);
  await waitFor(async () => (await bob.inbound())[alice.user.id]?.width === 320, 'Bob gets the new camera at 320x240');
  await assertFeedsFlow(bob, [alice.user.id], { audio: false });

  await alice.eval(() => window.cs.enableScreenSharing(true));
  const shared = await waitFor(async () => {
    const s = (await bob.inbound())[alice.user.id];
    return s?.width > 320 ? s : null;
  }, 'Bob sees Alice\'s screen (larger frames)');
  assert.ok(shared.width > 320);
  await alice.eval(() => window.cs.enableScreenSharing(false));
  await waitFor(async () => (await bob.inbound())[alice.user.id]?.width === 320, 'Bob sees Alice\'s camera again');

  await waitFor(async () => (await carol.eval(() => window.cs.targetBitrate())) > 100_000, 'Carol aims above 100 kbit/s before the cap');
  await carol.eval(() => window.cs.setMaxBandwidth(64));
  await waitFor(async () => (await carol.eval(() => window.cs.targetBitrate())) <= 64_000, 'Carol aims at or below 64 kbit/s');
  await carol.eval(() => window.cs.setMaxBandwidth(0));
  await waitFor(async () => (await carol.eval(() => window.cs.targetBitrate())) > 100_000, 'the cap lifted', 30_000);

  const outputs = await bob.eval(() => window.cs.audioOutputs());
  assert.ok(outputs.length >= 2, `Chromium's fake outputs are listed (${JSON.stringify(outputs)})`);
  const chosen = outputs.at(-1).deviceId;
  assert.deepEqual(await bob.eval((id) => window.cs.selectAudioOutput(id), chosen), [chosen, chosen], 'both remote users\' sound moved');
  await assertFeedsFlow(bob, [carol.user.id]);
});

test('leaving tells the others, and the user joins again with a new session', { timeout: 150_000 }, async () => {
  const marks = await Promise.all([alice.eventCount(), carol.eventCount()]);
  const bobMark = await bob.eventCount();
  await bob.eval(() => window.cs.leave());
  assert.equal(await bob.eval(() => window.cs.state()), 'closed');
  await sleep(500); // what the room sends the leaving user
  assert.deepEqual((await bob.events()).slice(bobMark).map((e) => e.name), ['sessionClosed'], 'leaving is no error');
  for (const [i, p] of [alice, carol].entries()) {
    await p.waitEvent((e) => e.name === 'publisherLeft' && e.userId === bob.user.id, 'Bob left', { from: marks[i] });
    await p.waitEvent((e) => e.name === 'remoteStreamRemoved' && e.userId === bob.user.id, 'Bob\'s stream gone', { from: marks[i] });
  }
  assert.deepEqual(await alice.eval(() => window.cs.subscribed()), [carol.user.id]);
  assert.deepEqual((await bob.join()).sort(), [alice.user.id, carol.user.id].sort());
  for (const [i, p] of [alice, carol].entries()) {
    await p.waitEvent((e) => e.name === 'publishers' && e.ids.includes(bob.user.id), 'Bob publishes again', { from: marks[i] });
  }
  await allReceiveEachOther();
});

test('a janus.js user in the same room receives the SDK users, and they receive it', { timeout: 150_000 }, async () => {
  const dave = await createUser(parley, 'dave');
  await rest(parley.base, 'PUT', `/meetings/${room}`, { token: alice.user.token, body: {
    attendees: [{ id: bob.user.id }, { id: carol.user.id }, { id: dave.id }],
  } });
  const janus = await openJanus(parley, dave, { subscriptions: 'multistream', context: browser });
  const joined = await janus.join(room);
  assert.deepEqual([...joined.publishers].sort(), everyone().map((p) => p.user.id).sort());
  await assertFeedsFlow(janus, everyone().map((p) => p.user.id));
  // janus.js chose its own participant id, which the SDK users see as the publisher's id.
  for (const p of everyone()) await assertFeedsFlow(p, [joined.id]);
});
