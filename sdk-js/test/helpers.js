import { resolveConfig } from '../src/config.js';
import { Logger } from '../src/log.js';
import { VideoChat } from '../src/videochat/VideoChat.js';
import { FakeTimers } from './fake-timers.js';

/**
 * A VideoChat for user `me` whose signals go to `sent` instead of a chat connection, on fake timers.
 * Listener calls are recorded in `events` as [name, ...args]. `deps` adds to the VideoChat's (frameProbe).
 */
export function videoChatFor(me, videochat = {}, deps = {}) {
  const timers = new FakeTimers();
  const sent = [];
  const events = [];
  const chat = { userId: me, signalHandler: null, sendSignal: async (to, params) => { sent.push({ to, ...params }); } };
  const config = resolveConfig({ endpoints: { api: 'http://127.0.0.1:1' }, videochat });
  const vc = new VideoChat({ config: () => config, chat, rest: null, timers: () => timers, log: () => new Logger(false), ...deps });
  for (const name of Object.keys(vc).filter((k) => k.startsWith('on'))) {
    vc[name] = (...args) => events.push([name, ...args]);
  }
  return { vc, timers, sent, events, chat, receive: (from, params) => chat.signalHandler(from, params) };
}

/** The signal a peer would send for session `id`. */
export function signal(signalType, id, fields = {}) {
  return { moduleIdentifier: 'WebRTCVideoChat', signalType, sessionID: id, callType: '1', callerID: '1', opponentsIDs: ['2'], platform: 'web', ...fields };
}
