import { ParleyError } from '../errors.js';
import { CallType, MODULE_IDENTIFIER, SessionConnectionState, SessionState, SignalType } from './constants.js';
import { LocalMedia, attachMediaStream, detachMediaStream } from './LocalMedia.js';
import { MediaStates } from './MediaStates.js';
import { Peer } from './Peer.js';
import { SessionStats } from './SessionStats.js';

/**
 * @typedef {object} SessionHost what a session needs from VideoChat
 * @property {import('../config.js').ResolvedConfig['videochat']} config
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 * @property {(userId: number, params: Record<string, unknown>) => Promise<void>} sendSignal
 * @property {(listener: string, ...args: unknown[]) => void} emit calls the app's listener of that name
 * @property {(listener: string) => boolean} listens whether the app has set the listener of that name
 * @property {(track: MediaStreamTrack) => {isBlack(): boolean | null, stop(): void} | null} frameProbe
 *   looks at a remote video track's frames (FrameProbe), or null where it cannot
 * @property {(session: CallSession) => void} sessionClosed
 */

/**
 * One call: the local media, one Peer per opponent, the session state, and the timers of
 * docs/protocol.md §3.3 (answer timeout, dialing re-sends). Group calls are a mesh: after accepting, a
 * callee calls each other opponent whose id is lower than its own, and an active session accepts
 * such calls by itself.
 *
 * Every method is safe to call in any state: one that does not fit the state does nothing but call
 * `onInvalidEventsListener(eventName, session, userId, userInfo)` and reject its Promise/callback.
 * Signals from the network never throw.
 */
export class CallSession {
  /**
   * @param {SessionHost} host
   * @param {{id: string, initiatorID: number, opponentsIDs: number[], callType: number, currentUserID: number,
   *   bandwidth?: number}} init
   */
  constructor(host, init) {
    this.host = host;
    /** Session id, the `sessionID` of every signal. */
    this.ID = init.id;
    this.initiatorID = init.initiatorID;
    /** The participants other than the initiator. */
    this.opponentsIDs = init.opponentsIDs;
    this.callType = init.callType;
    this.currentUserID = init.currentUserID;
    this.state = SessionState.NEW;
    /** @type {Map<number, Peer>} */
    this.peers = new Map();
    this.media = new LocalMedia(() => [...this.peers.values()].filter((p) => !p.closed).map((p) => p.pc));
    this.maxBandwidthKbps = init.bandwidth ?? host.config.maxBandwidthKbps;
    /** @type {Map<number, {offer: string, calls: number, dialTimer: unknown, answerTimer: unknown}>} */
    this.dialing = new Map();
    /** Calls sent to each opponent, re-sends included. @type {Map<number, number>} */
    this.callsSent = new Map();
    /** @type {unknown} */ this.ringTimer = null;
    this.stats = new SessionStats(this, host);
    this.mediaStates = new MediaStates(this, host);
    /** @type {Map<number, MediaStream>} */ this.remoteStreams = new Map();
  }

  /** The local camera/microphone stream, once getUserMedia has given one. */
  get localStream() {
    return this.media.stream;
  }

  /** Everyone in the call but this user. */
  get participants() {
    return [this.initiatorID, ...this.opponentsIDs].filter((id) => id !== this.currentUserID);
  }

  /** @param {number} userId @returns {number} SessionConnectionState of the peer */
  connectionStateOf(userId) {
    return this.peers.get(userId)?.connectionState ?? SessionConnectionState.UNDEFINED;
  }

  // ---- local media ----

