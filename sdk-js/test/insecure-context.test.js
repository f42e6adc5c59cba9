// A page served over plain HTTP from another machine is not a secure context: the browser hides
// crypto.randomUUID, crypto.subtle and navigator.mediaDevices there. Everything but the camera,
// microphone and screen must still work, and those must say why they do not.
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { webcrypto } from 'node:crypto';
import { ChatConnection, saslMechanism } from '../src/chat/ChatConnection.js';
import { ParleyError } from '../src/errors.js';
import { Logger } from '../src/log.js';
import { randomUuid } from '../src/random.js';
import { installFakeWebRtc } from './fake-webrtc.js';
import { videoChatFor } from './helpers.js';

const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const secureCrypto = Object.getOwnPropertyDescriptor(globalThis, 'crypto');

/** Gives the page what an insecure context has: getRandomValues, and no randomUUID or subtle. */
function insecureCrypto() {
  Object.defineProperty(globalThis, 'crypto', {
    configurable: true,
    value: { getRandomValues: (/** @type {Uint8Array} */ array) => webcrypto.getRandomValues(array) },
  });
}

beforeEach(() => {
  installFakeWebRtc();
  insecureCrypto();
});
afterEach(() => {
  Object.defineProperty(globalThis, 'crypto', secureCrypto);
  delete globalThis.WebSocket;
  delete globalThis.isSecureContext;
});

test('call session ids are random UUIDs made without crypto.randomUUID', () => {
  assert.equal(typeof globalThis.crypto.randomUUID, 'undefined');
  const { vc } = videoChatFor(1);
  const ids = new Set(Array.from({ length: 50 }, () => vc.createNewSession([2]).ID));
  assert.equal(ids.size, 50);
  for (const id of ids) assert.match(id, UUID_V4);
  assert.match(randomUuid(), UUID_V4);
});

test('the chat connection is built and dialled without crypto.randomUUID', async () => {
  const dialled = [];
  globalThis.WebSocket = class extends EventTarget {
    constructor(url, protocols) {
      super();
      dialled.push({ url, protocols });
      setTimeout(() => {
        this.dispatchEvent(Object.assign(new Event('error'), { message: 'connection refused' }));
        this.dispatchEvent(Object.assign(new Event('close'), { wasClean: false }));
      });
    }
    close() {}
  };
  const chat = new ChatConnection({ websocket: 'ws://198.18.0.1:1/xmpp', api: 'http://198.18.0.1:1' }, () => 7, new Logger(false));
  await assert.rejects(chat.connect({ userId: 5, password: 'token' }), (error) => {
    assert.ok(error instanceof ParleyError, `a ParleyError, not ${error}`);
    assert.match(error.message, /^chat connection failed/);
    return true;
  });
  assert.deepEqual(dialled, [{ url: 'ws://198.18.0.1:1/xmpp', protocols: ['xmpp'] }]);
});

test('PLAIN goes over an unencrypted WebSocket only when REST is unencrypted too', () => {
  assert.equal(saslMechanism(['PLAIN'], { secure: true, restInClear: false }), 'PLAIN');
  assert.equal(saslMechanism(['PLAIN'], { secure: false, restInClear: true }), 'PLAIN');
  assert.throws(() => saslMechanism(['PLAIN'], { secure: false, restInClear: false }), /use a wss:\/\/ chat URL/);
  assert.throws(() => saslMechanism(['X-OAUTH2'], { secure: true, restInClear: false }), /offers no mechanism this SDK speaks \(X-OAUTH2\)/);
});

test('without navigator.mediaDevices, the camera and the device list say that they need HTTPS or localhost', async () => {
  Object.defineProperty(globalThis, 'navigator', { configurable: true, value: {} });
  globalThis.isSecureContext = false;
  const { vc } = videoChatFor(1);
  const session = vc.createNewSession([2]);
  await assert.rejects(session.getUserMedia({ audio: true, video: true }), /need a secure page \(HTTPS or localhost\)/);
  await assert.rejects(vc.getMediaDevices('videoinput'), /need a secure page \(HTTPS or localhost\)/);
});
