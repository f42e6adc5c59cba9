import { ParleyError } from '../errors.js';
import { useIceServers } from '../iceservers.js';
import { ReconnectionState, SessionConnectionState } from './constants.js';
import { Signal } from './signal/signals.js';

const CANDIDATE_BATCH_MS = 20;
const MAX_BUFFERED_CANDIDATES = 200;
/** How long a `disconnected` ICE state may last before the offerer restarts ICE. */
const RESTART_AFTER_DISCONNECT_MS = 1000;
/** While still disconnected, how often the offerer tries another ICE restart. */
const RESTART_RETRY_MS = 4000;

/** RTCPeerConnection's ICE connection state → SessionConnectionState. */
const ICE_STATES = /** @type {Record<RTCIceConnectionState, number>} */ ({
  new: SessionConnectionState.UNDEFINED,
  checking: SessionConnectionState.CONNECTING,
  connected: SessionConnectionState.CONNECTED,
  completed: SessionConnectionState.COMPLETED,
  failed: SessionConnectionState.FAILED,
  disconnected: SessionConnectionState.DISCONNECTED,
  closed: SessionConnectionState.CLOSED,
});

/**
 * @typedef {object} PeerHost what a Peer needs from its session
 * @property {import('./signal/signals.js').SignalHeader} header the session's, for the signals the peer sends
 * @property {(userId: number, signal: import('./signal/signals.js').CallSignal) => void} send sends a signal to the peer
 * @property {(peer: Peer, state: number) => void} connectionStateChanged
 * @property {(peer: Peer, state: string) => void} reconnectionStateChanged
 * @property {(peer: Peer, stream: MediaStream) => void} remoteStreamAdded
 * @property {(peer: Peer) => void} disconnectTimedOut
 * @property {() => Promise<RTCIceServer[]>} iceServers the STUN/TURN servers for a local description made now
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 */

/**
 * The connection with one opponent of a call: an RTCPeerConnection, its trickle-ICE exchange, and
 * its reconnection by ICE restart. Remote candidates wait until the remote description is set;
 * local candidates wait until the peer is ready for them (`startSendingCandidates`). The side that
 * made the offer (`isOfferer`) drives ICE restarts, so two restarts never cross.
 */
export class Peer {
  /**
   * @param {number} userId
   * @param {boolean} isOfferer
   * @param {{disconnectTimeMs: number}} options
   * @param {PeerHost} host
   */
  constructor(userId, isOfferer, options, host) {
    this.userId = userId;
    this.isOfferer = isOfferer;
    this.options = options;
    this.host = host;
    this.pc = new RTCPeerConnection();
    /** @type {number} */
    this.connectionState = SessionConnectionState.UNDEFINED;
    /** @type {MediaStream | null} */
    this.remoteStream = null;
    /** @type {string | null} the offer received and not yet answered (callee side) */
    this.pendingOffer = null;
    this.closed = false;
    this.reconnecting = false;
    this.iceRestarts = 0;
    /** @type {RTCIceCandidateInit[]} */ this.remoteCandidates = [];
    /** @type {RTCIceCandidateInit[]} */ this.localCandidates = [];
    this.sendingCandidates = false;
    /** @type {unknown} */ this.candidateTimer = null;
    /** @type {unknown} */ this.disconnectTimer = null;
    /** @type {unknown} */ this.restartTimer = null;
    /** Rejects when the connection closes: what is still pending then would never settle (see guard). */
    this.closedWhilePending = new Promise((_, reject) => { this.abandon = reject; });
    this.closedWhilePending.catch(() => {});
    this.pc.onicecandidate = (event) => this.onLocalCandidate(event.candidate);
    this.pc.oniceconnectionstatechange = () => this.onIceStateChange();
    this.pc.ontrack = (event) => this.onTrack(event);
  }

  /** @param {MediaStream} stream */
  addLocalStream(stream) {
    for (const track of stream.getTracks()) this.pc.addTrack(track, stream);
  }

  /**
   * Runs an SDP step of the connection. A browser abandons the operations of a connection that closes (their
   * promises never settle: the WebRTC spec's "chain an operation" stops at a closed connection), so a step still pending then rejects at the close instead.
   * @template T @param {() => Promise<T>} step @returns {Promise<T>}
   */
  guard(step) {
    if (this.closed) return Promise.reject(new ParleyError('the connection is closed'));
    return Promise.race([step(), this.closedWhilePending]);
  }

