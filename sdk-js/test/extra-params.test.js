import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse } from 'ltx';
import { decodeExtraParams, encodeExtraParams } from '../src/chat/extra-params.js';

test('encodes flat fields, nested userInfo and the two protocol lists (docs/protocol.md §3.2)', () => {
  const xml = encodeExtraParams({
    signalType: 'call', sessionID: 's-1', callType: 1, opponentsIDs: [2, 3],
    userInfo: { topic: 'demo', nested: { deep: 'x' } },
    iceCandidates: [{ candidate: 'candidate:1', sdpMid: '0', sdpMLineIndex: 0 }],
  }).toString();
  assert.equal(xml, '<extraParams xmlns="jabber:client"><signalType>call</signalType><sessionID>s-1</sessionID>'
    + '<callType>1</callType><opponentsIDs><opponentID>2</opponentID><opponentID>3</opponentID></opponentsIDs>'
    + '<userInfo><topic>demo</topic><nested><deep>x</deep></nested></userInfo>'
    + '<iceCandidates><iceCandidate><candidate>candidate:1</candidate><sdpMid>0</sdpMid><sdpMLineIndex>0</sdpMLineIndex>'
    + '</iceCandidate></iceCandidates></extraParams>');
});

test('decodes what it encodes, lists as arrays and leaves as text', () => {
  const element = parse(encodeExtraParams({ opponentsIDs: [5], userInfo: { a: '1' }, sdp: 'v=0\r\n' }).toString());
  assert.deepEqual(decodeExtraParams(element), { opponentsIDs: ['5'], userInfo: { a: '1' }, sdp: 'v=0\r\n' });
});

test('decodes ConnectyCube\'s empty sdpMLineIndex element as an empty text', () => {
  const element = parse('<extraParams xmlns="jabber:client"><iceCandidates><iceCandidate><sdpMLineIndex/><sdpMid>0</sdpMid>'
    + '<candidate>c</candidate></iceCandidate></iceCandidates></extraParams>');
  assert.deepEqual(decodeExtraParams(element).iceCandidates, [{ sdpMLineIndex: '', sdpMid: '0', candidate: 'c' }]);
});

test('refuses a field name that cannot be an XML element name', () => {
  assert.throws(() => encodeExtraParams({ userInfo: { 'bad key': 'x' } }), /cannot be a signal field name/);
  assert.throws(() => encodeExtraParams({ '1st': 'x' }), /cannot be a signal field name/);
});