  /**
   * Opens the camera and/or microphone. `elementId` (or `elemId`) attaches the stream to that
   * element. An audio call never opens the camera.
   * @param {{audio?: boolean | MediaTrackConstraints, video?: boolean | MediaTrackConstraints, elementId?: string,
   *   elemId?: string, options?: {muted?: boolean, mirror?: boolean}}} params
   * @param {(error: Error | null, stream?: MediaStream) => void} [callback]
   * @returns {Promise<MediaStream>}
   */
  getUserMedia(params, callback) {
    return this.run('getUserMedia', callback, async () => {
      if (this.state === SessionState.CLOSED) throw new ParleyError('the session is closed');
      const video = this.callType === CallType.AUDIO ? false : (params.video ?? true);
      const stream = await this.media.open({ audio: params.audio ?? true, video });
      if (this.state === SessionState.CLOSED) {
        // Hung up while the browser was still opening the devices: release them at once.
        this.media.stop();
        throw new ParleyError('the session closed while the camera/microphone were opening');
      }
      const element = params.elementId ?? params.elemId;
      if (element) attachMediaStream(element, stream, { muted: true, mirror: true, ...params.options });
      return stream;
    });
  }

  /**
   * @param {string | HTMLMediaElement} element
   * @param {MediaStream} stream
   * @param {{muted?: boolean, mirror?: boolean}} [options]
   */
  attachMediaStream(element, stream, options) {
    attachMediaStream(element, stream, options);
  }

  /** @param {string | HTMLMediaElement} element */
  detachMediaStream(element) {
    detachMediaStream(element);
  }

  /** Mutes the microphone or turns the camera off; the peers are told (MediaStates). @param {'audio' | 'video'} kind */
  mute(kind) {
    this.media.setEnabled(kind, false);
    this.mediaStates.announce();
  }

  /** @param {'audio' | 'video'} kind */
  unmute(kind) {
    this.media.setEnabled(kind, true);
    this.mediaStates.announce();
  }

  /** @param {'audio' | 'video'} kind */
  isMuted(kind) {
    return !this.media.isEnabled(kind);
  }

  /**
   * Whether a remote user has the microphone muted or the camera off, as far as this side knows.
   * @param {number} userId @returns {import('./MediaStates.js').RemoteMediaState}
   */
  remoteMediaState(userId) {
    return this.mediaStates.of(userId);
  }

  /**
   * Switches camera and/or microphone: `{video: {deviceId}}`, `{audio: {deviceId}}`.
   * @param {{audio?: boolean | MediaTrackConstraints, video?: boolean | MediaTrackConstraints}} constraints
   * @param {(error: Error | null, stream?: MediaStream) => void} [callback]
   */
  switchMediaTracks(constraints, callback) {
    return this.run('switchMediaTracks', callback, () => this.media.switchTracks(constraints));
  }

  /**
   * Sends the screen in place of the camera until stopScreenSharing (or the browser's own "stop
   * sharing" button).
   * @param {DisplayMediaStreamOptions} [options]
   * @param {(error: Error | null, stream?: MediaStream) => void} [callback]
   */
  startScreenSharing(options, callback) {
    return this.run('startScreenSharing', callback, () =>
      this.media.startScreenSharing(options, () => this.stopScreenSharing()));
  }

  /** @param {(error: Error | null) => void} [callback] */
  stopScreenSharing(callback) {
    return this.run('stopScreenSharing', callback, () => this.media.stopScreenSharing());
  }

  get isSharingScreen() {
    return this.media.isSharingScreen;
  }

  /**
   * Caps each outgoing video stream, in kbit/s; 0 lifts the cap.
   * @param {number} kbps
   */
  setMaxBandwidth(kbps) {
    if (!Number.isFinite(kbps) || kbps < 0) throw new ParleyError('setMaxBandwidth takes kbit/s ≥ 0');
    this.maxBandwidthKbps = kbps;
    return Promise.all([...this.peers.values()].filter((p) => !p.closed).map((p) => p.setMaxBandwidth(kbps)));
  }

  // ---- call control ----

