import { ParleyError } from '../errors.js';
import { callListener } from '../listeners.js';
import { randomUuid } from '../random.js';
import { CallSession } from './CallSession.js';
import { FrameProbe } from './FrameProbe.js';
import { mediaDevices } from './LocalMedia.js';
import {
  CallType, MESH_LIMIT, PLATFORM, ReconnectionState, SessionConnectionState, SessionState,
} from './constants.js';
import { Signal, signalHeader } from './signal/signals.js';
import { StatsReportsManager } from './stats.js';

const MAX_REMEMBERED_ENDED = 256;

/**
 * P2P calls (docs/protocol.md §3): creates call sessions, turns incoming call signals into sessions, and
 * calls the app's listeners. Assign the listeners you need:
 *
 * | listener | arguments |
 * |---|---|
 * | onCallListener | session, extension (the caller's userInfo) |
 * | onAcceptCallListener | session, userId, extension |
 * | onRejectCallListener | session, userId, extension (`busy: "true"` when auto-rejected as busy) |
 * | onStopCallListener | session, userId, extension |
 * | onUpdateCallListener | session, userId, extension |
 * | onUserNotAnswerListener | session, userId |
 * | onRemoteStreamListener | session, userId, stream |
 * | onRemoteStreamRemovedListener | session, userId, stream |
 * | onSessionConnectionStateChangedListener | session, userId, SessionConnectionState |
 * | onSessionCloseListener | session |
 * | onCallStatsReport | session, userId, stats, error |
 * | onInvalidEventsListener | eventName, session, userId, userInfo, error |
 * | onReconnectListener | session, userId, ReconnectionState |
 * | onRemoteMediaStateListener | session, userId, {audioMuted, videoMuted} |
 */
export class VideoChat {
  /**
   * @param {{config: () => import('../config.js').ResolvedConfig, chat: import('../chat/ChatConnection.js').ChatConnection,
   *   rest: import('../rest.js').RestClient, timers: () => import('../timers.js').Timers, log: () => import('../log.js').Logger,
   *   iceServers: () => Promise<RTCIceServer[]>,
   *   frameProbe?: import('./CallSession.js').SessionHost['frameProbe']}} deps `frameProbe`: FrameProbe.create unless given (tests)
   */
  constructor(deps) {
    this.deps = deps;
    this.CallType = CallType;
    this.SessionConnectionState = SessionConnectionState;
    this.SessionState = SessionState;
    this.ReconnectionState = ReconnectionState;
    this.StatsReportsManager = StatsReportsManager;
    /** @type {Map<string, CallSession>} */
    this.sessions = new Map();
    /** Ids of sessions that ended here, so that late re-sent calls do not ring again. @type {Set<string>} */
    this.ended = new Set();
    /** @type {Function | null} */ this.onCallListener = null;
    /** @type {Function | null} */ this.onAcceptCallListener = null;
    /** @type {Function | null} */ this.onRejectCallListener = null;
    /** @type {Function | null} */ this.onStopCallListener = null;
    /** @type {Function | null} */ this.onUpdateCallListener = null;
    /** @type {Function | null} */ this.onUserNotAnswerListener = null;
    /** @type {Function | null} */ this.onRemoteStreamListener = null;
    /** @type {Function | null} */ this.onRemoteStreamRemovedListener = null;
    /** @type {Function | null} */ this.onSessionConnectionStateChangedListener = null;
    /** @type {Function | null} */ this.onSessionCloseListener = null;
    /** @type {Function | null} */ this.onCallStatsReport = null;
    /** @type {Function | null} */ this.onInvalidEventsListener = null;
    /** @type {Function | null} */ this.onReconnectListener = null;
    /** @type {Function | null} */ this.onRemoteMediaStateListener = null;
    deps.chat.signalHandler = (from, signal) => this.onSignal(from, signal);
  }

  /**
   * A new outgoing call session. Then: getUserMedia, call.
   * @param {number[]} calleesIds the opponents (at most 3: a mesh call holds at most 4 people)
   * @param {number} [callType] CallType.VIDEO (default) or CallType.AUDIO
   * @param {{bandwidth?: number}} [options] `bandwidth`: kbit/s cap on outgoing video for this call
   * @returns {CallSession}
   */
  createNewSession(calleesIds, callType = CallType.VIDEO, options = {}) {
    const me = this.deps.chat.userId;
    if (me === null) throw new ParleyError('connect to chat first: calls are signalled over the chat connection');
    const ids = Array.isArray(calleesIds) ? calleesIds.map(Number) : [];
    if (ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
      throw new ParleyError('createNewSession needs an array of opponent user ids');
    }
    if (new Set(ids).size !== ids.length || ids.includes(me)) {
      throw new ParleyError('opponent ids must be distinct and must not include the caller');
    }
    const { maxOpponents } = this.deps.config().videochat;
    if (ids.length > maxOpponents) {
      throw new ParleyError(`too many opponents (${ids.length}): a call holds at most ${maxOpponents} opponents `
        + `(a mesh of ${MESH_LIMIT} people at most)`);
    }
    if (callType !== CallType.VIDEO && callType !== CallType.AUDIO) {
      throw new ParleyError('callType must be CallType.VIDEO or CallType.AUDIO');
    }
    const session = new CallSession(this.host(), {
      id: randomUuid(), initiatorID: me, opponentsIDs: ids, callType, currentUserID: me, bandwidth: options.bandwidth,
    });
    this.sessions.set(session.ID, session);
    return session;
  }