  /** @returns {Promise<string>} the offer's SDP, set as local description */
  createOffer() {
    return this.guard(async () => {
      await this.updateIceServers();
      const offer = await this.pc.createOffer();
      await this.pc.setLocalDescription(offer);
      return /** @type {string} */ (this.pc.localDescription?.sdp);
    });
  }

  /** @param {string} sdp @returns {Promise<string>} the answer's SDP, set as local description */
  answer(sdp) {
    return this.guard(async () => {
      await this.setRemote('offer', sdp);
      await this.updateIceServers();
      const answer = await this.pc.createAnswer();
      await this.pc.setLocalDescription(answer);
      return /** @type {string} */ (this.pc.localDescription?.sdp);
    });
  }

  /**
   * Takes the servers current now (fresh TURN credentials) for the local description made next: the first one,
   * and each ICE restart's.
   */
  async updateIceServers() {
    const servers = await this.host.iceServers();
    if (!this.closed) useIceServers(this.pc, servers);
  }

  /** @param {string} sdp */
  acceptAnswer(sdp) {
    return this.guard(() => this.setRemote('answer', sdp));
  }

  /** @param {RTCSdpType} type @param {string} sdp */
  async setRemote(type, sdp) {
    // Line ends may arrive as LF alone: an XML parser turns CR LF into LF (XML 1.0 §2.11).
    await this.pc.setRemoteDescription({ type, sdp: sdp.replace(/\r?\n/g, '\r\n') });
    const buffered = this.remoteCandidates.splice(0);
    for (const candidate of buffered) await this.addCandidate(candidate);
  }

  /** @param {RTCIceCandidateInit[]} candidates */
  async addRemoteCandidates(candidates) {
    for (const candidate of candidates) {
      if (this.pc.remoteDescription) {
        await this.addCandidate(candidate);
      } else if (this.remoteCandidates.length < MAX_BUFFERED_CANDIDATES) {
        this.remoteCandidates.push(candidate);
      }
    }
  }

  /** @param {RTCIceCandidateInit} candidate */
  async addCandidate(candidate) {
    try {
      await this.pc.addIceCandidate(candidate);
    } catch (error) {
      this.host.log.debug('remote candidate refused', candidate.candidate, error);
    }
  }

  /** From now on local candidates go to the peer; those gathered so far go at once. */
  startSendingCandidates() {
    this.sendingCandidates = true;
    this.scheduleCandidates();
  }

  /** @param {RTCIceCandidate | null} candidate */
  onLocalCandidate(candidate) {
    if (!candidate || !candidate.candidate) return;
    this.localCandidates.push({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid,
      sdpMLineIndex: candidate.sdpMLineIndex,
    });
    if (this.sendingCandidates) this.scheduleCandidates();
  }

  scheduleCandidates() {
    if (this.candidateTimer !== null || this.localCandidates.length === 0 || this.closed) return;
    this.candidateTimer = this.host.timers.setTimeout(() => {
      this.candidateTimer = null;
      const batch = this.localCandidates.splice(0);
      if (batch.length && !this.closed) this.host.send(this.userId, Signal.iceCandidates(this.host.header, batch));
    }, CANDIDATE_BATCH_MS);
  }

  /** @param {RTCTrackEvent} event */
  onTrack(event) {
    const stream = event.streams[0] ?? this.remoteStream ?? new MediaStream();
    if (!event.streams[0]) stream.addTrack(event.track);
    if (this.remoteStream !== stream) {
      this.remoteStream = stream;
    }
    this.host.remoteStreamAdded(this, stream);
  }

  onIceStateChange() {
    if (this.closed) return;
    const iceState = this.pc.iceConnectionState;
    const state = ICE_STATES[iceState] ?? SessionConnectionState.UNDEFINED;
    if (state !== this.connectionState) {
      this.connectionState = state;
      this.host.connectionStateChanged(this, state);
    }
    if (iceState === 'connected' || iceState === 'completed') {
      this.onConnected();
    } else if (iceState === 'disconnected' || iceState === 'failed') {
      this.onConnectionLost(iceState === 'failed');
    }
  }