  /**
   * Calls every opponent (the initiator only, once).
   * @param {Record<string, any>} [extension] userInfo for the opponents
   * @param {(error: Error | null) => void} [callback]
   */
  call(extension = {}, callback) {
    return this.act('call', extension, callback, async () => {
      if (this.initiatorID !== this.currentUserID) throw new ParleyError('only the initiator calls; accept instead');
      if (this.state !== SessionState.NEW) throw new ParleyError('the call was already started');
      this.requireStream();
      this.state = SessionState.ACTIVE;
      await Promise.all(this.opponentsIDs.map((id) => this.dial(id, extension)));
    });
  }

  /**
   * Accepts an incoming call, then calls the other opponents of a group call whose id is lower.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  accept(extension = {}, callback) {
    return this.act('accept', extension, callback, async () => {
      if (this.state !== SessionState.NEW || this.initiatorID === this.currentUserID) {
        throw new ParleyError('only a ringing incoming call can be accepted');
      }
      this.requireStream();
      this.state = SessionState.ACTIVE;
      this.host.timers.clearTimeout(this.ringTimer);
      const answers = [...this.peers.values()].filter((p) => p.pendingOffer !== null).map((p) => this.answerPeer(p, extension));
      const meshCalls = this.participants
        .filter((id) => id !== this.initiatorID && id < this.currentUserID && !this.peers.has(id))
        .map((id) => this.dial(id, extension));
      await Promise.all([...answers, ...meshCalls]);
      this.startStats();
      this.mediaStates.start();
    });
  }

  /**
   * Declines an incoming call.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  reject(extension = {}, callback) {
    return this.act('reject', extension, callback, async () => {
      if (this.state !== SessionState.NEW || this.initiatorID === this.currentUserID) {
        throw new ParleyError('only a ringing incoming call can be rejected');
      }
      this.state = SessionState.REJECTED;
      const callers = new Set([this.initiatorID, ...this.peers.keys()]);
      await Promise.all([...callers].map((id) => this.send(id, SignalType.REJECT, { userInfo: extension.userInfo ?? extension })));
      this.close();
    });
  }

  /**
   * Hangs up: tells every peer and closes the session.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  stop(extension = {}, callback) {
    return this.act('stop', extension, callback, async () => {
      if (this.state === SessionState.NEW && this.initiatorID === this.currentUserID) {
        this.close(); // an outgoing call given up before call(): nobody to tell
        return;
      }
      if (this.state !== SessionState.ACTIVE) throw new ParleyError('only an active call can be hung up');
      this.state = SessionState.HUNGUP;
      const reached = [...this.peers.values()].filter((p) => !p.closed).map((p) => p.userId);
      await Promise.all(reached.map((id) => this.send(id, SignalType.STOP, { userInfo: extension.userInfo ?? extension })));
      this.close();
    });
  }

  /**
   * Sends userInfo to the peers (or one of them) during a call: `onUpdateCallListener` on their side.
   * @param {Record<string, any>} extension `{userInfo: {...}}` or the userInfo itself
   * @param {number} [userId]
   * @param {(error: Error | null) => void} [callback]
   */
  update(extension, userId, callback) {
    return this.act('update', extension, callback, async () => {
      if (this.state !== SessionState.ACTIVE) throw new ParleyError('only an active call can be updated');
      const targets = userId !== undefined ? [userId] : [...this.peers.values()].filter((p) => !p.closed).map((p) => p.userId);
      await Promise.all(targets.map((id) => this.send(id, SignalType.UPDATE, { userInfo: extension?.userInfo ?? extension ?? {} })));
    });
  }

  requireStream() {
    if (!this.media.stream) throw new ParleyError('no local stream: call getUserMedia first');
  }

