// The push calls (docs/protocol.md §2.4) against a recorded fetch: routes and bodies as the API takes them, a browser's
// PushSubscription turned into a `web` subscription, and bad arguments refused before anything is sent.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { PushNotifications } from '../src/pushnotifications.js';
import { RestClient } from '../src/rest.js';

const AUTH = 'BTBZMqHH6r4Tts7J_aSIgg';
const P256DH = 'BCVxsr7N_eNgVRqvHtD0zTZsEc6-VV-JvLexhqUzORcxaOzi6-AYWXvTBHm4bjyPjs7Vd8pZGH6SRpkNtoIAiw4';
const ENDPOINT = 'https://push.example.net/wpush/v2/gAAAAABk';
let calls;
let answers;
beforeEach(() => {
  calls = [];
  answers = [];
  globalThis.fetch = async (url, init) => {
    calls.push({ method: init.method, path: url.pathname, body: init.body ? JSON.parse(init.body) : undefined,
      token: init.headers['CB-Token'] });
    const { status = 200, json = {} } = answers.shift() ?? {};
    return new Response(JSON.stringify(json), { status });
  };
});

function push() {
  const rest = new RestClient('http://127.0.0.1:1');
  rest.token = 'tok';
  return new PushNotifications(rest);
}

/** What pushManager.subscribe gives: toJSON() has the endpoint and the keys in base64url. */
function browserSubscription(keys = { auth: AUTH, p256dh: P256DH }) {
  return { endpoint: ENDPOINT, toJSON: () => ({ endpoint: ENDPOINT, expirationTime: null, keys }) };
}

test('subscriptions create, list and delete, events create and the VAPID key go to the push routes', async () => {
  const p = push();
  const record = { subscription: { id: 7, notification_channel: { name: 'gcm' }, device: { udid: 'd1', platform: { name: 'android' } } } };
  answers.push({ status: 201, json: [record] }, { json: [record] }, { json: {} },
    { status: 201, json: [{ event: { id: 3 } }] }, { json: { public_key: P256DH } });
  const gcm = { notification_channel: 'gcm', push_token: { environment: 'production', client_identification_sequence: 'fcm-token' },
    device: { platform: 'android', udid: 'd1' } };
  assert.deepEqual(await p.subscriptions.create(gcm), [record]);
  assert.deepEqual(await p.subscriptions.list(), [record]);
  await p.subscriptions.delete(7);
  const event = { notification_type: 'push', user: { ids: [2] }, message: p.base64Encode('{"message":"Hi ✓"}') };
  assert.equal((await p.events.create(event))[0].event.id, 3);
  assert.equal(await p.vapidPublicKey(), P256DH);
  assert.deepEqual(calls.map((c) => [c.method, c.path, c.body]), [
    ['POST', '/subscriptions', gcm],
    ['GET', '/subscriptions', undefined],
    ['DELETE', '/subscriptions/7', undefined],
    ['POST', '/events', { event }],
    ['GET', '/push/vapid_public_key', undefined],
  ]);
  assert.equal(Buffer.from(event.message, 'base64').toString('utf8'), '{"message":"Hi ✓"}');
  assert.ok(calls.every((c) => c.token === 'tok'));
});

test('a browser PushSubscription becomes a web subscription with its endpoint and RFC 8291 keys', async () => {
  const p = push();
  answers.push({ status: 201, json: [{ subscription: { id: 1 } }] });
  await p.subscribeWebPush(browserSubscription(), { udid: 'browser-1', environment: 'production' });
  assert.deepEqual(calls[0].body, {
    notification_channel: 'web',
    push_token: { environment: 'production', client_identification_sequence: ENDPOINT, web_endpoint: ENDPOINT,
      web_auth: AUTH, web_p256dh: P256DH },
    device: { platform: 'web', udid: 'browser-1' },
  });
});

test('bad arguments are refused before any request; a server refusal carries its status and errors', async () => {
  const p = push();
  await assert.rejects(p.subscriptions.delete('../users'), /positive integer/);
  await assert.rejects(p.subscriptions.delete(0), /positive integer/);
  await assert.rejects(p.subscriptions.create(null), /subscription's fields/);
  await assert.rejects(p.events.create(undefined), /event's fields/);
  await assert.rejects(p.subscribeWebPush({}, { udid: 'b' }), /pushManager.subscribe/);
  await assert.rejects(p.subscribeWebPush(browserSubscription({ auth: AUTH }), { udid: 'b' }), /auth and p256dh/);
  await assert.rejects(p.subscribeWebPush(browserSubscription()), /udid/);
  assert.equal(calls.length, 0);
  answers.push({ status: 422, json: { errors: { base: ['No recipients: none of the users chosen has a push subscription this event can go to'] } } });
  await assert.rejects(p.events.create({ message: 'aGk=', user: { ids: [9] } }),
    (e) => e.status === 422 && /No recipients/.test(e.message) && e.errors.base.length === 1);
  answers.push({ status: 404, json: { errors: { base: ['Subscription not found'] } } });
  await assert.rejects(p.subscriptions.delete(99), (e) => e.status === 404 && /not found/.test(e.message));
});
