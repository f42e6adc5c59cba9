// The conference session on a fake Janus server (a small video room), fake WebRTC and fake timers: joining and
// publishing, the one multistream subscription that follows subscribe/unsubscribe and publishers leaving, per-user
// streams and connection states, mute/bitrate as video room configure requests, statistics, leaving, and failures.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ConferenceClient } from '../src/conference/ConferenceClient.js';
import { MAX_RESTARTS, RESTART_DELAY_MS } from '../src/conference/Subscription.js';
import { resolveConfig } from '../src/config.js';
import { Logger } from '../src/log.js';
import { StatsReportsManager } from '../src/videochat/stats.js';
import { FakeSocket, installFakeJanus, subscriberOffer } from './fake-janus.js';
import { FakeTimers, settle } from './fake-timers.js';
import { installFakeWebRtc } from './fake-webrtc.js';

const ME = 5;
const PUBLISHER = 2000;
const SUBSCRIBER = 2001;
const ICE_SERVERS = [{ urls: ['turn:turn.example.com:3478?transport=udp'], username: '1767225600:5', credential: 'c2VjcmV0' }];
let pcs;
let server;
let room;

/**
 * A video room of publishers 7 and 8 (audio and video) and 9 (a data channel alone). Each subscriber stream takes
 * two mids (audio, video) per feed, numbered in the order they were added; `room.feeds` is what the subscription holds.
 */
function fakeRoom() {
  const state = { feeds: [], mids: new Map(), nextMid: 0, joinError: null };
  const streams = () => [...state.mids].map(([mid, { feed, kind }]) => ({ type: kind, mid, feed_id: feed, active: state.feeds.includes(feed) }));
  const offer = () => subscriberOffer([...state.mids].map(([mid, { kind }]) => ({ mid, kind })));
  const add = (feed) => {
    state.feeds.push(feed);
    for (const kind of ['audio', 'video']) state.mids.set(String(state.nextMid++), { feed, kind });
  };
  state.offerWithout = (feed) => {
    state.feeds = state.feeds.filter((f) => f !== feed);
    return { data: { videoroom: 'updated', streams: streams() }, jsep: offer() };
  };
  state.plugin = (handle, body, jsep) => {
    switch (body.request) {
      case 'join':
        if (body.ptype === 'publisher') {
          if (state.joinError) return { data: { videoroom: 'event', error_code: state.joinError, error: 'Unauthorized' } };
          return { data: { videoroom: 'joined', room: body.room, id: body.id, publishers: [
            { id: 7, display: 'seven', streams: [{ type: 'audio', mid: '0' }, { type: 'video', mid: '1' }] },
            { id: 8, display: 'eight', streams: [{ type: 'audio', mid: '0' }, { type: 'video', mid: '1' }] },
            { id: 9, display: 'nine', streams: [] },
          ] } };
        }
        // a new subscriber handle: its mids start again
        state.feeds = [];
        state.mids = new Map();
        state.nextMid = 0;
        for (const { feed } of body.streams) add(feed);
        return { data: { videoroom: 'attached', streams: streams() }, jsep: offer() };
      case 'subscribe':
        add(body.streams[0].feed);
        return { data: { videoroom: 'updated', streams: streams() }, jsep: offer() };
      case 'unsubscribe':
        return state.offerWithout(body.streams[0].feed);
      case 'configure':
        return { data: { videoroom: 'event', configured: 'ok' }, ...(jsep ? { jsep: { type: 'answer', sdp: 'v=0\r\no=parley\r\n' } } : {}) };
      case 'start': return { data: { videoroom: 'event', started: 'ok' } };
      case 'leave': return { data: { videoroom: 'event', left: 'ok' } };
      default: return { data: { videoroom: 'event', error_code: 423, error: 'Unknown request' } };
    }
  };
  return state;
}

beforeEach(() => {
  pcs = installFakeWebRtc();
  room = fakeRoom();
  server = installFakeJanus((...args) => room.plugin(...args));
});