  /** Offers a connection to one opponent and re-sends the call until it answers or time runs out. */
  /** @param {number} userId @param {Record<string, any>} extension */
  async dial(userId, extension) {
    const peer = this.newPeer(userId, true);
    peer.addLocalStream(/** @type {MediaStream} */ (this.media.stream));
    const offer = await peer.createOffer();
    const { timers, config } = this.host;
    const userInfo = extension.userInfo ?? extension;
    const dial = {
      offer,
      calls: 0,
      dialTimer: timers.setInterval(() => this.sendCall(userId, dial, userInfo), config.dialingTimeMs),
      answerTimer: timers.setTimeout(() => this.onNoAnswer(userId), config.answerTimeMs),
    };
    this.dialing.set(userId, dial);
    await this.sendCall(userId, dial, userInfo);
  }

  /** @param {number} userId @param {{offer: string, calls: number}} dial @param {Record<string, any>} userInfo */
  async sendCall(userId, dial, userInfo) {
    dial.calls += 1;
    this.callsSent.set(userId, dial.calls);
    await this.send(userId, SignalType.CALL, { sdp: dial.offer, userInfo });
  }

  /** @param {number} userId */
  stopDialing(userId) {
    const dial = this.dialing.get(userId);
    if (!dial) return;
    this.host.timers.clearInterval(dial.dialTimer);
    this.host.timers.clearTimeout(dial.answerTimer);
    this.dialing.delete(userId);
  }

  /** @param {number} userId */
  onNoAnswer(userId) {
    this.stopDialing(userId);
    this.host.emit('onUserNotAnswerListener', this, userId);
    // Stop the opponent's ringing too, in case it is still there.
    this.send(userId, SignalType.STOP, { userInfo: { reason: 'no_answer' } });
    this.closePeer(userId);
  }

  /** @param {Peer} peer @param {Record<string, any>} extension */
  async answerPeer(peer, extension) {
    const offer = /** @type {string} */ (peer.pendingOffer);
    peer.pendingOffer = null;
    peer.addLocalStream(/** @type {MediaStream} */ (this.media.stream));
    const answer = await peer.answer(offer);
    await this.send(peer.userId, SignalType.ACCEPT, { sdp: answer, userInfo: extension.userInfo ?? extension });
    peer.startSendingCandidates();
    await this.applyBandwidth(peer);
  }

  /** @param {Peer} peer */
  async applyBandwidth(peer) {
    if (this.maxBandwidthKbps > 0) await peer.setMaxBandwidth(this.maxBandwidthKbps);
  }

  /** @param {number} userId @param {boolean} isOfferer */
  newPeer(userId, isOfferer) {
    this.peers.get(userId)?.close();
    const { config } = this.host;
    const peer = new Peer(userId, isOfferer, { iceServers: config.iceServers, disconnectTimeMs: config.disconnectTimeMs }, {
      timers: this.host.timers,
      log: this.host.log,
      signal: (id, params) => { this.send(id, /** @type {string} */ (params.signalType), params); },
      connectionStateChanged: (p, state) => {
        if (this.peers.get(p.userId) !== p) return;
        this.mediaStates.connectionChanged(p.userId, state);
        this.host.emit('onSessionConnectionStateChangedListener', this, p.userId, state);
      },
      reconnectionStateChanged: (p, state) => this.host.emit('onReconnectListener', this, p.userId, state),
      remoteStreamAdded: (p, stream) => {
        if (this.remoteStreams.get(p.userId) === stream) return;
        this.remoteStreams.set(p.userId, stream);
        this.host.emit('onRemoteStreamListener', this, p.userId, stream);
      },
      disconnectTimedOut: (p) => this.closePeer(p.userId),
    });
    this.peers.set(userId, peer);
    return peer;
  }

  /** @param {number} userId */
  closePeer(userId) {
    this.stopDialing(userId);
    const peer = this.peers.get(userId);
    if (peer && !peer.closed) {
      peer.close();
      const stream = this.remoteStreams.get(userId);
      if (stream) {
        this.remoteStreams.delete(userId);
        this.host.emit('onRemoteStreamRemovedListener', this, userId, stream);
      }
    }
    this.stats.forget(userId);
    this.mediaStates.forget(userId);
    if (this.state === SessionState.ACTIVE && [...this.peers.values()].every((p) => p.closed)) this.close();
  }