  onConnected() {
    this.host.timers.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    if (!this.reconnecting) return;
    this.reconnecting = false;
    this.host.timers.clearTimeout(this.disconnectTimer);
    this.disconnectTimer = null;
    this.host.reconnectionStateChanged(this, ReconnectionState.RECONNECTED);
  }

  /** @param {boolean} failed */
  onConnectionLost(failed) {
    if (!this.reconnecting) {
      this.reconnecting = true;
      this.host.reconnectionStateChanged(this, ReconnectionState.RECONNECTING);
      this.disconnectTimer = this.host.timers.setTimeout(() => this.onDisconnectTimeout(), this.options.disconnectTimeMs);
    }
    if (this.isOfferer && (failed || this.restartTimer === null)) {
      this.host.timers.clearTimeout(this.restartTimer);
      this.restartTimer = this.host.timers.setTimeout(() => this.restartIce(), failed ? 0 : RESTART_AFTER_DISCONNECT_MS);
    }
  }

  onDisconnectTimeout() {
    this.disconnectTimer = null;
    if (this.closed || !this.reconnecting) return;
    this.host.reconnectionStateChanged(this, ReconnectionState.FAILED);
    this.host.disconnectTimedOut(this);
  }

  /** Offers new ICE credentials (RFC 8445 §9), and again every few seconds until connected. */
  async restartIce() {
    this.restartTimer = null;
    if (this.closed || !this.reconnecting) return;
    this.restartTimer = this.host.timers.setTimeout(() => this.restartIce(), RESTART_RETRY_MS);
    try {
      if (this.pc.signalingState === 'have-local-offer') {
        // The last restart offer was never answered: drop it and offer again.
        await this.pc.setLocalDescription({ type: 'rollback' });
      }
      await this.updateIceServers();
      const offer = await this.pc.createOffer({ iceRestart: true });
      await this.pc.setLocalDescription(offer);
      this.iceRestarts += 1;
      this.host.log.debug('ICE restart', this.iceRestarts, 'with user', this.userId);
      this.host.send(this.userId, Signal.iceRestart(this.host.header, /** @type {string} */ (this.pc.localDescription?.sdp)));
    } catch (error) {
      this.host.log.debug('ICE restart failed', error);
    }
  }

  /** The peer restarts ICE: answer its offer. @param {string} sdp */
  async onIceRestart(sdp) {
    const answer = await this.answer(sdp);
    this.host.send(this.userId, Signal.iceRestartAccept(this.host.header, answer));
  }

  /**
   * ConnectyCube's form of an ICE restart (docs/protocol.md §3.2, `update`): answered in the same form.
   * @param {import('./signal/signals.js').Reconnect} reconnect
   */
  async onReconnect(reconnect) {
    if (!reconnect.offer) {
      await this.onIceRestartAccept(reconnect.sdp);
      return;
    }
    const answer = await this.answer(reconnect.sdp);
    this.host.send(this.userId, Signal.reconnect(this.host.header, reconnect.offerId, answer, false));
  }

  /** @param {string} sdp */
  async onIceRestartAccept(sdp) {
    if (this.pc.signalingState !== 'have-local-offer') return;
    await this.acceptAnswer(sdp);
  }

  /**
   * Caps every outgoing video encoding at kbit/s (RTCRtpSender.setParameters); 0 lifts the cap.
   * @param {number} kbps
   */
  async setMaxBandwidth(kbps) {
    for (const sender of this.pc.getSenders()) {
      if (sender.track?.kind !== 'video') continue;
      const parameters = sender.getParameters();
      if (!parameters.encodings?.length) continue;
      for (const encoding of parameters.encodings) {
        if (kbps > 0) encoding.maxBitrate = kbps * 1000;
        else delete encoding.maxBitrate;
      }
      await sender.setParameters(parameters);
    }
  }

  close() {
    if (this.closed) return;
    this.closed = true;
    this.abandon(new ParleyError('the connection closed'));
    const { timers } = this.host;
    timers.clearTimeout(this.candidateTimer);
    timers.clearTimeout(this.disconnectTimer);
    timers.clearTimeout(this.restartTimer);
    this.pc.onicecandidate = null;
    this.pc.oniceconnectionstatechange = null;
    this.pc.ontrack = null;
    this.pc.close();
    this.connectionState = SessionConnectionState.CLOSED;
    this.host.connectionStateChanged(this, SessionConnectionState.CLOSED);
  }
}