async function newSession(videochat = {}, options = {}) {
  const timers = new FakeTimers();
  const config = resolveConfig({ endpoints: { api: 'http://127.0.0.1:1' }, videochat });
  const client = new ConferenceClient({ config: () => config, rest: { token: 'user-token' }, chat: {}, timers: () => timers,
    log: () => new Logger(false), WebSocket: FakeSocket, iceServers: async () => ICE_SERVERS });
  const session = await client.createCallSession(ME, client.CallType.VIDEO, { display: 'me', ...options });
  const events = [];
  for (const name of Object.keys(session).filter((k) => k.startsWith('on'))) {
    session[name] = (...args) => events.push([name, ...args.filter((a) => a !== session)]);
  }
  return { session, events, timers };
}

async function joined(videochat) {
  const made = await newSession(videochat);
  made.publishers = await made.session.joinDialog('room-1');
  return made;
}

const names = (events) => events.map(([name]) => name);
const bodies = (handle) => server.messages().filter(([h]) => h === handle).map(([, body]) => body);

test('joinDialog opens the camera and microphone, joins as a publisher with the user id, publishes, and lists the publishers', async () => {
  const { session, events, publishers } = await joined();
  assert.equal(FakeSocket.all[0].url, 'ws://127.0.0.1:1/janus');
  assert.deepEqual(publishers, [7, 8], 'the data-channel-only participant has nothing to receive');
  const [join, configure] = bodies(PUBLISHER);
  assert.deepEqual(join, { request: 'join', ptype: 'publisher', room: 'room-1', id: ME, display: 'me' });
  assert.deepEqual(configure, { request: 'configure', audio: true, video: true });
  const publish = server.requests.find((r) => r.body?.request === 'configure');
  assert.equal(publish.jsep.type, 'offer');
  assert.ok(server.requests.every((r) => r.token === 'user-token'));
  const pc = pcs[0];
  assert.deepEqual(pc.transceivers.map((t) => [t.direction, t.sender.track.kind]), [['sendonly', 'audio'], ['sendonly', 'video']]);
  assert.equal(pc.transceivers[0].sendEncodings, undefined, 'audio in one encoding');
  assert.deepEqual(pc.transceivers[1].sendEncodings.map((e) => [e.rid, e.scaleResolutionDownBy ?? 1]),
    [['h', 1], ['m', 2], ['l', 4]], 'video in three simulcast layers by default, full size first');
  assert.equal(pc.remoteDescription.type, 'answer');
  assert.deepEqual(names(events), ['onLocalStreamReceived', 'onPublishersReceived']);
  assert.deepEqual(events[1][1], [7, 8]);
  assert.equal(session.state, 'joined');
});

test('the publishing and the subscribing connections are made with the STUN/TURN servers of the moment', async () => {
  const { session } = await joined();
  await session.subscribeToPublisher(7);
  assert.equal(pcs.length, 2);
  assert.deepEqual(pcs.map((pc) => pc.config.iceServers), [ICE_SERVERS, ICE_SERVERS]);
});

test('a publisher who arrives while this user is still publishing is announced with those already there', async () => {
  const { session, events } = await newSession();
  const answer = room.plugin;
  room.plugin = (handle, body, jsep) => {
    if (body.request === 'configure' && jsep) {
      server.push(PUBLISHER, { videoroom: 'event', publishers: [{ id: 10, display: 'ten', streams: [{ type: 'audio', mid: '0' }] }] });
    }
    return answer(handle, body, jsep);
  };
  const publishers = await session.joinDialog('room-1');
  assert.deepEqual(publishers, [7, 8, 10]);
  assert.deepEqual(events.filter(([name]) => name === 'onPublishersReceived'), [['onPublishersReceived', [7, 8, 10]]]);
  await session.subscribeToPublisher(10);
});

