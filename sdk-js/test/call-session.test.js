// The call session state machine of docs/protocol.md §3.3 on fake timers and a fake RTCPeerConnection:
// dialing re-sends, answer timeouts, accept/reject/hang-up, busy, wrong-state actions, trickle ICE
// buffering and reconnection by ICE restart with its disconnect timeout.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { SessionConnectionState, SessionState } from '../src/videochat/constants.js';
import { settle } from './fake-timers.js';
import { FakePeerConnection, installFakeWebRtc } from './fake-webrtc.js';
import { signal, videoChatFor } from './helpers.js';

let pcs;
beforeEach(() => { pcs = installFakeWebRtc(); });

const names = (events) => events.map(([name]) => name);

async function outgoingCall(videochat = {}) {
  const caller = videoChatFor(1, videochat);
  const session = caller.vc.createNewSession([2]);
  await session.getUserMedia({ audio: true, video: true });
  await session.call({ userInfo: { topic: 't' } });
  return { ...caller, session };
}

test('the caller re-sends call every dialing interval, then reports no answer and stops the callee ringing', async () => {
  const { session, sent, timers, events } = await outgoingCall({ answerTimeInterval: 7, dialingTimeInterval: 3 });
  assert.equal(sent.length, 1);
  assert.deepEqual([sent[0].signalType, sent[0].to, sent[0].callerID, sent[0].opponentsIDs], ['call', 2, '1', ['2']]);
  assert.deepEqual(sent[0].userInfo, { topic: 't' });
  await timers.advance(6_000);
  assert.deepEqual(sent.map((s) => s.signalType), ['call', 'call', 'call']);
  assert.ok(sent.every((s) => s.sdp === sent[0].sdp), 're-sends carry the same offer');
  await timers.advance(1_000);
  assert.deepEqual(names(events).filter((n) => n === 'onUserNotAnswerListener'), ['onUserNotAnswerListener']);
  assert.equal(sent.at(-1).signalType, 'hangUp');
  assert.equal(session.state, SessionState.CLOSED);
  assert.ok(names(events).includes('onSessionCloseListener'));
  await timers.advance(10_000);
  assert.equal(sent.filter((s) => s.signalType === 'call').length, 3, 'no call after the answer timeout');
});

test('accept stops the dialing, sets the answer, and only then are local candidates sent', async () => {
  const { session, sent, timers, events, receive } = await outgoingCall();
  const pc = pcs[0];
  pc.onicecandidate({ candidate: { candidate: 'candidate:early', sdpMid: '0', sdpMLineIndex: 0 } });
  await timers.advance(100);
  assert.ok(!sent.some((s) => s.signalType === 'iceCandidates'), 'no candidates before the callee accepts');
  receive(2, signal('accept', session.ID, { sdp: 'v=0\no=answer\n', userInfo: { mood: 'ok' } }));
  await settle();
  assert.equal(pc.remoteDescription.sdp, 'v=0\r\no=answer\r\n', 'LF line ends are turned back into CR LF');
  await timers.advance(100);
  const candidates = sent.find((s) => s.signalType === 'iceCandidates');
  assert.deepEqual(candidates.iceCandidates, [{ candidate: 'candidate:early', sdpMid: '0', sdpMLineIndex: '0' }]);
  const accept = events.find(([n]) => n === 'onAcceptCallListener');
  assert.deepEqual([accept[2], accept[3]], [2, { mood: 'ok' }]);
  await timers.advance(120_000);
  assert.equal(sent.filter((s) => s.signalType === 'call').length, 1);
  assert.ok(!names(events).includes('onUserNotAnswerListener'));
});

test('a callee buffers candidates until it accepts, answers, and its unanswered session closes on time', async () => {
  const callee = videoChatFor(2, { answerTimeInterval: 10 });
  callee.receive(1, signal('call', 'sid-1', { sdp: 'v=0\r\noffer\r\n', userInfo: { topic: 't' } }));
  callee.receive(1, signal('iceCandidates', 'sid-1', { iceCandidates: [{ candidate: 'c1', sdpMid: '', sdpMLineIndex: '' }] }));
  await settle();
  const [, session, extension] = callee.events.find(([n]) => n === 'onCallListener');
  assert.deepEqual(extension, { topic: 't' });
  assert.equal(session.state, SessionState.NEW);
  assert.deepEqual(pcs[0].candidates, [], 'held until the remote description is set');
  callee.receive(1, signal('call', 'sid-1', { sdp: 'v=0\r\noffer\r\n' }));
  await settle();
  assert.equal(callee.events.filter(([n]) => n === 'onCallListener').length, 1, 'a re-sent call does not ring again');
  await session.getUserMedia({ audio: true, video: true });
  await session.accept({});
  assert.deepEqual(pcs[0].candidates, [{ candidate: 'c1', sdpMid: null, sdpMLineIndex: 0 }]);
  assert.equal(callee.sent[0].signalType, 'accept');
  assert.equal(session.state, SessionState.ACTIVE);

  const other = videoChatFor(2, { answerTimeInterval: 10 });
  other.receive(1, signal('call', 'sid-2', { sdp: 'v=0\r\n' }));
  await settle();
  await other.timers.advance(10_000);
  assert.ok(names(other.events).includes('onSessionCloseListener'), 'an unanswered incoming session closes');
});