  /**
   * The media devices of a kind (`videoinput`, `audioinput`, `audiooutput`), or all. Rejects with a
   * ParleyError on a page that is not a secure context, where browsers hide the devices.
   * @param {MediaDeviceKind} [kind]
   * @returns {Promise<MediaDeviceInfo[]>}
   */
  async getMediaDevices(kind) {
    const devices = await mediaDevices().enumerateDevices();
    return kind ? devices.filter((device) => device.kind === kind) : devices;
  }

  /**
   * Rejects a call over HTTP (`POST /calls/reject`, docs/protocol.md §2.5), for a callee that has no chat
   * connection (woken by a push): the server sends the `reject` signal to each member.
   * @param {string} sessionId
   * @param {number | number[]} members the caller (and any other participant to tell)
   * @param {Record<string, string>} [userInfo]
   */
  async rejectCall(sessionId, members, userInfo) {
    const ids = [].concat(/** @type {any} */ (members)).map(Number);
    if (typeof sessionId !== 'string' || !sessionId || ids.length === 0 || ids.some((id) => !Number.isInteger(id) || id <= 0)) {
      throw new ParleyError('rejectCall needs a session id and the user ids to tell');
    }
    for (const recipientId of ids) {
      await this.deps.rest.request('POST', '/calls/reject', {
        body: { sessionID: sessionId, recipientId, platform: PLATFORM, ...(userInfo ? { userInfo } : {}) },
      });
    }
    const session = this.sessions.get(sessionId);
    if (session?.state === SessionState.NEW) session.close();
  }

  /**
   * A call signal from the chat connection: to its session, or a new incoming call.
   * @param {number} from
   * @param {import('./signal/signals.js').CallSignal} signal
   */
  onSignal(from, signal) {
    const session = this.sessions.get(signal.header.sessionId);
    const done = session
      ? session.onSignal(from, signal)
      : signal.kind === 'call' ? this.onIncomingCall(from, signal) : undefined;
    Promise.resolve(done).catch((error) => this.log().warn(`${signal.kind} from ${from} failed`, error));
  }

  /** @param {number} from @param {import('./signal/signals.js').CallOffer} call */
  onIncomingCall(from, call) {
    const me = this.deps.chat.userId;
    const { sessionId, opponentIds, callType } = call.header;
    if (me === null || this.ended.has(sessionId)) return;
    if (!opponentIds.includes(me) || opponentIds.length + 1 > MESH_LIMIT) return;
    const initiatorID = call.header.callerId || from;
    if (this.deps.config().videochat.autoRejectBusy && this.isBusy()) {
      this.remember(sessionId);
      const header = signalHeader(sessionId, callType, initiatorID, opponentIds, PLATFORM);
      this.deps.chat.sendSignal(from, Signal.reject(header, { busy: 'true' }))
        .catch((error) => this.log().debug('busy reject not sent', error));
      return;
    }
    const session = new CallSession(this.host(), {
      id: sessionId, initiatorID, opponentsIDs: [...opponentIds], callType, currentUserID: me,
    });
    this.sessions.set(session.ID, session);
    session.ring(from, call.sdp);
    this.emit('onCallListener', session, call.userInfo);
  }

  isBusy() {
    return [...this.sessions.values()].some((s) => s.state === SessionState.ACTIVE);
  }

  /** @param {string} id */
  remember(id) {
    this.ended.add(id);
    if (this.ended.size > MAX_REMEMBERED_ENDED) this.ended.delete(/** @type {string} */ (this.ended.values().next().value));
  }

  /** @returns {import('./CallSession.js').SessionHost} */
  host() {
    return {
      config: this.deps.config().videochat,
      timers: this.deps.timers(),
      log: this.log(),
      iceServers: () => this.deps.iceServers(),
      sendSignal: (userId, signal) => this.deps.chat.sendSignal(userId, signal),
      emit: (listener, ...args) => this.emit(listener, ...args),
      listens: (listener) => typeof /** @type {any} */ (this)[listener] === 'function',
      frameProbe: this.deps.frameProbe ?? FrameProbe.create,
      sessionClosed: (session) => {
        this.sessions.delete(session.ID);
        this.remember(session.ID);
        this.emit('onSessionCloseListener', session);
      },
    };
  }

  log() {
    return this.deps.log();
  }

  /**
   * Calls the app's listener; a listener that throws is logged and does not break the SDK.
   * @param {string} name @param {...unknown} args
   */
  emit(name, ...args) {
    callListener(this, name, args, this.log());
  }

}