test('subscribing to two publishers uses one subscriber handle and one connection; each user gets a stream of its tracks', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  await Promise.all([session.subscribeToPublisher(8), session.subscribeToPublisher(7)]);
  assert.deepEqual(bodies(SUBSCRIBER).map((b) => b.request), ['join', 'start', 'subscribe', 'start']);
  assert.deepEqual(bodies(SUBSCRIBER)[0], { request: 'join', ptype: 'subscriber', room: 'room-1', streams: [{ feed: 7 }],
    offer_data: true });
  assert.deepEqual(bodies(SUBSCRIBER)[2], { request: 'subscribe', streams: [{ feed: 8 }] });
  assert.equal(pcs.length, 2, 'one publisher and one subscriber connection');
  const answers = server.requests.filter((r) => r.body?.request === 'start');
  assert.ok(answers.every((r) => r.jsep.type === 'answer'));
  const streams = events.filter(([n]) => n === 'onRemoteStreamReceived');
  assert.deepEqual(streams.map(([, userId, stream]) => [userId, stream.getTracks().map((t) => t.label)]),
    [[7, ['audio-0', 'video-1']], [8, ['audio-2', 'video-3']]]);
  assert.deepEqual([...session.remoteStreams.keys()], [7, 8]);

  pcs[1].setIceState('connected');
  pcs[1].setIceState('disconnected');
  const states = events.filter(([n]) => n.includes('User')).map(([n, u]) => `${n}:${u}`);
  assert.deepEqual(states, ['onConnectedToUser:7', 'onConnectedToUser:8', 'onDisconnectedFromUser:7', 'onDisconnectedFromUser:8']);
  await assert.rejects(session.subscribeToPublisher(42), /user 42 does not publish in room room-1/);
});

test('sendData goes on the publisher connection\'s data channel, waiting for it to open; messages arrive with their sender\'s id', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  const [channel] = pcs[0].dataChannels;
  assert.equal(channel.label, 'parley', 'the publisher connection offers a data channel');

  session.sendData('early');
  assert.deepEqual(channel.sent, [], 'held until the channel opens');
  channel.open();
  session.sendData(new Uint8Array([1, 2]));
  assert.deepEqual(channel.sent, ['early', new Uint8Array([1, 2])]);

  const fromSeven = pcs[1].remoteDataChannel('JanusDataChannel', '7');
  assert.equal(fromSeven.binaryType, 'arraybuffer');
  fromSeven.onmessage({ data: 'hi from 7' });
  pcs[1].remoteDataChannel('x', 'not-a-feed').onmessage({ data: 'dropped' });
  assert.deepEqual(events.filter(([n]) => n === 'onDataReceived').map(([, userId, data]) => [userId, data]), [[7, 'hi from 7']]);

  channel.readyState = 'closed';
  assert.throws(() => session.sendData('late'), /data channel/);
});

test('a publisher who leaves is reported; Parley\'s updated offer is answered and the user\'s stream goes', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  await session.subscribeToPublisher(8);
  server.push(PUBLISHER, { videoroom: 'event', room: 'room-1', unpublished: 7 });
  const update = room.offerWithout(7);
  server.push(SUBSCRIBER, update.data, update.jsep);
  await settle();
  assert.deepEqual(events.filter(([n]) => n === 'onPublisherLeft'), [['onPublisherLeft', 7]]);
  assert.ok(events.some(([n, u]) => n === 'onConnectionClosedForUser' && u === 7));
  assert.deepEqual([...session.remoteStreams.keys()], [8]);
  assert.deepEqual(bodies(SUBSCRIBER).map((b) => b.request).slice(-1), ['start'], 'the new offer answered');
  assert.equal(pcs[1].remoteDescription.sdp, update.jsep.sdp);

  server.push(PUBLISHER, { videoroom: 'event', publishers: [{ id: 7, streams: [{ type: 'audio', mid: '0' }] }] });
  assert.deepEqual(events.at(-1), ['onPublishersReceived', [7]], 'publishing again is announced again');
  await session.subscribeToPublisher(7);
  assert.deepEqual(bodies(SUBSCRIBER).at(-2), { request: 'subscribe', streams: [{ feed: 7 }] }, 'subscribed to again');
  assert.deepEqual([...session.remoteStreams.keys()], [8, 7]);
});

