import { ParleyError } from '../errors.js';
import { SessionState } from './constants.js';
import { Dialer } from './Dialer.js';
import { Peer } from './Peer.js';
import { Signal } from './signal/signals.js';

/**
 * The state machine of one call session (docs/protocol.md §3.3): the transitions the app's actions make, the
 * ones the peers' signals make, and the Peer of each opponent. Group calls are a mesh: after accepting, a callee
 * calls each other opponent whose id is lower than its own, and an active session accepts such calls by itself.
 *
 * Races are settled here: a peer is told of a hang-up only if it knows of the session (so a call given up
 * before its offer was made sends nothing), an offer or answer that completes after the session or the peer
 * closed is never sent, and hanging up a session that is closing or closed already does nothing.
 */
export class CallFlow {
  /**
   * @param {import('./CallSession.js').CallSession} session
   * @param {import('./CallSession.js').SessionHost} host
   */
  constructor(session, host) {
    this.session = session;
    this.host = host;
    /** @type {number} SessionState */
    this.state = SessionState.NEW;
    /** @type {Map<number, Peer>} */
    this.peers = new Map();
    /** The remote stream of each peer, once it arrived. @type {Map<number, MediaStream>} */
    this.remoteStreams = new Map();
    /** Peers that know of the session: they called us, or we sent them a call or an accept. @type {Set<Peer>} */
    this.reached = new Set();
    this.dialer = new Dialer(host.timers, host.config, {
      sendCall: (userId, call) => this.sendCall(userId, call),
      noAnswer: (userId) => this.onNoAnswer(userId),
    });
    /** @type {unknown} */ this.ringTimer = null;
  }

  get header() {
    return this.session.header;
  }

  get inCall() {
    return this.state === SessionState.ACTIVE;
  }

  // ---- the app's actions ----

  /** @param {import('./signal/signals.js').UserInfo} userInfo */
  async start(userInfo) {
    const { session } = this;
    if (session.initiatorID !== session.currentUserID) throw new ParleyError('only the initiator calls; accept instead');
    if (this.state !== SessionState.NEW) throw new ParleyError('the call was already started');
    session.requireStream();
    this.state = SessionState.ACTIVE;
    await Promise.all(session.opponentsIDs.map((id) => this.dial(id, userInfo)));
  }

  /** @param {import('./signal/signals.js').UserInfo} userInfo */
  async accept(userInfo) {
    const { session } = this;
    if (this.state !== SessionState.NEW || session.initiatorID === session.currentUserID) {
      throw new ParleyError('only a ringing incoming call can be accepted');
    }
    session.requireStream();
    this.state = SessionState.ACTIVE;
    this.host.timers.clearTimeout(this.ringTimer);
    const answers = [...this.peers.values()].filter((p) => p.pendingOffer !== null).map((p) => this.answer(p, userInfo));
    const meshCalls = session.participants
      .filter((id) => id !== session.initiatorID && id < session.currentUserID && !this.peers.has(id))
      .map((id) => this.dial(id, userInfo));
    await Promise.all([...answers, ...meshCalls]);
    if (!this.inCall) return; // the call ended while it was being accepted
    session.stats.start();
    session.mediaStates.start();
  }

  /** @param {import('./signal/signals.js').UserInfo} userInfo */
  async reject(userInfo) {
    const { session } = this;
    if (this.state !== SessionState.NEW || session.initiatorID === session.currentUserID) {
      throw new ParleyError('only a ringing incoming call can be rejected');
    }
    this.state = SessionState.REJECTED;
    const callers = new Set([session.initiatorID, ...this.peers.keys()]);
    await Promise.all([...callers].map((id) => this.send(id, Signal.reject(this.header, userInfo))));
    this.close();
  }

  /**
   * Tells every peer that knows of the session, and closes it. A session closing or closed already: nothing.
   * @param {import('./signal/signals.js').UserInfo} userInfo
   */
  async hangUp(userInfo) {
    const { session } = this;
    if (this.state === SessionState.HUNGUP || this.state === SessionState.REJECTED || this.state === SessionState.CLOSED) return;
    if (this.state === SessionState.NEW && session.initiatorID !== session.currentUserID) {
      throw new ParleyError('a ringing call is rejected, not hung up');
    }
    this.state = SessionState.HUNGUP;
    const told = [...this.peers.values()].filter((p) => !p.closed && this.reached.has(p));
    await Promise.all(told.map((p) => this.send(p.userId, Signal.hangUp(this.header, userInfo))));
    this.close();
  }