test('reject and hang-up tell the peer and close; the other side closes on receipt', async () => {
  const callee = videoChatFor(2);
  callee.receive(1, signal('call', 'sid-r', { sdp: 'v=0\r\n' }));
  await settle();
  const session = callee.events.find(([n]) => n === 'onCallListener')[1];
  await session.reject({ userInfo: { reason: 'busy' } });
  assert.deepEqual([callee.sent[0].signalType, callee.sent[0].to, callee.sent[0].userInfo], ['reject', 1, { reason: 'busy' }]);
  assert.equal(session.state, SessionState.CLOSED);
  callee.receive(1, signal('call', 'sid-r', { sdp: 'v=0\r\n' }));
  await settle();
  assert.equal(callee.events.filter(([n]) => n === 'onCallListener').length, 1, 'an ended session does not ring again');

  const { session: outgoing, receive, events } = await outgoingCall();
  receive(2, signal('accept', outgoing.ID, { sdp: 'v=0\r\n' }));
  await settle();
  receive(2, signal('hangUp', outgoing.ID, { userInfo: { bye: 'x' } }));
  await settle();
  const stop = events.find(([n]) => n === 'onStopCallListener');
  assert.deepEqual([stop[2], stop[3]], [2, { bye: 'x' }]);
  assert.equal(outgoing.state, SessionState.CLOSED);
});