test('talking per user and the dominant speaker reach the app from the room\'s events', async () => {
  const { session, events } = await newSession();
  const answer = room.plugin;
  room.plugin = (handle, body, jsep) => {
    const reply = answer(handle, body, jsep);
    // 8 was talking when this user joined.
    if (body.request === 'join' && body.ptype === 'publisher') reply.data.publishers[1].talking = true;
    return reply;
  };
  await session.joinDialog('room-1');
  const heard = () => events.filter(([n]) => n === 'onTalkingChanged' || n === 'onDominantSpeakerChanged');
  assert.deepEqual(heard(), [['onTalkingChanged', 8, true]]);
  events.length = 0;

  const talk = (videoroom, id, mid = '0') => server.push(PUBLISHER, { videoroom, room: 'room-1', id, mid, 'audio-level-dBov-avg': 20 });
  talk('talking', 7);
  talk('talking', 7, '2'); // a second audio stream of 7: still one change
  talk('stopped-talking', 7);
  talk('talking', ME);
  server.push(PUBLISHER, { videoroom: 'dominant-speaker', room: 'room-1', id: 7 });
  server.push(PUBLISHER, { videoroom: 'dominant-speaker', room: 'room-1', id: 7 });
  talk('stopped-talking', 7, '2');
  assert.deepEqual(heard(), [['onTalkingChanged', 7, true], ['onTalkingChanged', ME, true],
    ['onDominantSpeakerChanged', 7], ['onTalkingChanged', 7, false]]);
  assert.deepEqual([...session.talking].sort(), [ME, 8].sort());
  assert.equal(session.dominantSpeaker, 7);

  // 8 leaves while talking: it stops; 7, the speaker, leaves: nobody holds the floor, with no event of its own.
  events.length = 0;
  server.push(PUBLISHER, { videoroom: 'event', room: 'room-1', unpublished: 8 });
  server.push(PUBLISHER, { videoroom: 'event', room: 'room-1', leaving: 7 });
  assert.deepEqual(heard(), [['onTalkingChanged', 8, false]]);
  assert.equal(session.dominantSpeaker, null);
  assert.deepEqual([...session.talking], [ME]);
});

test('unsubscribeFromPublisher drops the feed from the subscription and its stream', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  await session.subscribeToPublisher(8);
  await session.unsubscribeFromPublisher(8);
  assert.deepEqual(bodies(SUBSCRIBER).slice(-2), [{ request: 'unsubscribe', streams: [{ feed: 8 }] }, { request: 'start' }]);
  assert.deepEqual([...session.remoteStreams.keys()], [7]);
  assert.ok(events.some(([n, u]) => n === 'onRemoteStreamRemoved' && u === 8));
});

test('setPreferredLayers asks for simulcast layers of a feed\'s video; simulcast: false publishes one encoding', async () => {
  const { session } = await joined();
  await session.subscribeToPublisher(7);
  await session.subscribeToPublisher(8);
  await session.setPreferredLayers(8, 0);
  await session.setPreferredLayers(7, 2, 1);
  assert.deepEqual(bodies(SUBSCRIBER).slice(-2), [
    { request: 'configure', streams: [{ mid: '3', substream: 0, temporal: 2 }] },
    { request: 'configure', streams: [{ mid: '1', substream: 2, temporal: 1 }] },
  ]);
  await assert.rejects(session.setPreferredLayers(8, 3), /layers are 0, 1 or 2/);
  await assert.rejects(session.setPreferredLayers(9, 0), /no video from user 9/);

  const single = await newSession({}, { simulcast: false });
  await single.session.joinDialog('room-1');
  assert.equal(pcs.at(-1).transceivers[1].sendEncodings, undefined);
});

test('mute, camera off and the bandwidth cap are video room configure requests; media events reach the app per user', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  await session.setMicrophoneMute(true);
  assert.equal(session.isMicrophoneMuted, true);
  assert.equal(session.localStream.getAudioTracks()[0].enabled, false);
  await session.setVideoEnabled(false);
  await session.setMaxBandwidth(256);
  await session.setMicrophoneMute(false);
  assert.deepEqual(bodies(PUBLISHER).slice(-4), [
    { request: 'configure', audio: false }, { request: 'configure', video: false },
    { request: 'configure', bitrate: 256_000 }, { request: 'configure', audio: true }]);
  assert.throws(() => session.setMaxBandwidth(-1), /kbit\/s/);

  server.socket.deliver({ janus: 'media', sender: SUBSCRIBER, mid: '1', type: 'video', receiving: false });
  assert.deepEqual(events.at(-1), ['onRemoteMediaState', 7, { kind: 'video', receiving: false }]);
});

