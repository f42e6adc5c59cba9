import { ParleyError } from '../errors.js';
import { AudioOutput } from './AudioOutput.js';
import { CallFlow } from './CallFlow.js';
import { CallType, PLATFORM, SessionConnectionState, SessionState } from './constants.js';
import { LocalMedia, attachMediaStream, detachMediaStream } from './LocalMedia.js';
import { MediaStates } from './MediaStates.js';
import { SessionStats } from './SessionStats.js';
import { signalHeader } from './signal/signals.js';

/**
 * @typedef {object} SessionHost what a session needs from VideoChat
 * @property {import('../config.js').ResolvedConfig['videochat']} config
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 * @property {() => Promise<RTCIceServer[]>} iceServers the STUN/TURN servers for a connection's next local description
 * @property {(userId: number, signal: import('./signal/signals.js').CallSignal) => Promise<void>} sendSignal
 * @property {(listener: string, ...args: unknown[]) => void} emit calls the app's listener of that name
 * @property {(listener: string) => boolean} listens whether the app has set the listener of that name
 * @property {(track: MediaStreamTrack) => {isBlack(): boolean | null, stop(): void} | null} frameProbe
 *   looks at a remote video track's frames (FrameProbe), or null where it cannot
 * @property {(session: CallSession) => void} sessionClosed
 */

/**
 * One call, as the app sees it: the local media, the peers, the session state, and the actions of
 * docs/protocol.md §3.3. The state machine is CallFlow, the re-sends Dialer, the local side LocalMedia,
 * the other side's mute MediaStates, the statistics SessionStats, the audio output AudioOutput.
 *
 * Every method is safe to call in any state: one that does not fit the state does nothing but call
 * `onInvalidEventsListener(eventName, session, userId, userInfo)` and reject its Promise/callback.
 * Hanging up a session that is closing or closed already does nothing and resolves (both sides may
 * hang up at the same moment). Signals from the network never throw.
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
    /** What every signal of this session carries. */
    this.header = signalHeader(this.ID, this.callType, this.initiatorID, this.opponentsIDs, PLATFORM);
    this.media = new LocalMedia(() => [...this.peers.values()].filter((p) => !p.closed).map((p) => p.pc));
    this.maxBandwidthKbps = init.bandwidth ?? host.config.maxBandwidthKbps;
    this.stats = new SessionStats(this, host);
    this.mediaStates = new MediaStates(this, host);
    this.audioOutput = new AudioOutput(host.log);
    this.flow = new CallFlow(this, host);
  }

  /** SessionState: NEW, ACTIVE, HUNGUP, REJECTED or CLOSED. */
  get state() {
    return this.flow.state;
  }

  /** The connection with each peer. @type {Map<number, import('./Peer.js').Peer>} */
  get peers() {
    return this.flow.peers;
  }

  /** Each peer's stream, once it arrived. @type {Map<number, MediaStream>} */
  get remoteStreams() {
    return this.flow.remoteStreams;
  }

  /** Calls sent to each opponent, re-sends included. @type {Map<number, number>} */
  get callsSent() {
    return this.flow.dialer.callsSent;
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
      if (this.closed) throw new ParleyError('the session is closed');
      const video = this.callType === CallType.AUDIO ? false : (params.video ?? true);
      const stream = await this.media.open({ audio: params.audio ?? true, video });
      if (this.closed) {
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
   * Shows a stream in a `<video>` or `<audio>` element (by id or reference) and plays it, on the chosen
   * audio output (selectAudioOutput).
   * @param {string | HTMLMediaElement} element
   * @param {MediaStream} stream
   * @param {{muted?: boolean, mirror?: boolean}} [options]
   */
  attachMediaStream(element, stream, options) {
    this.audioOutput.add(attachMediaStream(element, stream, options));
  }

  /** @param {string | HTMLMediaElement} element */
  detachMediaStream(element) {
    const detached = detachMediaStream(element);
    if (detached) this.audioOutput.remove(detached);
  }

  /**
   * The devices the other participants' sound can play on (the ConnectyCube SDK's `getAudioOutputs`). Rejects with a
   * ParleyError on a page that is not a secure context, where browsers hide the devices.
   * @returns {Promise<MediaDeviceInfo[]>}
   */
  getAudioOutputs() {
    return this.run('getAudioOutputs', undefined, () => this.audioOutput.list());
  }

  /**
   * Plays the other participants' sound on one of getAudioOutputs() ('' = the default), in every element
   * attached with attachMediaStream, now and later (`HTMLMediaElement.setSinkId`). Rejects with a ParleyError
   * for an unknown device, or where the browser cannot choose (pages without HTTPS, older browsers).
   * @param {string} deviceId
   * @param {(error: Error | null) => void} [callback]
   */
  selectAudioOutput(deviceId, callback) {
    return this.run('selectAudioOutput', callback, () => this.audioOutput.select(deviceId));
  }

  /** The deviceId of the chosen audio output; '' while it is the default. */
  get selectedAudioOutput() {
    return this.audioOutput.deviceId;
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
    return this.act('call', extension, callback, () => this.flow.start(userInfoOf(extension)));
  }

  /**
   * Accepts an incoming call, then calls the other opponents of a group call whose id is lower.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  accept(extension = {}, callback) {
    return this.act('accept', extension, callback, () => this.flow.accept(userInfoOf(extension)));
  }

  /**
   * Declines an incoming call.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  reject(extension = {}, callback) {
    return this.act('reject', extension, callback, () => this.flow.reject(userInfoOf(extension)));
  }

  /**
   * Hangs up: tells every peer that knows of the call and closes the session. An outgoing call not started
   * (or whose offers were not sent yet) just closes; a session closing or closed already stays so, and this
   * resolves. A ringing incoming call is rejected instead.
   * @param {Record<string, any>} [extension]
   * @param {(error: Error | null) => void} [callback]
   */
  stop(extension = {}, callback) {
    return this.act('stop', extension, callback, () => this.flow.hangUp(userInfoOf(extension)));
  }

  /**
   * Sends userInfo to the peers (or one of them) during a call: `onUpdateCallListener` on their side.
   * @param {Record<string, any>} extension `{userInfo: {...}}` or the userInfo itself
   * @param {number} [userId]
   * @param {(error: Error | null) => void} [callback]
   */
  update(extension, userId, callback) {
    return this.act('update', extension, callback, () => this.flow.update(userInfoOf(extension), userId));
  }

  /** Closes the session at once, telling no one (the app's last resort; stop() tells the peers). */
  close() {
    this.flow.close();
  }

  /** Whether the session is over. */
  get closed() {
    return this.flow.state === SessionState.CLOSED;
  }

  requireStream() {
    if (!this.media.stream) throw new ParleyError('no local stream: call getUserMedia first');
  }

  // ---- for VideoChat and the session's parts ----

  /** The first call of an incoming session. @param {number} from @param {string} sdp */
  ring(from, sdp) {
    this.flow.ring(from, sdp);
  }

  /** @param {number} from @param {import('./signal/signals.js').CallSignal} signal */
  onSignal(from, signal) {
    return this.flow.onSignal(from, signal);
  }

  /** @param {number} userId @param {import('./signal/signals.js').CallSignal} signal */
  send(userId, signal) {
    return this.flow.send(userId, signal);
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

  // ---- plumbing ----

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

/** `{userInfo: {...}}` or the userInfo itself (the ConnectyCube SDK takes both). @param {Record<string, any> | undefined} extension */
function userInfoOf(extension) {
  const info = extension?.userInfo ?? extension;
  return info && typeof info === 'object' ? info : {};
}
