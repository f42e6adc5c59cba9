import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolveConfig } from '../src/config.js';

const api = { endpoints: { api: 'https://calls.example.com/' } };

test('defaults of docs/protocol.md §3.3, in milliseconds, and the WebSocket URL from the api URL', () => {
  const config = resolveConfig(api);
  assert.equal(config.api, 'https://calls.example.com');
  assert.equal(config.websocket, 'wss://calls.example.com/xmpp');
  assert.deepEqual(
    [config.videochat.answerTimeMs, config.videochat.dialingTimeMs, config.videochat.disconnectTimeMs, config.videochat.statsIntervalMs],
    [60_000, 5_000, 30_000, 0]);
  assert.equal(config.videochat.maxOpponents, 3);
  assert.equal(config.videochat.autoRejectBusy, true);
});

test('minimums are enforced with the setting named: dialing 3 s, disconnect 10 s', () => {
  assert.throws(() => resolveConfig({ ...api, videochat: { dialingTimeInterval: 2 } }), /dialingTimeInterval must be at least 3/);
  assert.throws(() => resolveConfig({ ...api, videochat: { disconnectTimeInterval: 9 } }), /disconnectTimeInterval must be at least 10/);
  assert.throws(() => resolveConfig({ ...api, videochat: { answerTimeInterval: 'soon' } }), /answerTimeInterval must be a number/);
});

test('a mesh holds at most 4 people: more than 3 opponents is refused', () => {
  assert.throws(() => resolveConfig({ ...api, videochat: { maxOpponents: 4 } }), /at most 3: a mesh call holds at most 4 people/);
});

test('without a page origin the api URL is required', () => {
  assert.throws(() => resolveConfig({}, undefined), /endpoints.api must be an http\(s\) URL/);
});
