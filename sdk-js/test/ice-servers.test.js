// The STUN/TURN servers of calls and conferences (docs/sdk-js.md): the app's list or function, or the server's
// GET /ice_servers reused until 80 % of its ttl, refreshed in the background, and what a failed fetch leaves; then
// that every local description (offer, answer, ICE restart) is made with the servers current at that moment.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { ParleyClient } from '../src/index.js';
import { IceServers } from '../src/iceservers.js';
import { FakeTimers, settle } from './fake-timers.js';
import { installFakeWebRtc } from './fake-webrtc.js';
import { signal, videoChatFor } from './helpers.js';

const answer = (username, ttl) => ({
  ice_servers: [{ urls: ['stun:turn.example.com:3478'] },
    { urls: ['turn:turn.example.com:3478?transport=udp'], username, credential: 'c2VjcmV0' }],
  ttl,
});
const usernameOf = (servers) => servers[1].username;

/** A server whose answers the test lists; an Error in the list is thrown instead. */
function fakeServer(...answers) {
  const asked = [];
  const warnings = [];
  const timers = new FakeTimers();
  const rest = {
    async request(method, path) {
      asked.push([method, path, timers.now()]);
      const next = answers.shift();
      if (next instanceof Error) throw next;
      return next;
    },
  };
  const log = { warn: (...args) => warnings.push(args.join(' ')), debug() {} };
  const servers = new IceServers({ rest, timers: () => timers, log: () => log, setting: () => null });
  return { servers, asked, warnings, timers };
}

test('the first connection fetches GET /ice_servers and later ones reuse the list', async () => {
  const { servers, asked, timers } = fakeServer(answer('first', 1000));
  const first = await servers.get();
  await timers.advance(500_000);
  assert.deepEqual(await servers.get(), first);
  assert.deepEqual(asked, [['GET', '/ice_servers', 0]]);
  assert.equal(usernameOf(first), 'first');
});

test('at 80 % of the ttl the list is refetched in the background while the old one still serves', async () => {
  const { servers, asked, timers } = fakeServer(answer('first', 1000), answer('second', 1000));
  await servers.get();
  await timers.advance(799_000);
  assert.equal(usernameOf(await servers.get()), 'first');
  assert.equal(asked.length, 1, 'not due before 80 %');
  await timers.advance(1_000);
  const both = await Promise.all([servers.get(), servers.get()]);
  assert.deepEqual(both.map(usernameOf), ['first', 'first'], 'the current list serves while the new one comes');
  await settle();
  assert.equal(asked.length, 2, 'one refetch at a time');
  assert.equal(usernameOf(await servers.get()), 'second');
});

test('connections made at once share one fetch', async () => {
  const { servers, asked } = fakeServer(answer('first', 60));
  const [a, b] = await Promise.all([servers.get(), servers.get()]);
  assert.equal(asked.length, 1);
  assert.equal(a, b);
});

test('an expired list is fetched again before the connection is made', async () => {
  const { servers, asked, timers } = fakeServer(answer('first', 60), answer('second', 60));
  await servers.get();
  await timers.advance(60_000);
  assert.equal(usernameOf(await servers.get()), 'second');
  assert.equal(asked.length, 2);
});

test('a failed fetch gives the connection no servers with a warning, and the next one tries again', async () => {
  const { servers, warnings } = fakeServer(new Error('GET /ice_servers: the server could not be reached'), answer('first', 60));
  assert.deepEqual(await servers.get(), []);
  assert.match(warnings[0], /GET \/ice_servers failed; this connection gets no STUN\/TURN servers: GET \/ice_servers: the server could not be reached/);
  assert.equal(usernameOf(await servers.get()), 'first');
});

test('a failed background refetch keeps the list until it expires', async () => {
  const { servers, warnings, timers } = fakeServer(answer('first', 100), new Error('HTTP 503'), answer('third', 100));
  await servers.get();
  await timers.advance(90_000);
  await servers.get();
  await settle();
  assert.match(warnings[0], /refreshing the STUN\/TURN servers failed; the current ones serve until they expire: HTTP 503/);
  await timers.advance(9_000);
  assert.equal(usernameOf(await servers.get()), 'first');
  await settle();
  await timers.advance(1_000);
  assert.equal(usernameOf(await servers.get()), 'third');
});

test('an answer that is no server list is a clear error from refresh', async () => {
  const { servers } = fakeServer({ ice_servers: [] }, { ice_servers: [{ username: 'u' }], ttl: 60 }, { ice_servers: {}, ttl: 60 });
  await assert.rejects(servers.refresh(), /GET \/ice_servers: the answer has no positive ttl/);
  await assert.rejects(servers.refresh(), /GET \/ice_servers: ice_servers: a server has no urls/);
  await assert.rejects(servers.refresh(), /ice_servers is not a list/);
});