  /** @param {import('./signal/signals.js').UserInfo} userInfo @param {number} [userId] one peer, or all */
  async update(userInfo, userId) {
    if (!this.inCall) throw new ParleyError('only an active call can be updated');
    const targets = userId !== undefined ? [userId]
      : [...this.peers.values()].filter((p) => !p.closed && this.reached.has(p)).map((p) => p.userId);
    await Promise.all(targets.map((id) => this.send(id, Signal.update(this.header, userInfo))));
  }

  // ---- outgoing and incoming offers ----

  /**
   * Offers a connection to one opponent, then the dialer calls it until it answers or time runs out.
   * @param {number} userId @param {import('./signal/signals.js').UserInfo} userInfo
   */
  async dial(userId, userInfo) {
    const peer = this.newPeer(userId, true);
    peer.addLocalStream(/** @type {MediaStream} */ (this.session.localStream));
    let offer;
    try {
      offer = await peer.createOffer();
    } catch (error) {
      if (peer.closed) return; // hung up while the offer was being made
      throw error;
    }
    if (peer.closed || !this.inCall) return; // hung up while the offer was being made
    this.dialer.dial(userId, Signal.call(this.header, offer, userInfo));
  }

  /** @param {number} userId @param {import('./signal/signals.js').CallOffer} call */
  sendCall(userId, call) {
    const peer = this.peers.get(userId);
    if (peer) this.reached.add(peer);
    this.send(userId, call);
  }

  /** @param {number} userId */
  onNoAnswer(userId) {
    this.host.emit('onUserNotAnswerListener', this.session, userId);
    // Stop the opponent's ringing too, in case it still rings.
    this.send(userId, Signal.hangUp(this.header, { reason: 'no_answer' }));
    this.closePeer(userId);
  }

  /** @param {Peer} peer @param {import('./signal/signals.js').UserInfo} userInfo */
  async answer(peer, userInfo) {
    const offer = /** @type {string} */ (peer.pendingOffer);
    peer.pendingOffer = null;
    peer.addLocalStream(/** @type {MediaStream} */ (this.session.localStream));
    let answer;
    try {
      answer = await peer.answer(offer);
    } catch (error) {
      if (peer.closed) return; // the caller gave up meanwhile: nothing to answer any more
      throw error;
    }
    if (peer.closed || !this.inCall) return; // the caller gave up while the answer was being made
    this.reached.add(peer);
    await this.send(peer.userId, Signal.accept(this.header, answer, userInfo));
    peer.startSendingCandidates();
    await this.applyBandwidth(peer);
  }

  /** The first call of an incoming session: ring until accept, reject or the answer time. */
  /** @param {number} from @param {string} sdp */
  ring(from, sdp) {
    this.onCall(from, sdp);
    this.ringTimer = this.host.timers.setTimeout(() => {
      if (this.state === SessionState.NEW) this.close();
    }, this.host.config.answerTimeMs);
  }

  // ---- signals in ----

  /**
   * A signal of this session from one of its participants.
   * @param {number} from @param {import('./signal/signals.js').CallSignal} signal
   */
  async onSignal(from, signal) {
    const open = this.state === SessionState.NEW || this.state === SessionState.ACTIVE;
    if (!open || !this.session.participants.includes(from)) return; // closing or closed: nothing changes it
    const peer = this.peers.get(from);
    switch (signal.kind) {
      case 'call': return this.onCall(from, signal.sdp);
      case 'accept': return this.onAccept(from, signal);
      case 'reject': return this.onReject(from, signal.userInfo);
      case 'hangUp': return this.onHangUp(from, signal.userInfo);
      case 'update':
        if (this.session.mediaStates.receive(from, signal.userInfo)) return undefined;
        return this.host.emit('onUpdateCallListener', this.session, from, signal.userInfo);
      default:
        if (!peer || peer.closed) return undefined;
        if (signal.kind === 'iceCandidates') return peer.addRemoteCandidates(signal.candidates);
        if (signal.kind === 'iceRestart') return peer.onIceRestart(signal.sdp);
        if (signal.kind === 'iceRestartAccept') return peer.onIceRestartAccept(signal.sdp);
        return peer.onReconnect(signal);
    }
  }

  /** @param {number} from @param {string} sdp */
  async onCall(from, sdp) {
    const existing = this.peers.get(from);
    if (existing && !existing.closed) return; // a dialing re-send
    const peer = this.newPeer(from, false);
    peer.pendingOffer = sdp;
    this.reached.add(peer);
    // A mesh call from another opponent: an active session accepts it by itself.
    if (this.inCall) await this.answer(peer, {});
  }

