// Ringing people into a conference with system messages (ConnectyCube's conference signaling) through a real
// ChatConnection whose XMPP client is fake: what goes on the wire (a headline with `SystemNotifications` and the
// fields), what the listeners hear when such messages arrive, and what is refused or ignored.
import { beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'ltx';
import { ChatConnection } from '../src/chat/ChatConnection.js';
import { decodeExtraParams, encodeExtraParams } from '../src/chat/extra-params.js';
import { ConferenceClient } from '../src/conference/ConferenceClient.js';
import { Logger } from '../src/log.js';

const APP = 7;
const ME = 1;
let chat;
let conference;
let sent;
let heard;

beforeEach(() => {
  sent = [];
  heard = [];
  chat = new ChatConnection({ websocket: 'ws://127.0.0.1:1/xmpp' }, () => APP, new Logger(false));
  chat.userId = ME;
  chat.domain = 'parley.local';
  chat.xmpp = { status: 'online', send: async (stanza) => { sent.push(parse(stanza.toString())); } };
  conference = new ConferenceClient({ config: () => ({}), rest: {}, chat, timers: () => null, log: () => new Logger(false) });
  conference.onCallStart = (...args) => heard.push(['start', ...args]);
  conference.onCallRejected = (...args) => heard.push(['rejected', ...args]);
  conference.onCallEnd = (...args) => heard.push(['end', ...args]);
  chat.onSystemMessageListener = (message) => heard.push(['system', message.userId, message.body, message.extension]);
});

/** A headline from `from` as the server delivers it. */
function receive(from, fields, { body, delay = false } = {}) {
  chat.receive(parse(`<message xmlns="jabber:client" type="headline" id="m1" from="${from}-${APP}@parley.local/r" to="${ME}-${APP}@parley.local">`
    + `${body ? `<body>${body}</body>` : ''}${encodeExtraParams(fields).toString()}`
    + `${delay ? '<delay xmlns="urn:xmpp:delay" stamp="2020-01-01T00:00:00Z"/>' : ''}</message>`));
}

const wire = (stanza) => ({ to: stanza.attrs.to, type: stanza.attrs.type, ...decodeExtraParams(stanza.getChild('extraParams', 'jabber:client')) });

test('sendCallMessage invites each participant but oneself with the room and everyone invited', async () => {
  await conference.sendCallMessage('0123456789abcdef01234567', [ME, 2, 3]);
  assert.deepEqual(sent.map(wire), [2, 3].map((id) => ({
    to: `${id}-${APP}@parley.local`, type: 'headline', moduleIdentifier: 'SystemNotifications',
    janusRoomId: '0123456789abcdef01234567', callStart: '1', participantIds: `${ME},2,3`,
  })));
});

test('sendRejectMessage and sendEndCallMessage carry callRejected with busy, and callEnd', async () => {
  await conference.sendRejectMessage(1234, true, 2);
  await conference.sendEndCallMessage('room', [2, 3]);
  assert.deepEqual(sent.map(wire).map(({ to, janusRoomId, callRejected, busy, callEnd }) => [to, janusRoomId, callRejected, busy, callEnd]), [
    [`2-${APP}@parley.local`, '1234', '1', 'true', undefined],
    [`2-${APP}@parley.local`, 'room', undefined, undefined, '1'],
    [`3-${APP}@parley.local`, 'room', undefined, undefined, '1'],
  ]);
});

test('bad arguments are refused before anything is sent; so is sending without a chat connection', async () => {
  await assert.rejects(conference.sendCallMessage('room', []), /participant ids/);
  await assert.rejects(conference.sendCallMessage('room', [2, 'x']), /participant ids/);
  await assert.rejects(conference.sendCallMessage('x'.repeat(257), [2]), /room id/);
  await assert.rejects(conference.sendEndCallMessage({}, [2]), /room id/);
  await assert.rejects(chat.sendSystemMessage(2, { body: 'x'.repeat(20_000) }), /at most/);
  await assert.rejects(chat.sendSystemMessage(2, { extension: { 'bad name': '1' } }), /bad system message extension/);
  assert.equal(sent.length, 0);
  chat.xmpp.status = 'offline';
  await assert.rejects(conference.sendCallMessage('room', [2]), /not connected to chat/);
});

test('invitations, rejections and ends reach their listeners with the sender; the app hears every system message', () => {
  receive(9, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callStart: '1', participantIds: '1,2,9' });
  receive(2, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callRejected: '1', busy: 'true' });
  receive(3, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callRejected: '1', busy: 'false' });
  receive(9, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callEnd: '1' });
  receive(4, { moduleIdentifier: 'SystemNotifications', note: { a: 'b' } }, { body: 'hello' });
  assert.deepEqual(heard.filter(([kind]) => kind !== 'system'), [
    ['start', 'room', 9, [1, 2, 9]], ['rejected', 'room', 2, true], ['rejected', 'room', 3, false], ['end', 'room', 9]]);
  assert.deepEqual(heard.filter(([kind]) => kind === 'system').at(-1), ['system', 4, 'hello', { note: { a: 'b' } }]);
  assert.equal(heard.filter(([kind]) => kind === 'system').length, 5);
});

test('malformed invitations and stale (delayed) messages are ignored', () => {
  receive(9, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callStart: '1', participantIds: '1,x' });
  receive(9, { moduleIdentifier: 'SystemNotifications', callEnd: '1' });
  receive(9, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callStart: '1', participantIds: Array.from({ length: 65 }, (_, i) => i + 1).join(',') });
  receive(9, { moduleIdentifier: 'SystemNotifications', janusRoomId: 'room', callEnd: '1' }, { delay: true });
  assert.deepEqual(heard.filter(([kind]) => kind !== 'system'), []);
});
