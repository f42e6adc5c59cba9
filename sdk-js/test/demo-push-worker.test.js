// The demo's service worker (demo/push-worker.js) run in a VM context with a fake worker scope: the server's call
// push (docs/push.md) becomes an incoming-call notification named after the caller, the "end call" push a missed
// call in its place; other pushes show their text; Answer opens or focuses the demo naming the call, Decline
// rejects over HTTP (PROTOCOL §2.3) with the kept account's token, and falls back to opening the demo.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import vm from 'node:vm';

const SOURCE = readFileSync(new URL('../demo/push-worker.js', import.meta.url), 'utf8');
const SCOPE = 'https://parley.example/';

/** The server's start push for a video call from user 1 to user 2 (CallPushes.startCall). */
const START = {
  session_id: 'f4b0c2de-1111-4aaa-8bbb-123456789abc', uuid: 'f4b0c2de-1111-4aaa-8bbb-123456789abc', caller_id: 1, initiatorId: 1,
  call_opponents: '2', opponentsIds: '2', call_type: 1, message: 'Incoming Video call', signal_type: 'startCall', ios_voip: 1,
};

/**
 * Loads the worker into a fresh scope. `state` is what the page left in Cache Storage; `respond(url, init)` answers
 * the worker's fetches; `windows` are the open window clients.
 */
function loadWorker({ state = null, respond = () => { throw new Error('offline'); }, windows = [] } = {}) {
  const listeners = new Map();
  const shown = [];
  const fetches = [];
  const opened = [];
  const scope = {
    URL, JSON, AbortSignal, Response, encodeURIComponent,
    addEventListener: (type, listener) => listeners.set(type, listener),
    skipWaiting: () => Promise.resolve(),
    registration: {
      scope: SCOPE,
      async showNotification(title, options) {
        const notification = { title, ...options, closed: false, close() { this.closed = true; } };
        for (const same of shown) if (same.tag === options.tag) same.closed = true;
        shown.push(notification);
      },
      async getNotifications({ tag } = {}) {
        return shown.filter((n) => !n.closed && (tag === undefined || n.tag === tag));
      },
    },
    clients: {
      async matchAll() { return windows; },
      async openWindow(url) { opened.push(url); return null; },
    },
    caches: {
      async open() {
        return { async match() { return state ? new Response(JSON.stringify(state)) : undefined; } };
      },
    },
    async fetch(url, init = {}) {
      fetches.push({ url, init });
      return respond(url, init);
    },
  };
  scope.self = scope;
  vm.runInNewContext(SOURCE, scope);
  /** Dispatches an extendable event to the worker's listener; resolves once its waitUntil promise settles. */
  const dispatch = async (type, fields) => {
    let pending = Promise.resolve();
    listeners.get(type)({ ...fields, waitUntil: (promise) => { pending = promise; } });
    await pending;
  };
  return {
    shown, fetches, opened,
    visible: () => shown.filter((n) => !n.closed),
    push: (payload) => dispatch('push', { data: payloadData(payload) }),
    click: (notification, action = '') => dispatch('notificationclick', { notification, action }),
  };
}

/** A PushMessageData of a JSON object or a text. */
function payloadData(payload) {
  const text = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { text: () => text, json: () => JSON.parse(text) };
}

/** A value made in the worker's realm, as a plain value of this one (deepEqual compares prototypes). */
const plain = (value) => JSON.parse(JSON.stringify(value));
const json = (body, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });

test('a pushed call shows who calls, looked up with the kept account\'s token, with Answer and Decline', async () => {
  const worker = loadWorker({
    state: { token: 'tok', userId: 2 },
    respond: (url) => (url === '/users/1' ? json({ user: { id: 1, login: 'alice', full_name: 'Alice Liddell' } }) : json({}, 404)),
  });
  await worker.push({ data: START });
  const [notification] = worker.visible();
  assert.equal(notification.title, 'Alice Liddell');
  assert.equal(notification.body, 'Incoming video call');
  assert.equal(notification.tag, `call-${START.session_id}`);
  assert.equal(notification.requireInteraction, true);
  assert.deepEqual(plain(notification.actions.map((a) => a.action)), ['answer', 'decline']);
  assert.deepEqual(plain(notification.data), { kind: 'incoming', sessionId: START.session_id, callerId: 1, callType: 1 });
  assert.equal(worker.fetches[0].init.headers['CB-Token'], 'tok');
});