test('busy: a user in an active call rejects another call with userInfo.busy and is not rung', async () => {
  const { vc, sent, receive, events, session } = await outgoingCall();
  receive(2, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  receive(3, signal('call', 'other', { callerID: '3', opponentsIDs: ['1'], sdp: 'v=0\r\n' }));
  await settle();
  const busy = sent.find((s) => s.signalType === 'reject');
  assert.deepEqual([busy.to, busy.sessionID, busy.userInfo], [3, 'other', { busy: 'true' }]);
  assert.equal(events.filter(([n]) => n === 'onCallListener').length, 0);
  assert.equal(vc.sessions.size, 1);
});

test('actions in the wrong state go to onInvalidEventsListener and reject, without throwing synchronously', async () => {
  const callee = videoChatFor(2);
  callee.receive(1, signal('call', 'sid-i', { sdp: 'v=0\r\n' }));
  await settle();
  const session = callee.events.find(([n]) => n === 'onCallListener')[1];
  await assert.rejects(session.accept({}), /getUserMedia first/);
  await session.reject({});
  await assert.rejects(session.accept({}), /only a ringing incoming call/);
  await assert.rejects(session.update({ userInfo: {} }), /only an active call/);
  const invalid = callee.events.filter(([n]) => n === 'onInvalidEventsListener').map(([, eventName]) => eventName);
  assert.deepEqual(invalid, ['accept', 'accept', 'update']);
  let called;
  session.stop({}, (error) => { called = error; });
  await settle();
  assert.equal(called, null, 'hanging up a closed session does nothing and succeeds');
  assert.deepEqual(callee.events.filter(([n]) => n === 'onInvalidEventsListener').length, 3);
  assert.deepEqual(callee.sent.map((s) => s.signalType), ['reject']);
});

test('a call for more than a mesh holds, or to yourself, is refused', () => {
  const { vc } = videoChatFor(1);
  assert.throws(() => vc.createNewSession([2, 3, 4, 5]), /at most 3 opponents/);
  assert.throws(() => vc.createNewSession([1]), /must not include the caller/);
  assert.throws(() => vc.createNewSession([]), /array of opponent user ids/);
});

test('a signal from someone outside the call is ignored', async () => {
  const { session, receive, events } = await outgoingCall();
  receive(9, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  assert.ok(!names(events).includes('onAcceptCallListener'), 'user 9 is not in the call');
});

test('reconnection: RECONNECTING, ICE restart offers from the offerer, RECONNECTED when connected again', async () => {
  const { session, receive, sent, timers, events } = await outgoingCall({ disconnectTimeInterval: 10 });
  receive(2, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  const pc = pcs[0];
  pc.setIceState('connected');
  pc.setIceState('disconnected');
  assert.deepEqual(events.filter(([n]) => n === 'onReconnectListener').map(([, , , s]) => s), ['reconnecting']);
  await timers.advance(1_000);
  const restart = sent.find((s) => s.signalType === 'iceRestart');
  assert.match(restart.sdp, /restart/);
  receive(2, signal('iceRestartAccept', session.ID, { sdp: 'v=0\r\nrestarted\r\n' }));
  await settle();
  assert.equal(pc.remoteDescription.sdp, 'v=0\r\nrestarted\r\n');
  pc.setIceState('connected');
  assert.deepEqual(events.filter(([n]) => n === 'onReconnectListener').map(([, , , s]) => s), ['reconnecting', 'reconnected']);
  await timers.advance(30_000);
  assert.equal(session.state, SessionState.ACTIVE, 'the disconnect timer was cancelled');
});

test('reconnection fails after the disconnect time: FAILED, the peer closes and so does the session', async () => {
  const { session, receive, sent, timers, events } = await outgoingCall({ disconnectTimeInterval: 10 });
  receive(2, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  pcs[0].setIceState('connected');
  pcs[0].setIceState('failed');
  await timers.advance(9_000);
  assert.ok(sent.filter((s) => s.signalType === 'iceRestart').length >= 2, 'restarts are retried while disconnected');
  await timers.advance(1_000);
  const states = events.filter(([n]) => n === 'onReconnectListener').map(([, , , s]) => s);
  assert.deepEqual(states, ['reconnecting', 'failed']);
  const connection = events.filter(([n]) => n === 'onSessionConnectionStateChangedListener').map(([, , , s]) => s);
  assert.equal(connection.at(-1), SessionConnectionState.CLOSED);
  assert.equal(session.state, SessionState.CLOSED);
});

test('the answerer of an ICE restart answers with iceRestartAccept and never restarts itself', async () => {
  const callee = videoChatFor(2, { disconnectTimeInterval: 10 });
  callee.receive(1, signal('call', 'sid-x', { sdp: 'v=0\r\n' }));
  await settle();
  const session = callee.events.find(([n]) => n === 'onCallListener')[1];
  await session.getUserMedia({ audio: true, video: false });
  await session.accept({});
  pcs[0].setIceState('disconnected');
  await callee.timers.advance(5_000);
  assert.ok(!callee.sent.some((s) => s.signalType === 'iceRestart'));
  callee.receive(1, signal('iceRestart', 'sid-x', { sdp: 'v=0\r\nrestart\r\n' }));
  await settle();
  assert.equal(callee.sent.at(-1).signalType, 'iceRestartAccept');
});

test('a caller may give up before call(): stop closes quietly, and devices opened late are released', async () => {
  const { vc, sent, events } = videoChatFor(1);
  const session = vc.createNewSession([2]);
  const opening = session.getUserMedia({ audio: true, video: true });
  await session.stop();
  assert.equal(session.state, SessionState.CLOSED);
  await assert.rejects(opening, /closed while the camera\/microphone were opening/);
  assert.equal(session.localStream, null);
  assert.deepEqual(sent, []);
  assert.ok(names(events).includes('onSessionCloseListener'));
});

test('a call given up while the browser still makes the offer: call() and stop() both resolve, nothing is sent', async () => {
  const { vc, sent, events, timers } = videoChatFor(1);
  const session = vc.createNewSession([2]);
  await session.getUserMedia({ audio: true, video: true });
  // A browser abandons the operations of a connection that closes: their promises never settle.
  const createOffer = FakePeerConnection.prototype.createOffer;
  FakePeerConnection.prototype.createOffer = () => new Promise(() => {});
  try {
    const calling = session.call({});
    await settle();
    await session.stop({});
    assert.equal(await Promise.race([calling.then(() => 'resolved'), settle().then(() => 'pending')]), 'resolved');
  } finally {
    FakePeerConnection.prototype.createOffer = createOffer;
  }
  await timers.advance(60_000);
  assert.deepEqual(sent, []);
  assert.equal(session.state, SessionState.CLOSED);
  assert.ok(!names(events).includes('onInvalidEventsListener'));
});