test('reset forgets the list of the former session, even one still being fetched', async () => {
  const { servers, asked } = fakeServer(answer('alice', 60), answer('bob', 60));
  const alices = servers.get();
  servers.reset();
  assert.equal(usernameOf(await servers.get()), 'bob');
  assert.equal(usernameOf(await alices), 'alice');
  assert.equal(usernameOf(await servers.get()), 'bob');
  assert.equal(asked.length, 2);
});

test('the app\'s list or function replaces the server\'s', async () => {
  const fixed = [{ urls: 'stun:stun.example.com' }];
  let calls = 0;
  const supplier = async () => { calls += 1; return [{ urls: ['turn:mine.example.com'], username: 'u', credential: 'p' }]; };
  const timers = new FakeTimers();
  const rest = { request: async () => assert.fail('no fetch when the app gives the servers') };
  const log = { warn() {}, debug() {} };
  assert.deepEqual(await new IceServers({ rest, timers: () => timers, log: () => log, setting: () => fixed }).get(), fixed);
  const fromFunction = new IceServers({ rest, timers: () => timers, log: () => log, setting: () => supplier });
  await fromFunction.get();
  assert.equal((await fromFunction.get())[0].urls[0], 'turn:mine.example.com');
  assert.equal(calls, 2, 'the function is asked for each connection');
  const broken = new IceServers({ rest, timers: () => timers, log: () => log, setting: () => () => ({ urls: 'x' }) });
  await assert.rejects(broken.get(), /videochat.iceServers\(\) is not a list/);
});

test('Parley.videochat.iceServers is checked by init', () => {
  const client = new ParleyClient();
  assert.throws(() => client.init({ appId: 1, authKey: 'k' }, { endpoints: { api: 'http://127.0.0.1:1' }, videochat: { iceServers: 'stun:x' } }),
    /config.videochat.iceServers must be a list of RTCIceServer or a function returning one/);
});

test('the client fetches with its session token, and a new login starts afresh', async () => {
  const requests = [];
  const realFetch = globalThis.fetch;
  globalThis.fetch = async (url, init) => {
    requests.push([String(url), init.headers['CB-Token']]);
    return new Response(JSON.stringify(answer(`for-${init.headers['CB-Token']}`, 600)), { status: 200 });
  };
  try {
    const client = new ParleyClient();
    client.init({ appId: 1, authKey: 'k' }, { endpoints: { api: 'http://127.0.0.1:1' }, timers: new FakeTimers() });
    client.setSessionToken('alice-token');
    assert.equal(usernameOf(await client.iceServers.get()), 'for-alice-token');
    client.setSessionToken('bob-token');
    assert.equal(usernameOf(await client.iceServers.get()), 'for-bob-token');
    assert.deepEqual(requests, [['http://127.0.0.1:1/ice_servers', 'alice-token'], ['http://127.0.0.1:1/ice_servers', 'bob-token']]);
  } finally {
    globalThis.fetch = realFetch;
  }
});

let pcs;
beforeEach(() => { pcs = installFakeWebRtc(); });

test('a call\'s offer, answer and ICE restarts are made with the servers current at that moment', async () => {
  let version = 0;
  const iceServers = async () => [{ urls: ['turn:turn.example.com'], username: `v${++version}`, credential: 'p' }];
  const caller = videoChatFor(1, { disconnectTimeInterval: 10 }, { iceServers });
  const session = caller.vc.createNewSession([2]);
  await session.getUserMedia({ audio: true, video: true });
  await session.call({});
  assert.equal(pcs[0].config.iceServers[0].username, 'v1', 'the offer');
  caller.receive(2, signal('accept', session.ID, { sdp: 'v=0\r\n' }));
  await settle();
  pcs[0].setIceState('connected');
  pcs[0].setIceState('failed');
  await caller.timers.advance(0);
  await settle();
  assert.ok(caller.sent.some((s) => s.signalType === 'iceRestart'));
  assert.equal(pcs[0].config.iceServers[0].username, 'v2', 'the ICE restart takes fresh credentials');

  const callee = videoChatFor(2, {}, { iceServers: async () => [{ urls: 'stun:callee.example.com' }] });
  callee.receive(1, signal('call', 'sid-y', { sdp: 'v=0\r\n' }));
  await settle();
  const incoming = callee.events.find(([n]) => n === 'onCallListener')[1];
  await incoming.getUserMedia({ audio: true, video: false });
  await incoming.accept({});
  assert.deepEqual(pcs[1].config.iceServers, [{ urls: 'stun:callee.example.com' }], 'the answer');
});
