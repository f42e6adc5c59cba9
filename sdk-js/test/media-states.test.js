// Who has the microphone muted or the camera off: told to the peers in `update` signals, taken from
// those signals, and, for peers that send none (ConnectyCube, QuickBlox, the Java SDK), read from
// their media: no video or black frames is camera off, digital silence after sound is muted.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { settle } from './fake-timers.js';
import { FakeStream, FakeTrack, installFakeWebRtc } from './fake-webrtc.js';
import { signal, videoChatFor } from './helpers.js';

let pcs;
beforeEach(() => { pcs = installFakeWebRtc(); });

/** A video call from user 1 to user 2, accepted and connected. `probe` stands in for FrameProbe. */
async function connectedCall({ muteFirst, probe = null } = {}) {
  const caller = videoChatFor(1, {}, { frameProbe: () => probe });
  const session = caller.vc.createNewSession([2]);
  await session.getUserMedia({ audio: true, video: true });
  if (muteFirst) session.mute(muteFirst);
  await session.call({});
  caller.receive(2, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  const pc = pcs[0];
  const remote = new FakeStream([new FakeTrack('audio'), new FakeTrack('video')]);
  pc.ontrack({ streams: [remote], track: remote.getVideoTracks()[0] });
  pc.setIceState('connected');
  await settle();
  return { ...caller, session, pc };
}

const updates = (sent) => sent.filter((s) => s.signalType === 'update').map((s) => [s.to, s.userInfo]);
const states = (events) => events.filter(([n]) => n === 'onRemoteMediaStateListener').map(([, , userId, state]) => [userId, state]);

/** Makes the peer connection report these inbound counters from now on. */
function inbound(pc, { videoBytes, frames, energy, seconds }) {
  pc.getStats = async () => new Map([
    ['v', { id: 'v', type: 'inbound-rtp', kind: 'video', bytesReceived: videoBytes, framesDecoded: frames }],
    ['a', { id: 'a', type: 'inbound-rtp', kind: 'audio', totalAudioEnergy: energy, totalSamplesDuration: seconds }],
  ]);
}

test('muting during a call tells the connected peer in an update; nothing is sent while nothing is muted', async () => {
  const { session, sent } = await connectedCall();
  assert.deepEqual(updates(sent), []);
  session.mute('video');
  await settle();
  session.mute('audio');
  session.unmute('video');
  await settle();
  assert.deepEqual(updates(sent), [
    [2, { mediaState: { audioMuted: 'false', videoMuted: 'true' } }],
    [2, { mediaState: { audioMuted: 'true', videoMuted: 'true' } }],
    [2, { mediaState: { audioMuted: 'true', videoMuted: 'false' } }],
  ]);
});

test('a peer that connects while the camera is off is told at once', async () => {
  const { sent } = await connectedCall({ muteFirst: 'video' });
  assert.deepEqual(updates(sent), [[2, { mediaState: { audioMuted: 'false', videoMuted: 'true' } }]]);
});

test("a peer's mediaState update sets its state at once and is not passed on as an app update", async () => {
  const { session, receive, events } = await connectedCall();
  receive(2, signal('update', session.ID, { userInfo: { mediaState: { audioMuted: 'true', videoMuted: 'false' } } }));
  await settle();
  assert.deepEqual(states(events), [[2, { audioMuted: true, videoMuted: false }]]);
  assert.deepEqual(session.remoteMediaState(2), { audioMuted: true, videoMuted: false });
  assert.ok(!events.some(([n]) => n === 'onUpdateCallListener'));
  receive(2, signal('update', session.ID, { userInfo: { topic: 'slides' } }));
  await settle();
  assert.deepEqual(events.filter(([n]) => n === 'onUpdateCallListener').map(([, , , info]) => info), [{ topic: 'slides' }]);
});

test('a peer that sends no state: black frames, then no video at all, are camera off; frames again are on', async () => {
  let black = false;
  const { pc, timers, events, session } = await connectedCall({ probe: { isBlack: () => black, stop() {} } });
  const media = { videoBytes: 1000, frames: 10, energy: 0, seconds: 0 };
  const tick = async (change) => { Object.assign(media, change); inbound(pc, media); await timers.advance(1000); };
  await tick({});
  await tick({ videoBytes: 50_000, frames: 30 });
  assert.deepEqual(states(events), [], 'a picture: nothing changes');
  black = true;
  await tick({ videoBytes: 51_000, frames: 50 });
  assert.deepEqual(states(events), [], 'one black look is not enough');
  await tick({ videoBytes: 52_000, frames: 70 });
  assert.deepEqual(states(events), [[2, { audioMuted: false, videoMuted: true }]]);
  black = false;
  await tick({ videoBytes: 90_000, frames: 90 });
  assert.deepEqual(states(events).at(-1), [2, { audioMuted: false, videoMuted: false }], 'back on at the first picture');
  await tick({});
  await tick({});
  assert.deepEqual(states(events).at(-1), [2, { audioMuted: false, videoMuted: true }], 'no video bytes for two looks');
  assert.deepEqual(session.remoteMediaState(2), { audioMuted: false, videoMuted: true });
});

test('a peer that sends no state: digital silence after sound is muted, sound again is unmuted', async () => {
  const { pc, timers, events } = await connectedCall();
  const media = { videoBytes: 0, frames: 0, energy: 0, seconds: 0 };
  const tick = async (change) => {
    Object.assign(media, change, { videoBytes: media.videoBytes + 1000, frames: media.frames + 20, seconds: media.seconds + 1 });
    inbound(pc, media);
    await timers.advance(1000);
  };
  await tick({});
  await tick({});
  await tick({});
  assert.deepEqual(states(events), [], 'silence before any sound was heard is not judged (the app may not play the audio)');
  await tick({ energy: 0.2 });
  await tick({ energy: 0.4 });
  await tick({});
  assert.deepEqual(states(events), [], 'one silent second is a pause, not a mute');
  await tick({});
  assert.deepEqual(states(events), [[2, { audioMuted: true, videoMuted: false }]]);
  await tick({ energy: 0.5 });
  assert.deepEqual(states(events).at(-1), [2, { audioMuted: false, videoMuted: false }]);
});

test("once a peer has sent its state, its media is not judged: a dark picture stays the peer's word", async () => {
  const { pc, timers, events, session, receive } = await connectedCall({ probe: { isBlack: () => true, stop() {} } });
  receive(2, signal('update', session.ID, { userInfo: { mediaState: { audioMuted: 'false', videoMuted: 'false' } } }));
  let frames = 0;
  for (let i = 0; i < 4; i += 1) {
    frames += 20;
    inbound(pc, { videoBytes: frames * 100, frames, energy: 0, seconds: i });
    await timers.advance(1000);
  }
  assert.deepEqual(states(events), []);
  assert.deepEqual(session.remoteMediaState(2), { audioMuted: false, videoMuted: false });
});