  /** Closes everything: peers, timers, local devices. Safe to call more than once. */
  close() {
    if (this.state === SessionState.CLOSED) return;
    const { timers } = this.host;
    for (const userId of [...this.dialing.keys()]) this.stopDialing(userId);
    timers.clearTimeout(this.ringTimer);
    this.stats.stop();
    this.mediaStates.stop();
    for (const peer of this.peers.values()) peer.close();
    for (const [userId, stream] of this.remoteStreams) this.host.emit('onRemoteStreamRemovedListener', this, userId, stream);
    this.remoteStreams.clear();
    this.media.stop();
    this.state = SessionState.CLOSED;
    this.host.sessionClosed(this);
  }

  // ---- signals in ----

  /**
   * An incoming call signal of this session, from a participant.
   * @param {number} from
   * @param {Record<string, any>} params
   */
  async onSignal(from, params) {
    if (this.state === SessionState.CLOSED || !this.participants.includes(from)) return;
    const userInfo = params.userInfo && typeof params.userInfo === 'object' ? params.userInfo : {};
    switch (params.signalType) {
      case SignalType.CALL: return this.onCall(from, params.sdp);
      case SignalType.ACCEPT: return this.onAccept(from, params.sdp, userInfo);
      case SignalType.REJECT: return this.onReject(from, userInfo);
      case SignalType.STOP: return this.onStop(from, userInfo);
      case SignalType.UPDATE: return this.onUpdate(from, params, userInfo);
      case SignalType.CANDIDATES: return this.peers.get(from)?.addRemoteCandidates(toCandidates(params.iceCandidates));
      case SignalType.ICE_RESTART: return this.peers.get(from)?.onIceRestart(params.sdp);
      case SignalType.ICE_RESTART_ACCEPT: return this.peers.get(from)?.onIceRestartAccept(params.sdp);
      default: this.host.log.debug('unknown signal type', params.signalType);
    }
  }

  /** The first call of an incoming session: ring until accept, reject or the answer timeout. */
  /** @param {number} from @param {string} sdp */
  ring(from, sdp) {
    const peer = this.newPeer(from, false);
    peer.pendingOffer = sdp;
    this.ringTimer = this.host.timers.setTimeout(() => {
      if (this.state === SessionState.NEW) this.close();
    }, this.host.config.answerTimeMs);
  }

  /** @param {number} from @param {string} sdp */
  async onCall(from, sdp) {
    const existing = this.peers.get(from);
    if (existing && !existing.closed) return; // a dialing re-send
    if (typeof sdp !== 'string') return;
    const peer = this.newPeer(from, false);
    peer.pendingOffer = sdp;
    // A mesh call from another opponent: an active session accepts it by itself.
    if (this.state === SessionState.ACTIVE) await this.answerPeer(peer, {});
  }

  /** @param {number} from @param {string} sdp @param {Record<string, any>} userInfo */
  async onAccept(from, sdp, userInfo) {
    const peer = this.peers.get(from);
    if (!peer || peer.closed || !this.dialing.has(from) || typeof sdp !== 'string') return;
    this.stopDialing(from);
    await peer.acceptAnswer(sdp);
    peer.startSendingCandidates();
    await this.applyBandwidth(peer);
    this.startStats();
    this.mediaStates.start();
    this.host.emit('onAcceptCallListener', this, from, userInfo);
  }

  /** @param {number} from @param {Record<string, any>} userInfo */
  onReject(from, userInfo) {
    if (!this.dialing.has(from)) return;
    this.host.emit('onRejectCallListener', this, from, userInfo);
    this.closePeer(from);
  }