test('StatsReportsManager reads each received user\'s mic level and video bitrate every second', async () => {
  const { session, timers } = await joined();
  await session.subscribeToPublisher(7);
  let bytes = 0;
  for (const t of pcs[1].transceivers) {
    t.receiver.getStats = async () => {
      bytes += 12_500;
      return new Map(t.receiver.track.kind === 'audio'
        ? [['a', { id: 'a', type: 'inbound-rtp', kind: 'audio', audioLevel: 0.25 }]]
        : [['v', { id: 'v', type: 'inbound-rtp', kind: 'video', bytesReceived: bytes }]]);
    };
  }
  const manager = new StatsReportsManager();
  const heard = [];
  manager.onMicLevel = ({ userId, micLevel }) => heard.push(['mic', userId, micLevel]);
  manager.init(session);
  await timers.advance(1000);
  assert.deepEqual(heard, [['mic', 7, 0.25]]);
  assert.equal(manager.micLevel(7), 0.25);
  manager.dispose();
  await timers.advance(5000);
  assert.equal(heard.length, 1, 'no reports after dispose');
});

test('leave sends leave, destroys the Janus session, releases the devices and closes the connections', async () => {
  const { session, events } = await joined();
  await session.subscribeToPublisher(7);
  const tracks = session.localStream.getTracks();
  server.plugin = (handle, body) => {
    if (body.request !== 'leave') return room.plugin(handle, body);
    // Parley hangs the leaving user's connection up right after its answer.
    queueMicrotask(() => server.socket.deliver({ janus: 'hangup', sender: PUBLISHER, reason: 'Close PC' }));
    return { data: { videoroom: 'event', leaving: 'ok' } };
  };
  await session.leave();
  assert.ok(!names(events).includes('onError'), 'leaving is no error');
  assert.equal(bodies(PUBLISHER).at(-1).request, 'leave');
  assert.equal(server.requests.at(-1).janus, 'destroy');
  assert.ok(FakeSocket.all[0].closed);
  assert.ok(tracks.every((t) => t.stopped));
  assert.ok(pcs.every((pc) => pc.closed));
  assert.equal(names(events).at(-1), 'onSessionClosed');
  await assert.rejects(session.subscribeToPublisher(8), /join a room first \(the session is closed\)/);
  await assert.rejects(session.joinDialog('room-1'), /create a new one to join again/);
  await session.leave();
  assert.equal(names(events).filter((n) => n === 'onSessionClosed').length, 1);
});

/** Joined, subscribed to 7 and 8 and connected; returns what newSession does. */
async function subscribedToBoth() {
  const made = await joined();
  await Promise.all([made.session.subscribeToPublisher(7), made.session.subscribeToPublisher(8)]);
  pcs[1].setIceState('connected');
  await settle();
  made.events.length = 0;
  return made;
}

const userEvents = (events) => events.filter(([n]) => n.includes('User') || n === 'onRemoteStreamReceived').map(([n, u]) => `${n}:${u}`);

test('a subscription Parley hangs up is set up again, one join asking for every feed; the old handle is not heard', async () => {
  const { session, events, timers } = await subscribedToBoth();
  server.socket.deliver({ janus: 'hangup', sender: SUBSCRIBER, reason: 'DTLS error' });
  await settle();
  assert.deepEqual(userEvents(events), ['onDisconnectedFromUser:7', 'onDisconnectedFromUser:8']);
  assert.ok(!names(events).includes('onError'), 'no error: the feeds wait');
  assert.ok(pcs[1].closed);
  assert.ok(server.requests.some((r) => r.janus === 'detach' && r.handle_id === SUBSCRIBER));
  await timers.advance(RESTART_DELAY_MS - 1);
  assert.equal(bodies(SUBSCRIBER + 1).length, 0, 'the restart waits its delay');
  await timers.advance(1);
  assert.deepEqual(bodies(SUBSCRIBER + 1)[0], { request: 'join', ptype: 'subscriber', room: 'room-1', streams: [{ feed: 7 }, { feed: 8 }],
    offer_data: true });
  assert.equal(pcs.length, 3, 'a new subscriber connection');
  pcs[2].setIceState('connected');
  assert.deepEqual(userEvents(events).slice(2), ['onRemoteStreamReceived:7', 'onRemoteStreamReceived:8',
    'onConnectedToUser:7', 'onConnectedToUser:8']);
  assert.equal(session.state, 'joined');

  events.length = 0;
  server.socket.deliver({ janus: 'hangup', sender: SUBSCRIBER, reason: 'late' });
  pcs[1].setIceState('failed');
  await timers.advance(10_000);
  assert.deepEqual(events, [], 'the old handle and connection are not heard any more');
});

