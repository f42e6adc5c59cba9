import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'ltx';
import { ChatConnection, parseUserId } from '../src/chat/ChatConnection.js';
import { Logger } from '../src/log.js';

function connection() {
  const chat = new ChatConnection({ websocket: 'ws://127.0.0.1:1/xmpp' }, () => 7, new Logger(false));
  const received = [];
  chat.signalHandler = (from, params) => received.push({ from, params });
  return { chat, received };
}

const headline = (extra, from = '42-7@parley.local/res') => parse(`<message xmlns="jabber:client" type="headline" from="${from}">${extra}</message>`);
const params = '<extraParams xmlns="jabber:client"><signalType>call</signalType><sessionID>s</sessionID>'
  + '<callerID>42</callerID><opponentsIDs><opponentID>1</opponentID></opponentsIDs><sdp>v=0</sdp></extraParams>';

test('a call signal is handed over decoded, with the sender read from the server-stamped from', () => {
  const { chat, received } = connection();
  chat.receive(headline(params));
  assert.equal(received.length, 1);
  assert.equal(received[0].from, 42);
  assert.deepEqual(received[0].params, {
    kind: 'call', sdp: 'v=0', userInfo: {},
    header: { sessionId: 's', callType: 1, callerId: 42, opponentIds: [1], platform: '' },
  });
});

test('fields that are no call signal this SDK can act on are dropped at the boundary', () => {
  const { chat, received } = connection();
  chat.receive(headline('<extraParams xmlns="jabber:client"><signalType>call</signalType><sessionID>s</sessionID></extraParams>'));
  chat.receive(headline('<extraParams xmlns="jabber:client"><moduleIdentifier>Other</moduleIdentifier>'
    + '<signalType>hangUp</signalType><sessionID>s</sessionID></extraParams>'));
  chat.receive(headline(`<extraParams xmlns="jabber:client"><signalType>hangUp</signalType><sessionID>${'x'.repeat(129)}</sessionID></extraParams>`));
  chat.receive(headline('<extraParams xmlns="jabber:client"><signalType>dance</signalType><sessionID>s</sessionID></extraParams>'));
  assert.deepEqual(received, [], 'a call without sdp, another module, an oversized session id, an unknown type');
});

test('a signal that was stored (it carries <delay>) is ignored (docs/protocol.md §3.2)', () => {
  const { chat, received } = connection();
  chat.receive(headline(`${params}<delay xmlns="urn:xmpp:delay" stamp="2026-11-22T10:00:00Z"/>`));
  assert.deepEqual(received, []);
});

test('messages without extraParams, or from an address that is not a user JID, are ignored', () => {
  const { chat, received } = connection();
  chat.receive(headline('<body>hi</body>'));
  chat.receive(headline(params, 'parley.local'));
  assert.deepEqual(received, []);
});

test('user ids come from {userId}-{appId}@domain, and the lenient {userId}@domain', () => {
  assert.equal(parseUserId('12-3@parley.local/r'), 12);
  assert.equal(parseUserId('12@parley.local'), 12);
  assert.equal(parseUserId('alice@parley.local'), null);
  assert.equal(parseUserId(undefined), null);
});