  /** @param {number} from @param {Record<string, any>} userInfo */
  onStop(from, userInfo) {
    this.host.emit('onStopCallListener', this, from, userInfo);
    if (this.state === SessionState.NEW && from === this.initiatorID) {
      this.close(); // the caller gave up before we answered
    } else {
      this.closePeer(from);
    }
  }

  /** @param {number} from @param {Record<string, any>} params @param {Record<string, any>} userInfo */
  async onUpdate(from, params, userInfo) {
    const description = params.sessionDescription;
    if (params.reason === 'reconnect' && description && typeof description.sdp === 'string') {
      // The ConnectyCube form of ICE restart (docs/protocol.md §3.2, `update`).
      const peer = this.peers.get(from);
      if (!peer) return;
      if (description.type === 'offer') {
        const answer = await peer.answer(description.sdp);
        await this.send(from, SignalType.UPDATE, {
          reason: 'reconnect',
          sessionDescription: { offerId: description.offerId ?? '', sdp: answer, type: 'answer' },
        });
      } else {
        await peer.onIceRestartAccept(description.sdp);
      }
      return;
    }
    if (this.mediaStates.receive(from, userInfo)) return;
    this.host.emit('onUpdateCallListener', this, from, userInfo);
  }

  // ---- stats ----

  /**
   * Registers a listener of stats reports (used by StatsReportsManager); returns its remover.
   * @param {(userId: number, stats: import('./stats.js').StatsSummary) => void} listener
   */
  addStatsListener(listener) {
    return this.stats.addListener(listener);
  }

  /** The current statistics of the connection with one user. @param {number} userId */
  getStats(userId) {
    return this.stats.sample(userId);
  }

  startStats() {
    this.stats.start();
  }

  // ---- plumbing ----

  /**
   * Sends one signal of this session; a failure to send is logged, never thrown (re-sends and
   * timeouts cover a lost signal).
   * @param {number} userId @param {string} signalType @param {Record<string, unknown>} fields
   */
  async send(userId, signalType, fields = {}) {
    const { signalType: _ignored, ...rest } = fields;
    try {
      await this.host.sendSignal(userId, {
        moduleIdentifier: MODULE_IDENTIFIER,
        signalType,
        sessionID: this.ID,
        callType: this.callType,
        callerID: this.initiatorID,
        opponentsIDs: this.opponentsIDs,
        platform: 'web',
        ...rest,
      });
    } catch (error) {
      this.host.log.debug(`${signalType} to ${userId} not sent`, error);
    }
  }

  /**
   * Runs an app-called action; one that fails goes to onInvalidEventsListener and the callback or
   * Promise, never further.
   * @param {string} event @param {Record<string, any>} extension
   * @param {((error: Error | null) => void) | undefined} callback @param {() => Promise<void>} action
   */
  act(event, extension, callback, action) {
    return this.run(event, callback, () => action().catch((error) => {
      this.host.emit('onInvalidEventsListener', event, this, this.currentUserID, extension?.userInfo ?? extension, error);
      throw error;
    }));
  }

  /**
   * @template T
   * @param {string} event @param {((error: Error | null, value?: any) => void) | undefined} callback
   * @param {() => Promise<T>} action @returns {Promise<T>}
   */
  run(event, callback, action) {
    const promise = Promise.resolve().then(action);
    if (callback) {
      promise.then((value) => callback(null, value), (error) => callback(error));
      return promise.catch(() => /** @type {any} */ (undefined));
    }
    return promise;
  }
}

/** Candidates as signalled → RTCIceCandidateInit; an empty sdpMLineIndex means 0 (docs/protocol.md §3.2). */
/** @param {unknown} list @returns {RTCIceCandidateInit[]} */
function toCandidates(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((c) => c && typeof c.candidate === 'string')
    .map((c) => ({
      candidate: c.candidate,
      sdpMid: typeof c.sdpMid === 'string' && c.sdpMid !== '' ? c.sdpMid : null,
      sdpMLineIndex: Number(c.sdpMLineIndex) || 0,
    }));
}