test('without a kept account the call shows the caller\'s id and only Answer; an audio group call says so', async () => {
  const worker = loadWorker();
  await worker.push({ data: { ...START, call_type: 2, call_opponents: '2,3,4', opponentsIds: '2,3,4' } });
  const [notification] = worker.visible();
  assert.equal(notification.title, 'User 1');
  assert.equal(notification.body, 'Incoming audio call · with 2 others');
  assert.deepEqual(plain(notification.actions.map((a) => a.action)), ['answer']);
  assert.equal(worker.fetches.length, 0, 'no look-up without a token');
});

test('a caller_name in the push (an app\'s own CallKit push) and the other SDK\'s key spellings are taken as they are', async () => {
  const worker = loadWorker({ state: { token: 'tok', userId: 2 } });
  await worker.push({ data: { uuid: 'abc-1', initiatorId: 7, opponentsIds: '2', call_type: 1, signal_type: 'startCall', caller_name: ' Bob ' } });
  const [notification] = worker.visible();
  assert.equal(notification.title, 'Bob');
  assert.equal(notification.data.sessionId, 'abc-1');
  assert.equal(notification.data.callerId, 7);
  assert.equal(worker.fetches.length, 0);
});

test('a failed look-up falls back to the caller\'s id', async () => {
  const worker = loadWorker({ state: { token: 'tok', userId: 2 }, respond: () => json({ errors: ['Not found'] }, 404) });
  await worker.push({ data: START });
  assert.equal(worker.visible()[0].title, 'User 1');
});

test('the end-call push replaces the incoming call with a missed call', async () => {
  const worker = loadWorker();
  await worker.push({ data: START });
  await worker.push({ data: { ...START, signal_type: 'endCall', message: 'Missed call' } });
  const visible = worker.visible();
  assert.equal(visible.length, 1);
  assert.equal(visible[0].title, 'Missed call');
  assert.equal(visible[0].body, 'User 1 called you.');
  assert.equal(visible[0].tag, `call-${START.session_id}`);
  assert.equal(visible[0].data.kind, 'missed');
});

test('other pushes show their message text; a push that is no JSON shows as text; a call with a bad session id is no call', async () => {
  const worker = loadWorker();
  await worker.push({ data: { message: 'Your meeting starts in 5 minutes' } });
  await worker.push('plain words');
  await worker.push({ data: { ...START, session_id: 'bad id with spaces', uuid: undefined, message: 'Incoming Video call' } });
  assert.deepEqual(worker.shown.map((n) => [n.title, n.body, n.data.kind]), [
    ['Parley', 'Your meeting starts in 5 minutes', 'message'],
    ['Parley', 'plain words', 'message'],
    ['Parley', 'Incoming Video call', 'message'],
  ]);
});

test('Answer with no demo window open opens one naming the call', async () => {
  const worker = loadWorker();
  await worker.push({ data: START });
  const [notification] = worker.visible();
  await worker.click(notification, 'answer');
  assert.equal(notification.closed, true);
  assert.deepEqual(worker.opened, [`/#answer=${START.session_id}`]);
});

test('a click on the notification itself focuses the open demo window and tells it nothing to answer', async () => {
  const messages = [];
  const demo = {
    url: `${SCOPE}#meeting=abc`, postMessage: (message) => messages.push(message),
    focus: async () => { throw new Error('Not allowed to focus a window.'); },
  };
  const other = { url: `${SCOPE}app-config.json`, postMessage: () => assert.fail('not the demo') };
  const worker = loadWorker({ windows: [other, demo] });
  await worker.push({ data: START });
  await worker.click(worker.visible()[0]);
  assert.deepEqual(plain(messages), [{ type: 'parley-push-open', answer: null }]);
  assert.deepEqual(worker.opened, []);
});

test('Decline rejects over HTTP in the kept account\'s name and opens nothing', async () => {
  const worker = loadWorker({ state: { token: 'tok', userId: 2 }, respond: (url) => (url === '/calls/reject' ? json({}) : json({}, 404)) });
  await worker.push({ data: { ...START, call_type: 2 } });
  await worker.click(worker.visible()[0], 'decline');
  const reject = worker.fetches.find((f) => f.url === '/calls/reject');
  assert.equal(reject.init.method, 'POST');
  assert.equal(reject.init.headers['CB-Token'], 'tok');
  assert.deepEqual(JSON.parse(reject.init.body), { sessionID: START.session_id, recipientId: 1, callType: 2, platform: 'web' });
  assert.deepEqual(worker.opened, []);
});

test('Decline that the server refuses opens the demo instead, where the call can be declined', async () => {
  const worker = loadWorker({ state: { token: 'tok', userId: 2 }, respond: () => json({ errors: ['gone'] }, 401) });
  await worker.push({ data: START });
  await worker.click(worker.visible()[0], 'decline');
  assert.deepEqual(worker.opened, ['/']);
});
