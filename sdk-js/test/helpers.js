import { parse } from 'ltx';
import { ChatConnection, parseUserId } from '../src/chat/ChatConnection.js';
import { decodeExtraParams, encodeExtraParams } from '../src/chat/extra-params.js';
import { resolveConfig } from '../src/config.js';
import { Logger } from '../src/log.js';
import { VideoChat } from '../src/videochat/VideoChat.js';
import { FakeTimers } from './fake-timers.js';

const APP_ID = 7;

/**
 * A VideoChat for user `me` on fake timers, behind a real ChatConnection whose XMPP client is fake: every
 * signal sent goes through the signal codec and the extraParams writer to XML text, and is recorded in `sent`
 * as the wire fields read back (`{to, signalType, sessionID, ...}`, all text); `receive(from, fields)` writes
 * the fields to a headline and hands it to the connection as the server would. Listener calls are recorded in
 * `events` as [name, ...args]. `deps` adds to the VideoChat's (frameProbe); `listeners` limits the recorded
 * listeners to those names (default: every one).
 */
export function videoChatFor(me, videochat = {}, deps = {}, listeners = null) {
  const timers = new FakeTimers();
  const sent = [];
  const events = [];
  const log = new Logger(false);
  const chat = new ChatConnection({ websocket: 'ws://127.0.0.1:1/xmpp' }, () => APP_ID, log);
  chat.userId = me;
  chat.domain = 'parley.local';
  chat.xmpp = {
    status: 'online',
    send: async (stanza) => {
      const wire = parse(stanza.toString());
      const extra = wire.getChild('extraParams', 'jabber:client');
      sent.push({ to: parseUserId(wire.attrs.to), ...decodeExtraParams(extra) });
    },
  };
  const config = resolveConfig({ endpoints: { api: 'http://127.0.0.1:1' }, videochat });
  const vc = new VideoChat({ config: () => config, chat, rest: null, timers: () => timers, log: () => log,
    iceServers: async () => [], ...deps });
  for (const name of Object.keys(vc).filter((k) => k.startsWith('on') && (!listeners || listeners.includes(k)))) {
    vc[name] = (...args) => events.push([name, ...args]);
  }
  const receive = (from, fields) => chat.receive(parse(
    `<message xmlns="jabber:client" type="headline" from="${from}-${APP_ID}@parley.local/r" to="${me}-${APP_ID}@parley.local">`
    + `${encodeExtraParams(fields).toString()}</message>`));
  return { vc, timers, sent, events, chat, receive };
}

/** The signal a peer would send for session `id`. */
export function signal(signalType, id, fields = {}) {
  return { moduleIdentifier: 'WebRTCVideoChat', signalType, sessionID: id, callType: '1', callerID: '1', opponentsIDs: ['2'], platform: 'web', ...fields };
}