  /** @param {number} from @param {import('./signal/signals.js').Accept} accept */
  async onAccept(from, accept) {
    const peer = this.peers.get(from);
    if (!peer || peer.closed || !this.dialer.stop(from)) return;
    try {
      await peer.acceptAnswer(accept.sdp);
    } catch (error) {
      if (peer.closed) return; // hung up while the answer was being applied
      throw error;
    }
    peer.startSendingCandidates();
    await this.applyBandwidth(peer);
    this.session.stats.start();
    this.session.mediaStates.start();
    this.host.emit('onAcceptCallListener', this.session, from, accept.userInfo);
  }

  /** @param {number} from @param {import('./signal/signals.js').UserInfo} userInfo */
  onReject(from, userInfo) {
    if (!this.dialer.stop(from)) return;
    this.host.emit('onRejectCallListener', this.session, from, userInfo);
    this.closePeer(from);
  }

  /** @param {number} from @param {import('./signal/signals.js').UserInfo} userInfo */
  onHangUp(from, userInfo) {
    this.host.emit('onStopCallListener', this.session, from, userInfo);
    if (this.state === SessionState.NEW && from === this.session.initiatorID) {
      this.close(); // the caller gave up before we answered
    } else {
      this.closePeer(from);
    }
  }

  // ---- the peers ----

  /** @param {number} userId @param {boolean} isOfferer */
  newPeer(userId, isOfferer) {
    this.peers.get(userId)?.close();
    const { config } = this.host;
    const peer = new Peer(userId, isOfferer, { disconnectTimeMs: config.disconnectTimeMs }, {
      iceServers: this.host.iceServers,
      timers: this.host.timers,
      log: this.host.log,
      header: this.header,
      send: (id, signal) => { this.send(id, signal); },
      connectionStateChanged: (p, state) => {
        if (this.peers.get(p.userId) !== p) return;
        this.session.mediaStates.connectionChanged(p.userId, state);
        this.host.emit('onSessionConnectionStateChangedListener', this.session, p.userId, state);
      },
      reconnectionStateChanged: (p, state) => this.host.emit('onReconnectListener', this.session, p.userId, state),
      remoteStreamAdded: (p, stream) => {
        if (this.remoteStreams.get(p.userId) === stream) return;
        this.remoteStreams.set(p.userId, stream);
        this.host.emit('onRemoteStreamListener', this.session, p.userId, stream);
      },
      disconnectTimedOut: (p) => this.closePeer(p.userId),
    });
    this.peers.set(userId, peer);
    return peer;
  }

  /** @param {Peer} peer */
  async applyBandwidth(peer) {
    const kbps = this.session.maxBandwidthKbps;
    if (kbps > 0) await peer.setMaxBandwidth(kbps);
  }

  /** @param {number} userId */
  closePeer(userId) {
    this.dialer.stop(userId);
    const peer = this.peers.get(userId);
    if (peer && !peer.closed) {
      peer.close();
      const stream = this.remoteStreams.get(userId);
      if (stream) {
        this.remoteStreams.delete(userId);
        this.host.emit('onRemoteStreamRemovedListener', this.session, userId, stream);
      }
    }
    this.session.stats.forget(userId);
    this.session.mediaStates.forget(userId);
    if (this.inCall && [...this.peers.values()].every((p) => p.closed)) this.close();
  }

  /** Closes everything: peers, timers, local devices. Safe to call more than once. */
  close() {
    if (this.state === SessionState.CLOSED) return;
    this.dialer.stopAll();
    this.host.timers.clearTimeout(this.ringTimer);
    this.session.stats.stop();
    this.session.mediaStates.stop();
    for (const peer of this.peers.values()) peer.close();
    for (const [userId, stream] of this.remoteStreams) this.host.emit('onRemoteStreamRemovedListener', this.session, userId, stream);
    this.remoteStreams.clear();
    this.session.media.stop();
    this.session.audioOutput.clear();
    this.state = SessionState.CLOSED;
    this.host.sessionClosed(this.session);
  }

  /**
   * Sends one signal of this session; a failure to send is logged, never thrown (re-sends and timeouts cover
   * a lost signal).
   * @param {number} userId @param {import('./signal/signals.js').CallSignal} signal
   */
  async send(userId, signal) {
    try {
      await this.host.sendSignal(userId, signal);
    } catch (error) {
      this.host.log.debug(`${signal.kind} to ${userId} not sent`, error);
    }
  }
}