test('a subscriber connection whose ICE fails is set up again', async () => {
  const { events, timers } = await subscribedToBoth();
  pcs[1].setIceState('failed');
  await timers.advance(RESTART_DELAY_MS);
  pcs[2].setIceState('connected');
  assert.deepEqual(userEvents(events), ['onDisconnectedFromUser:7', 'onDisconnectedFromUser:8', 'onRemoteStreamReceived:7',
    'onRemoteStreamReceived:8', 'onConnectedToUser:7', 'onConnectedToUser:8']);
});

test('a subscription that never connects again fails the session after its restarts, each waiting twice as long', async () => {
  const { session, events, timers } = await subscribedToBoth();
  let handle = SUBSCRIBER;
  let delay = RESTART_DELAY_MS;
  for (let restart = 0; restart < MAX_RESTARTS; restart++) {
    server.socket.deliver({ janus: 'hangup', sender: handle, reason: 'DTLS error' });
    await timers.advance(delay - 1);
    assert.equal(bodies(handle + 1).length, 0, `restart ${restart + 1} waits ${delay} ms`);
    await timers.advance(1);
    handle += 1;
    assert.equal(bodies(handle)[0].request, 'join');
    delay *= 2;
  }
  assert.equal(session.state, 'joined');
  server.socket.deliver({ janus: 'hangup', sender: handle, reason: 'DTLS error' });
  await settle();
  assert.equal(session.state, 'closed');
  const error = events.find(([n]) => n === 'onError');
  assert.match(error[1].message, /the server closed the subscription's connection \(DTLS error\), 3 restarts did not bring it back/);
});

test('a subscription hung up while leaving is not set up again', async () => {
  const { session, events, timers } = await subscribedToBoth();
  server.plugin = (handle, body) => {
    if (body.request !== 'leave') return room.plugin(handle, body);
    queueMicrotask(() => server.socket.deliver({ janus: 'hangup', sender: SUBSCRIBER, reason: 'Close PC' }));
    return { data: { videoroom: 'event', leaving: 'ok' } };
  };
  await session.leave();
  await timers.advance(10_000);
  assert.ok(!names(events).includes('onError'), 'leaving is no error');
  assert.equal(bodies(SUBSCRIBER + 1).length, 0, 'nothing sent on a new handle');
});

test('a refused join rejects with the video room\'s code and closes the session', async () => {
  room.joinError = 433;
  const { session, events } = await newSession();
  await assert.rejects(session.joinDialog('meeting'), (e) => e.status === 433 && /Unauthorized/.test(e.message));
  assert.equal(session.state, 'closed');
  assert.ok(session.localStream === null, 'the camera and microphone are released');
  assert.ok(names(events).includes('onSessionClosed'));
});

test('a connection that drops mid-call reports the error and closes the session', async () => {
  const { session, events } = await joined();
  FakeSocket.all[0].close();
  await settle();
  assert.deepEqual(names(events).slice(-2), ['onError', 'onSessionClosed']);
  assert.match(events.at(-2)[1].message, /the Janus connection closed/);
  assert.equal(session.state, 'closed');
});

test('createCallSession needs a user session and a valid call type', async () => {
  const config = resolveConfig({ endpoints: { api: 'http://127.0.0.1:1' } });
  const deps = { config: () => config, chat: {}, timers: () => new FakeTimers(), log: () => new Logger(false), WebSocket: FakeSocket,
    iceServers: async () => [] };
  await assert.rejects(new ConferenceClient({ ...deps, rest: { token: null } }).createCallSession(ME), /need a user session/);
  await assert.rejects(new ConferenceClient({ ...deps, rest: { token: 't' } }).createCallSession(ME, 3), /callType/);
  await assert.rejects(new ConferenceClient({ ...deps, rest: { token: 't' } }).createCallSession('5'), /user id/);
});
