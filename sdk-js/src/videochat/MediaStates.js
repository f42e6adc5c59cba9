import { SessionConnectionState } from './constants.js';
import { MediaStateDetector } from './MediaStateDetector.js';
import { Signal } from './signal/signals.js';

/** How often the media of peers that do not signal their state is looked at. */
const LOOK_INTERVAL_MS = 1000;
const LISTENER = 'onRemoteMediaStateListener';

/**
 * @typedef {object} RemoteMediaState
 * @property {boolean} audioMuted the user's microphone is muted
 * @property {boolean} videoMuted the user's camera is off (video calls)
 */

/**
 * Who has the microphone muted or the camera off, at both ends of a call's peer connections.
 *
 * Outgoing: when this user mutes or unmutes during the call, and when a peer connects while something
 * is muted, the peers get an `update` signal whose userInfo is `{mediaState: {audioMuted,
 * videoMuted}}` ("true"/"false"; docs/protocol.md §3.2 carries UI changes in `update`, §3.3 this use).
 * Incoming: such an update sets the peer's state exactly and at once, and from then on that peer's
 * word is taken. Peers that never send it (the ConnectyCube, QuickBlox and Java SDKs) are judged from
 * their media instead, once a second, while the app listens (MediaStateDetector). Either way a change
 * calls `onRemoteMediaStateListener`.
 */
export class MediaStates {
  /**
   * @param {import('./CallSession.js').CallSession} session
   * @param {import('./CallSession.js').SessionHost} host
   */
  constructor(session, host) {
    this.session = session;
    this.host = host;
    /** @type {Map<number, RemoteMediaState>} */ this.remote = new Map();
    /** Peers that state their media by signal. @type {Set<number>} */ this.signalling = new Set();
    /** Peers whose connection has been up: they hear of each change. @type {Set<number>} */ this.connected = new Set();
    /** @type {Map<number, MediaStateDetector>} */ this.detectors = new Map();
    /** @type {unknown} */ this.timer = null;
    this.looking = false;
  }

  /** @param {number} userId @returns {RemoteMediaState} */
  of(userId) {
    return { ...(this.remote.get(userId) ?? { audioMuted: false, videoMuted: false }) };
  }

  /** Starts looking at the peers' media (once the call is active). */
  start() {
    if (this.timer !== null) return;
    this.timer = this.host.timers.setInterval(() => this.lookAll(), LOOK_INTERVAL_MS);
  }

  // ---- this user's state, to the peers ----

  /** This user muted or unmuted: tell every peer that has connected. */
  announce() {
    for (const userId of this.connected) this.tell(userId);
  }

  /**
   * The first time the connection with a peer is up, tell it what is muted here, if anything.
   * @param {number} userId @param {number} state SessionConnectionState
   */
  connectionChanged(userId, state) {
    if (!isUp(state) || this.connected.has(userId)) return;
    this.connected.add(userId);
    const own = this.ownState();
    if (own.audioMuted === 'true' || own.videoMuted === 'true') this.tell(userId);
  }

  /** @param {number} userId */
  tell(userId) {
    const peer = this.session.peers.get(userId);
    if (!peer || peer.closed) return;
    this.session.send(userId, Signal.update(this.session.header, { mediaState: this.ownState() }));
  }

  /** What this user sends, for the kinds the local stream has. @returns {Record<string, string>} */
  ownState() {
    const stream = this.session.localStream;
    /** @type {Record<string, string>} */
    const state = {};
    if (stream?.getAudioTracks().length) state.audioMuted = String(this.session.isMuted('audio'));
    if (stream?.getVideoTracks().length) state.videoMuted = String(this.session.isMuted('video'));
    return state;
  }

  // ---- the peers' state, from signals and from their media ----

  /**
   * An `update` from a peer: takes its `mediaState`, if any. Returns true when that was all the update
   * carried (the SDK's own signal, not for onUpdateCallListener).
   * @param {number} userId @param {Record<string, any>} userInfo
   */
  receive(userId, userInfo) {
    const { mediaState, ...rest } = userInfo;
    if (!mediaState || typeof mediaState !== 'object') return false;
    this.signalling.add(userId);
    this.detectors.get(userId)?.stop();
    this.detectors.delete(userId);
    /** @type {Partial<RemoteMediaState>} */
    const change = {};
    if (mediaState.audioMuted !== undefined) change.audioMuted = String(mediaState.audioMuted) === 'true';
    if (mediaState.videoMuted !== undefined) change.videoMuted = String(mediaState.videoMuted) === 'true';
    this.set(userId, change);
    return Object.keys(rest).length === 0;
  }

  /** One look at the media of every connected peer that does not signal its state. */
  async lookAll() {
    if (this.looking || !this.host.listens(LISTENER)) return;
    this.looking = true;
    try {
      for (const peer of [...this.session.peers.values()]) {
        if (this.timer === null) return; // stopped while looking
        if (peer.closed || this.signalling.has(peer.userId) || !isUp(peer.connectionState)) continue;
        let detector = this.detectors.get(peer.userId);
        if (!detector) this.detectors.set(peer.userId, (detector = new MediaStateDetector(this.host.frameProbe)));
        const stream = this.session.remoteStreams.get(peer.userId);
        try {
          const look = await detector.look(peer.pc, stream?.getVideoTracks()[0]);
          if (this.detectors.get(peer.userId) === detector) this.set(peer.userId, look);
        } catch (error) {
          this.host.log.debug('media state look failed', error);
        }
      }
    } finally {
      this.looking = false;
    }
  }

  /** @param {number} userId @param {Partial<RemoteMediaState>} change */
  set(userId, change) {
    if (this.session.peers.get(userId)?.closed ?? true) return;
    const before = this.of(userId);
    const after = { ...before, ...change };
    if (after.audioMuted === before.audioMuted && after.videoMuted === before.videoMuted) return;
    this.remote.set(userId, after);
    this.host.emit(LISTENER, this.session, userId, { ...after });
  }

  /** The peer left. @param {number} userId */
  forget(userId) {
    this.detectors.get(userId)?.stop();
    this.detectors.delete(userId);
    this.remote.delete(userId);
    this.signalling.delete(userId);
    this.connected.delete(userId);
  }

  stop() {
    this.host.timers.clearInterval(this.timer);
    this.timer = null;
    for (const userId of [...this.detectors.keys()]) this.forget(userId);
  }
}

/** @param {number} state SessionConnectionState */
function isUp(state) {
  return state === SessionConnectionState.CONNECTED || state === SessionConnectionState.COMPLETED;
}
