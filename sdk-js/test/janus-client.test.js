// The SDK's Janus client on a fake WebSocket and fake timers: the session and its keepalives, requests matched to
// their answers by transaction (plugin messages to their event, not their ack), errors with their codes, timeouts,
// the bound on waiting requests, events dispatched to handles, and a closing socket or session timeout.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { JanusClient } from '../src/conference/JanusClient.js';
import { Logger } from '../src/log.js';
import { FakeSocket, installFakeJanus } from './fake-janus.js';
import { FakeTimers, settle } from './fake-timers.js';

let server;
let timers;
beforeEach(() => {
  server = installFakeJanus();
  timers = new FakeTimers();
});

function client(options = {}) {
  return new JanusClient({ url: 'ws://127.0.0.1:1/janus', token: 'tok', timers, log: new Logger(false), WebSocket: FakeSocket, ...options });
}

async function connected(options) {
  const janus = client(options);
  await janus.connect();
  return janus;
}

test('connect opens the janus-protocol WebSocket, creates a session and sends keepalives with the session and token', async () => {
  const janus = await connected({ keepAliveMs: 25_000 });
  assert.equal(FakeSocket.all[0].protocol, 'janus-protocol');
  assert.equal(janus.sessionId, 1000);
  const [create] = server.requests;
  assert.equal(create.janus, 'create');
  assert.equal(create.token, 'tok');
  assert.equal(create.session_id, undefined);
  assert.match(create.transaction, /^[0-9a-f]{24}$/);
  await timers.advance(50_000);
  const keepalives = server.requests.filter((r) => r.janus === 'keepalive');
  assert.equal(keepalives.length, 2);
  assert.ok(keepalives.every((k) => k.session_id === 1000 && k.token === 'tok'));
  assert.equal(new Set(server.requests.map((r) => r.transaction)).size, server.requests.length, 'a transaction per request');
});

test('a plugin message resolves with its event, not its ack, and a plugin error rejects with its code', async () => {
  server.plugin = (handle, body) => (body.request === 'join'
    ? { data: { videoroom: 'joined', id: 5, publishers: [] } }
    : { data: { videoroom: 'event', error_code: 426, error: 'No such room' } });
  const janus = await connected();
  const handle = await janus.attach('janus.plugin.videoroom');
  assert.equal(handle.id, 2000);
  const joined = await handle.message({ request: 'join', room: 'r' });
  assert.deepEqual(joined.data, { videoroom: 'joined', id: 5, publishers: [] });
  const request = server.requests.at(-1);
  assert.deepEqual([request.handle_id, request.session_id, request.body], [2000, 1000, { request: 'join', room: 'r' }]);
  await assert.rejects(handle.message({ request: 'configure' }), (e) => e.status === 426 && /No such room/.test(e.message));
});

test('a Janus error rejects with its code and reason', async () => {
  const janus = await connected();
  await assert.rejects(janus.request({ janus: 'claim' }), (e) => e.status === 453 && /Unknown request 'claim'/.test(e.message));
});

test('a request with no answer times out; one past the bound of waiting requests is refused', async () => {
  const janus = await connected({ requestTimeoutMs: 5000 });
  server.plugin = () => undefined;
  const handle = await janus.attach('janus.plugin.videoroom');
  const waiting = handle.message({ request: 'join' });
  await timers.advance(4999);
  let settled = false;
  waiting.catch(() => {}).finally(() => { settled = true; });
  await settle();
  assert.equal(settled, false, 'the ack alone does not settle a plugin message');
  await timers.advance(1);
  await assert.rejects(waiting, /join got no answer within 5000 ms/);
  assert.equal(janus.pending.size, 0);

  const many = Array.from({ length: 64 }, () => handle.message({ request: 'join' }).catch((e) => e));
  await assert.rejects(handle.message({ request: 'join' }), /too many Janus requests waiting/);
  await timers.advance(5000);
  assert.ok((await Promise.all(many)).every((e) => /no answer/.test(e.message)));
});

test('a request larger than the server takes is refused before it is sent', async () => {
  const janus = await connected();
  const before = server.requests.length;
  await assert.rejects(janus.request({ janus: 'message', body: { text: 'x'.repeat(70_000) } }), /too large/);
  assert.equal(server.requests.length, before);
});

test('events that answer no request go to their handle: plugin events with their jsep, core events', async () => {
  const janus = await connected();
  const handle = await janus.attach('janus.plugin.videoroom');
  const plugin = [];
  const core = [];
  handle.onEvent = (data, jsep) => plugin.push([data, jsep]);
  handle.onCoreEvent = (message) => core.push(message.janus);
  server.push(2000, { videoroom: 'updated' }, { type: 'offer', sdp: 'v=0' });
  server.push(9999, { videoroom: 'event' });
  server.socket.deliver({ janus: 'media', sender: 2000, type: 'audio', receiving: false });
  server.socket.deliver({ janus: 'webrtcup', sender: 2000 });
  server.socket.deliver('not json');
  server.socket.deliver('x'.repeat(2_000_000));
  assert.deepEqual(plugin, [[{ videoroom: 'updated' }, { type: 'offer', sdp: 'v=0' }]]);
  assert.deepEqual(core, ['media', 'webrtcup']);
});

test('a closing socket rejects every waiting request, stops the keepalives and tells onClosed why', async () => {
  const janus = await connected();
  server.silent.add('attach');
  const reasons = [];
  janus.onClosed = (reason) => reasons.push(reason);
  const waiting = janus.attach('janus.plugin.videoroom');
  FakeSocket.all[0].close();
  await assert.rejects(waiting, /the Janus connection closed \(code 1000\)/);
  assert.equal(reasons.length, 1);
  assert.match(reasons[0].message, /closed/);
  const sent = server.requests.length;
  await timers.advance(100_000);
  assert.equal(server.requests.length, sent, 'no keepalive after the close');
  await assert.rejects(janus.request({ janus: 'keepalive' }), /closed/);
});

test('the server timing the session out closes the client; destroy closes it quietly', async () => {
  const janus = await connected();
  const reasons = [];
  janus.onClosed = (reason) => reasons.push(reason?.message ?? null);
  server.socket.deliver({ janus: 'timeout', session_id: 1000 });
  assert.deepEqual(reasons, ['the Janus session timed out on the server']);
  assert.ok(FakeSocket.all[0].closed);

  const other = await connected();
  const quiet = [];
  other.onClosed = (reason) => quiet.push(reason);
  await other.destroy();
  assert.equal(server.requests.at(-1).janus, 'destroy');
  assert.deepEqual(quiet, [null]);
});

test('a server that never opens the socket fails connect after the request timeout', async () => {
  FakeSocket.server = null;
  const janus = client({ requestTimeoutMs: 3000 });
  const failed = assert.rejects(janus.connect(), /did not answer within 3000 ms/);
  await timers.advance(3000);
  await failed;
});

test('a refused create (a bad token) fails connect and closes the socket', async () => {
  server.receive = (request) => queueMicrotask(() => server.socket.deliver({ janus: 'error', transaction: request.transaction,
    error: { code: 403, reason: 'Unauthorized request (wrong or missing secret/token)' } }));
  await assert.rejects(client().connect(), (e) => e.status === 403 && /Unauthorized/.test(e.message));
  await settle();
  assert.ok(FakeSocket.all[0].closed);
});
