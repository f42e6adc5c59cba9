import { ParleyError } from '../errors.js';
import { useIceServers } from '../iceservers.js';
import { callListener } from '../listeners.js';
import { AudioOutput } from '../videochat/AudioOutput.js';
import { CallType } from '../videochat/constants.js';
import { LocalMedia, attachMediaStream, detachMediaStream, mediaDevices } from '../videochat/LocalMedia.js';
import { StatsSampler } from '../videochat/stats.js';
import { Subscription } from './Subscription.js';

const VIDEOROOM = 'janus.plugin.videoroom';
/**
 * The camera's simulcast layers (RFC 8853), named as janus.js names them so that Parley (and Janus) know their order:
 * the full size, a half and a quarter, each with a bitrate cap. Full size first, as janus.js lists them: for a small
 * camera, browsers send fewer layers than asked (Chromium: one below 480x270, two below 960x540) and keep the first
 * ones listed, so a 320x240 camera still goes out at 320x240 rather than as its 80x60 quarter alone.
 */
const SIMULCAST_ENCODINGS = [
  { rid: 'h', maxBitrate: 1_500_000 },
  { rid: 'm', scaleResolutionDownBy: 2, maxBitrate: 500_000 },
  { rid: 'l', scaleResolutionDownBy: 4, maxBitrate: 150_000 },
];
/** How often addStatsListener's listeners hear, when `statsReportTimeInterval` is 0. */
const DEFAULT_STATS_MS = 1000;

/** State of a conference session. */
export const ConferenceState = Object.freeze({ NEW: 'new', JOINING: 'joining', JOINED: 'joined', CLOSED: 'closed' });

/**
 * @typedef {object} ConferenceHost what a session needs from ConferenceClient
 * @property {import('./JanusClient.js').JanusClient} janus connected, with its Janus session
 * @property {() => Promise<RTCIceServer[]>} iceServers the STUN/TURN servers for a connection made now
 * @property {number} statsIntervalMs
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 */

/** The label of the channel `sendData` sends on. */
const DATA_CHANNEL_LABEL = 'parley';
/** Messages `sendData` holds until the data channel opens. */
const MAX_PENDING_DATA = 64;

/**
 * One user's part in a conference (ConnectyCube's ConferenceSession API): publishes the camera and microphone to a video
 * room of Parley's SFU and receives the feeds the app subscribes to, over the Janus API (docs/conference.md).
 *
 * ```js
 * const session = await Parley.conference.createCallSession(me.id, Parley.conference.CallType.VIDEO);
 * session.onRemoteStreamReceived = (session, userId, stream) => session.attachMediaStream(`video-${userId}`, stream);
 * session.onPublishersReceived = (publishers) => publishers.forEach((id) => session.subscribeToPublisher(id));
 * session.onPublisherLeft = (userId) => ...;
 * const publishers = await session.joinDialog(meeting._id);
 * ```
 *
 * Listeners (assign the ones you need): `onLocalStreamReceived(stream)`, `onRemoteStreamReceived(session, userId,
 * stream)`, `onRemoteStreamRemoved(session, userId)`, `onPublishersReceived(userIds)`, `onPublisherLeft(userId)`,
 * `onRemoteMediaState(session, userId, {kind, receiving})`, `onTalkingChanged(session, userId, talking)`,
 * `onDominantSpeakerChanged(session, userId)`, `onConnectedToUser(session, userId)`,
 * `onDisconnectedFromUser(session, userId)`, `onConnectionClosedForUser(session, userId)`,
 * `onDataReceived(session, userId, data)` (a string or an ArrayBuffer another participant sent with `sendData`),
 * `onError(error)`, `onSessionClosed(session)`. A listener that throws is logged and does not break the session.
 */
export class ConferenceSession {
  /**
   * @param {ConferenceHost} host
   * @param {{userId: number, callType: number, display?: string, simulcast?: boolean}} init `simulcast` (true unless
   *   false): the camera goes out in three layers, of which each subscriber gets the one that fits it
   */
  constructor(host, init) {
    this.host = host;
    this.simulcast = init.simulcast !== false;
    this.currentUserId = init.userId;
    this.callType = init.callType;
    this.display = init.display ?? String(init.userId);
    /** @type {string | number | null} */
    this.roomId = null;
    this.state = ConferenceState.NEW;
    /** The room's publishers (user ids), as the room told. @type {Set<number>} */
    this.publishers = new Set();
    /** Per user (this one included), the mids of its audio the room says are talking. @type {Map<number, Set<string>>} */
    this.talkingMids = new Map();
    /** Who holds the floor, as the room last said (this user included); null before anyone or once they left. @type {number | null} */
    this.dominantSpeaker = null;
    /** @type {import('./JanusClient.js').JanusHandle | null} */
    this.publisher = null;
    /** @type {RTCPeerConnection | null} */
    this.publisherPc = null;
    this.media = new LocalMedia(() => (this.publisherPc ? [this.publisherPc] : []));
    this.audioOutput = new AudioOutput(host.log);
    this.maxBandwidthKbps = 0;
    this.leaving = false;
    this.subscription = new Subscription({
      janus: host.janus,
      room: () => /** @type {string | number} */ (this.roomId),
      iceServers: host.iceServers,
      log: host.log,
      streamAdded: (userId, stream) => this.emit('onRemoteStreamReceived', this, userId, stream),
      streamRemoved: (userId) => {
        this.samplers.delete(userId);
        this.emit('onRemoteStreamRemoved', this, userId);
        this.emit('onConnectionClosedForUser', this, userId);
      },
      connectionChanged: (userIds, connected) => {
        for (const userId of userIds) this.emit(connected ? 'onConnectedToUser' : 'onDisconnectedFromUser', this, userId);
      },
      mediaChanged: (userId, kind, receiving) => this.emit('onRemoteMediaState', this, userId, { kind, receiving }),
      dataReceived: (userId, data) => this.emit('onDataReceived', this, userId, data),
      restarting: (userIds, wereConnected, error) => {
        host.log.debug(`the subscriber connection is set up again: ${error.message}`);
        for (const userId of userIds) {
          this.samplers.delete(userId);
          if (wereConnected) this.emit('onDisconnectedFromUser', this, userId);
        }
      },
      failed: (error) => this.fail(error),
      timers: host.timers,
    });
    /** @type {Map<number, StatsSampler>} */
    this.samplers = new Map();
    /** @type {Set<(userId: number, stats: import('../videochat/stats.js').StatsSummary) => void>} */
    this.statsListeners = new Set();
    /** @type {unknown} */
    this.statsTimer = null;
    /** @type {((stream: MediaStream) => void) | null} */
    this.onLocalStreamReceived = null;
    /** @type {((session: ConferenceSession, userId: number, stream: MediaStream) => void) | null} */
    this.onRemoteStreamReceived = null;
    /** @type {((session: ConferenceSession, userId: number) => void) | null} */
    this.onRemoteStreamRemoved = null;
    /** @type {((userIds: number[]) => void) | null} */
    this.onPublishersReceived = null;
    /** @type {((session: ConferenceSession, userId: number, data: string | ArrayBuffer) => void) | null} */
    this.onDataReceived = null;
    /** The publisher connection's data channel, and what waits for it to open. @type {RTCDataChannel | null} */
    this.dataChannel = null;
    /** @type {(string | ArrayBuffer | ArrayBufferView | Blob)[]} */
    this.pendingData = [];
    /** @type {((userId: number) => void) | null} */
    this.onPublisherLeft = null;
    /** @type {((session: ConferenceSession, userId: number, state: {kind: string, receiving: boolean}) => void) | null} */
    this.onRemoteMediaState = null;
    /** @type {((session: ConferenceSession, userId: number, talking: boolean) => void) | null} */
    this.onTalkingChanged = null;
    /** @type {((session: ConferenceSession, userId: number) => void) | null} */
    this.onDominantSpeakerChanged = null;
    /** @type {((session: ConferenceSession, userId: number) => void) | null} */
    this.onConnectedToUser = null;
    /** @type {((session: ConferenceSession, userId: number) => void) | null} */
    this.onDisconnectedFromUser = null;
    /** @type {((session: ConferenceSession, userId: number) => void) | null} */
    this.onConnectionClosedForUser = null;
    /** @type {((error: ParleyError) => void) | null} */
    this.onError = null;
    /** @type {((session: ConferenceSession) => void) | null} */
    this.onSessionClosed = null;
    host.janus.onClosed = (reason) => { if (reason) this.fail(reason); };
  }

  /** The camera/microphone stream sent to the room (null before joinDialog). */
  get localStream() {
    return this.media.stream;
  }

  /** The users (this one included) the room says are talking now. @returns {Set<number>} */
  get talking() {
    return new Set(this.talkingMids.keys());
  }

  /** The streams received, by user id. @returns {Map<number, MediaStream>} */
  get remoteStreams() {
    return new Map(this.subscription.streams);
  }

  /**
   * Joins a video room as a publisher (a meeting's `_id`, or any id the app chooses) and publishes the camera and
   * microphone (the microphone alone for CallType.AUDIO; or the stream given to replaceMediaStream before).
   * Resolves with the user ids already publishing in the room, which `onPublishersReceived` hears too.
   * @param {string | number} roomId
   * @param {(publishers: number[]) => void} [callback]
   * @param {{video?: boolean | MediaTrackConstraints, audio?: boolean | MediaTrackConstraints}} [media] getUserMedia
   *   constraints (default: both, 640x480 video)
   * @returns {Promise<number[]>}
   */
  async joinDialog(roomId, callback, media = {}) {
    if (typeof roomId !== 'string' && typeof roomId !== 'number') throw new ParleyError('joinDialog needs a room id');
    if (this.state !== ConferenceState.NEW) throw new ParleyError(`joinDialog: the session is ${this.state}; create a new one to join again`);
    this.state = ConferenceState.JOINING;
    this.roomId = roomId;
    try {
      if (!this.media.stream) {
        await this.media.open({
          audio: media.audio ?? true,
          video: this.callType === CallType.AUDIO ? false : (media.video ?? { width: 640, height: 480 }),
        });
      }
      this.emit('onLocalStreamReceived', this.media.stream);
      const handle = await this.host.janus.attach(VIDEOROOM);
      this.publisher = handle;
      handle.onEvent = (data) => this.onPublisherEvent(data);
      handle.onCoreEvent = (message) => this.onPublisherCoreEvent(message);
      const joined = await handle.message({ request: 'join', ptype: 'publisher', room: roomId, id: this.currentUserId, display: this.display });
      this.addPublishers(joined.data.publishers);
      await this.publish();
      if (this.state !== ConferenceState.JOINING) throw new ParleyError('the session closed while joining');
      this.state = ConferenceState.JOINED;
      // Those who were there, and those who started publishing while this user published (their events came
      // before JOINED, when onPublishersReceived is not called): every publisher is announced once.
      const already = [...this.publishers];
      this.emit('onPublishersReceived', already);
      callback?.(already);
      return already;
    } catch (error) {
      const reason = error instanceof ParleyError ? error : new ParleyError(`joinDialog failed: ${/** @type {Error} */ (error).message}`, { cause: error });
      await this.close();
      throw reason;
    }
  }

  async publish() {
    const stream = /** @type {MediaStream} */ (this.media.stream);
    const pc = new RTCPeerConnection();
    this.publisherPc = pc;
    for (const track of stream.getTracks()) {
      const layers = track.kind === 'video' && this.simulcast ? { sendEncodings: SIMULCAST_ENCODINGS } : {};
      pc.addTransceiver(track, { direction: 'sendonly', streams: [stream], ...layers });
    }
    this.openDataChannel(pc);
    useIceServers(pc, await this.host.iceServers());
    pc.oniceconnectionstatechange = () => {
      if (pc.iceConnectionState === 'failed' && this.state !== ConferenceState.CLOSED) {
        this.fail(new ParleyError('the connection that publishes to the room failed'));
      }
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const configure = {
      request: 'configure',
      audio: stream.getAudioTracks().some((t) => t.enabled),
      video: stream.getVideoTracks().some((t) => t.enabled),
      ...(this.maxBandwidthKbps > 0 ? { bitrate: this.maxBandwidthKbps * 1000 } : {}),
    };
    const answer = await /** @type {import('./JanusClient.js').JanusHandle} */ (this.publisher)
      .message(configure, { type: 'offer', sdp: /** @type {string} */ (pc.localDescription?.sdp) });
    if (!answer.jsep) throw new ParleyError('the room answered the offer with no answer');
    await pc.setRemoteDescription(answer.jsep);
  }

  /**
   * The channel `sendData` uses, in the publisher connection's offer: Parley relays its messages to everyone who
   * receives this user's streams (docs/conference.md "Data channels").
   * @param {RTCPeerConnection} pc
   */
  openDataChannel(pc) {
    const channel = pc.createDataChannel(DATA_CHANNEL_LABEL);
    channel.onopen = () => {
      for (const data of this.pendingData.splice(0)) channel.send(/** @type {any} */ (data));
    };
    this.dataChannel = channel;
  }

  /**
   * Sends a message to the room: every participant receiving this user's streams gets it in `onDataReceived` with
   * this user's id. Messages sent before the channel opens wait for it (at most MAX_PENDING_DATA).
   * @param {string | ArrayBuffer | ArrayBufferView | Blob} data text, or binary; at most 256 KiB
   */
  sendData(data) {
    this.requireJoined('sendData');
    const channel = this.dataChannel;
    if (!channel || channel.readyState === 'closing' || channel.readyState === 'closed') {
      throw new ParleyError('sendData needs a published connection with its data channel');
    }
    if (channel.readyState === 'open') {
      channel.send(/** @type {any} */ (data));
      return;
    }
    if (this.pendingData.length >= MAX_PENDING_DATA) {
      throw new ParleyError(`too many messages waiting for the data channel to open (${MAX_PENDING_DATA})`);
    }
    this.pendingData.push(data);
  }

  /**
   * Receives a publisher's audio and video (on the one subscriber connection); `onRemoteStreamReceived` gives the
   * stream. Subscribing twice is a no-op.
   * @param {number} userId one of the publishers
   */
  async subscribeToPublisher(userId) {
    this.requireJoined('subscribeToPublisher');
    if (!this.publishers.has(userId)) throw new ParleyError(`user ${userId} does not publish in room ${this.roomId}`);
    await this.subscription.subscribe(userId);
  }

  /**
   * Which simulcast layers of a publisher's video this user wants (Janus's `substream` and `temporal`: 0 the lowest
   * to 2 the highest, both 2 by default); Parley sends at most those, less when this user's downlink is short.
   * @param {number} userId a publisher this user subscribed to
   * @param {number} substream 0, 1 or 2: size
   * @param {number} [temporal] 0, 1 or 2: frame rate
   */
  async setPreferredLayers(userId, substream, temporal = 2) {
    this.requireJoined('setPreferredLayers');
    for (const layer of [substream, temporal]) {
      if (![0, 1, 2].includes(layer)) throw new ParleyError(`layers are 0, 1 or 2, got ${layer}`);
    }
    await this.subscription.setLayers(userId, substream, temporal);
  }

  /** Stops receiving a publisher. @param {number} userId */
  async unsubscribeFromPublisher(userId) {
    this.requireJoined('unsubscribeFromPublisher');
    await this.subscription.unsubscribe(userId);
  }

  /** Leaves the room and ends the session: its connections close, the camera and microphone are released. */
  async leave() {
    if (this.state === ConferenceState.CLOSED) return;
    // What the room sends the leaving user (its `hangup`, `leaving`) is no failure.
    this.leaving = true;
    this.subscription.leave();
    if (this.publisher && this.state === ConferenceState.JOINED) {
      await this.publisher.message({ request: 'leave' }).catch((error) => this.host.log.debug('leave failed', error));
    }
    await this.close();
  }

  /** @param {ParleyError} error */
  fail(error) {
    if (this.state === ConferenceState.CLOSED || this.leaving) return;
    this.emit('onError', error);
    this.close().catch((e) => this.host.log.warn('closing the conference session failed', e));
  }

  async close() {
    if (this.state === ConferenceState.CLOSED) return;
    this.state = ConferenceState.CLOSED;
    this.host.timers.clearInterval(this.statsTimer);
    this.statsTimer = null;
    this.subscription.close();
    this.publisherPc?.close();
    this.publisherPc = null;
    this.dataChannel = null;
    this.pendingData = [];
    this.media.stop();
    this.audioOutput.clear();
    await this.host.janus.destroy();
    this.emit('onSessionClosed', this);
  }

  // ---- the room's events ----

  /** @param {any} data */
  onPublisherEvent(data) {
    if (data.videoroom === 'event' && Array.isArray(data.publishers)) {
      const added = this.addPublishers(data.publishers);
      if (added.length > 0 && this.state === ConferenceState.JOINED) this.emit('onPublishersReceived', added);
    } else if (data.videoroom === 'event' && (typeof data.unpublished === 'number' || typeof data.leaving === 'number')) {
      this.publisherLeft(data.unpublished ?? data.leaving);
    } else if (data.videoroom === 'event' && data.leaving === 'ok') {
      this.fail(new ParleyError(`removed from room ${this.roomId} (${data.reason ?? 'left'})`));
    } else if (data.videoroom === 'talking' || data.videoroom === 'stopped-talking') {
      this.talkingChanged(Number(data.id), String(data.mid), data.videoroom === 'talking');
    } else if (data.videoroom === 'dominant-speaker') {
      const id = Number(data.id);
      if (!Number.isInteger(id) || id === this.dominantSpeaker) return;
      this.dominantSpeaker = id;
      this.emit('onDominantSpeakerChanged', this, id);
    } else if (data.videoroom === 'destroyed') {
      this.fail(new ParleyError(`room ${this.roomId} was destroyed`));
    }
  }

  /**
   * One audio stream of a user started or stopped talking (Janus's `talking` / `stopped-talking`, per mid); the user
   * talks while any of its streams does, and `onTalkingChanged` hears when that changes.
   * @param {number} userId @param {string} mid @param {boolean} talking
   */
  talkingChanged(userId, mid, talking) {
    if (userId !== this.currentUserId && !this.publishers.has(userId)) return; // only the room's users
    const mids = this.talkingMids.get(userId) ?? new Set();
    const before = mids.size > 0;
    if (talking) mids.add(mid);
    else mids.delete(mid);
    if (mids.size > 0) this.talkingMids.set(userId, mids);
    else this.talkingMids.delete(userId);
    if (before !== mids.size > 0) this.emit('onTalkingChanged', this, userId, talking);
  }

  /** @param {any} message */
  onPublisherCoreEvent(message) {
    if (message.janus === 'hangup') this.fail(new ParleyError(`the server closed the publishing connection (${message.reason ?? 'hangup'})`));
  }

  /** @param {unknown} list @returns {number[]} the user ids new to the room's list, with streams to receive */
  addPublishers(list) {
    const added = [];
    for (const p of Array.isArray(list) ? list : []) {
      const id = Number(p?.id);
      if (!Number.isInteger(id) || id === this.currentUserId || this.publishers.has(id)) continue;
      if (Array.isArray(p.streams) && p.streams.length === 0) continue; // a data channel alone: nothing to receive
      this.publishers.add(id);
      added.push(id);
      // Talking already: its audio streams are, until the room says they stopped.
      if (p.talking === true && Array.isArray(p.streams)) {
        for (const stream of p.streams) if (stream?.type === 'audio') this.talkingChanged(id, String(stream.mid), true);
      }
    }
    return added;
  }

  /** @param {number} userId */
  publisherLeft(userId) {
    if (!this.publishers.delete(userId)) return;
    if (this.talkingMids.delete(userId)) this.emit('onTalkingChanged', this, userId, false);
    if (this.dominantSpeaker === userId) this.dominantSpeaker = null;
    this.subscription.publisherLeft(userId);
    this.emit('onPublisherLeft', userId);
  }

  // ---- local media ----

  /**
   * Mutes or unmutes the microphone: the track stops (or resumes) and the room stops relaying it, so the others
   * get `onRemoteMediaState(..., {kind: 'audio', receiving: false})`.
   * @param {boolean} mute
   */
  setMicrophoneMute(mute) {
    this.media.setEnabled('audio', !mute);
    return this.configure({ audio: !mute });
  }

  /** Turns the camera on or off, for the others as setMicrophoneMute does the sound. @param {boolean} enabled */
  setVideoEnabled(enabled) {
    this.media.setEnabled('video', enabled);
    return this.configure({ video: enabled });
  }

  get isMicrophoneMuted() {
    return !this.media.isEnabled('audio');
  }

  get isVideoEnabled() {
    return this.media.isEnabled('video');
  }

  /** The cameras (labels are empty until the page was given a camera once). @returns {Promise<MediaDeviceInfo[]>} */
  async getCameras() {
    return (await mediaDevices().enumerateDevices()).filter((d) => d.kind === 'videoinput');
  }

  /**
   * Switches to a camera (by deviceId), or to the next one of getCameras() when none is named, at the current
   * camera's resolution; resolves with the deviceId now in use. The room sees the new camera at once
   * (RTCRtpSender.replaceTrack, no renegotiation).
   * @param {string} [deviceId]
   */
  async switchCamera(deviceId) {
    const settings = (this.media.cameraTrack ?? this.media.stream?.getVideoTracks()[0])?.getSettings?.() ?? {};
    let next = deviceId;
    if (next === undefined) {
      const cameras = await this.getCameras();
      if (cameras.length === 0) throw new ParleyError('no camera to switch to');
      next = cameras[(cameras.findIndex((c) => c.deviceId === settings.deviceId) + 1) % cameras.length].deviceId;
    }
    if (typeof next !== 'string' || !next) throw new ParleyError('switchCamera takes a deviceId of getCameras()');
    const size = settings.width && settings.height ? { width: settings.width, height: settings.height } : {};
    await this.media.switchTracks({ video: { deviceId: { exact: next }, ...size } });
    return next;
  }

  /** Switches to another microphone. @param {string} deviceId */
  async switchMicrophone(deviceId) {
    if (typeof deviceId !== 'string' || !deviceId) throw new ParleyError('switchMicrophone takes a deviceId');
    await this.media.switchTracks({ audio: { deviceId: { exact: deviceId } } });
  }

  /**
   * Sends the screen in place of the camera (true), or the camera again (false). The browser's own "stop sharing"
   * goes back to the camera too.
   * @param {boolean} enabled @param {DisplayMediaStreamOptions} [options]
   */
  async enableScreenSharing(enabled, options) {
    this.requireJoined('enableScreenSharing');
    if (enabled) await this.media.startScreenSharing(options, () => { this.media.stopScreenSharing().catch(() => {}); });
    else await this.media.stopScreenSharing();
  }

  get isSharingScreen() {
    return this.media.isSharingScreen;
  }

  /**
   * Sends this stream instead of the camera and microphone: before joinDialog, to publish it; later, its tracks
   * replace the ones sent.
   * @param {MediaStream} stream
   */
  async replaceMediaStream(stream) {
    if (!stream || typeof stream.getTracks !== 'function') throw new ParleyError('replaceMediaStream takes a MediaStream');
    if (this.state === ConferenceState.CLOSED) throw new ParleyError('the session is closed');
    if (this.publisherPc) {
      for (const track of stream.getTracks()) await this.media.replaceOutgoing(track.kind, track);
    }
    this.media.stream = stream;
    this.emit('onLocalStreamReceived', stream);
  }

  /**
   * Caps the video this user sends, in kbit/s (the room tells the browser with REMB); 0 lifts the cap.
   * @param {number} kbps
   */
  setMaxBandwidth(kbps) {
    if (typeof kbps !== 'number' || !Number.isFinite(kbps) || kbps < 0) throw new ParleyError('setMaxBandwidth takes kbit/s ≥ 0');
    this.maxBandwidthKbps = kbps;
    return this.configure({ bitrate: Math.round(kbps * 1000) });
  }

  /** @param {Record<string, unknown>} settings */
  async configure(settings) {
    if (this.state !== ConferenceState.JOINED || !this.publisher) return;
    await this.publisher.message({ request: 'configure', ...settings });
  }

  // ---- audio output ----

  /**
   * Shows a stream in a `<video>` or `<audio>` element (by id or reference) and plays it, on the chosen audio output.
   * @param {string | HTMLMediaElement} element @param {MediaStream} stream @param {{muted?: boolean, mirror?: boolean}} [options]
   */
  attachMediaStream(element, stream, options) {
    this.audioOutput.add(attachMediaStream(element, stream, options));
  }

  /** @param {string | HTMLMediaElement} element */
  detachMediaStream(element) {
    const detached = detachMediaStream(element);
    if (detached) this.audioOutput.remove(detached);
  }

  /** The devices the others' sound can play on. */
  getAudioOutputs() {
    return this.audioOutput.list();
  }

  /** Plays the others' sound on one of getAudioOutputs() ('' = the default). @param {string} deviceId */
  selectAudioOutput(deviceId) {
    return this.audioOutput.select(deviceId);
  }

  // ---- statistics ----

  /**
   * A summary of the connection's statistics with one user: a publisher's (what this user receives from them:
   * `micLevel` 0..1, `videoIn.bitrate` kbit/s...), or this user's own (what it sends).
   * @param {number} userId
   * @returns {Promise<import('../videochat/stats.js').StatsSummary>}
   */
  async getStats(userId) {
    let source;
    if (userId === this.currentUserId && this.publisherPc) {
      source = this.publisherPc;
    } else {
      const receivers = this.subscription.receivers(userId);
      if (receivers.length === 0) throw new ParleyError(`no media received from user ${userId}`);
      source = { getStats: () => mergedStats(receivers) };
    }
    let sampler = this.samplers.get(userId);
    if (!sampler) this.samplers.set(userId, (sampler = new StatsSampler()));
    return sampler.sample(/** @type {RTCPeerConnection} */ (source));
  }

  /**
   * Calls the listener with each received user's statistics every `statsReportTimeInterval` (every second when
   * that is 0); StatsReportsManager turns them into mic levels and video bitrates. Returns the function that
   * removes the listener.
   * @param {(userId: number, stats: import('../videochat/stats.js').StatsSummary) => void} listener
   */
  addStatsListener(listener) {
    this.statsListeners.add(listener);
    if (this.statsTimer === null && this.state !== ConferenceState.CLOSED) {
      this.statsTimer = this.host.timers.setInterval(() => this.reportStats(), this.host.statsIntervalMs || DEFAULT_STATS_MS);
    }
    return () => {
      this.statsListeners.delete(listener);
      if (this.statsListeners.size === 0) {
        this.host.timers.clearInterval(this.statsTimer);
        this.statsTimer = null;
      }
    };
  }

  async reportStats() {
    for (const userId of this.subscription.streams.keys()) {
      try {
        const stats = await this.getStats(userId);
        for (const listener of this.statsListeners) listener(userId, stats);
      } catch (error) {
        this.host.log.debug(`stats of user ${userId} not read`, error);
      }
    }
  }

  // ---- helpers ----

  /** @param {string} what */
  requireJoined(what) {
    if (this.state !== ConferenceState.JOINED) throw new ParleyError(`${what}: join a room first (the session is ${this.state})`);
  }

  /** @param {string} name @param {...unknown} args */
  emit(name, ...args) {
    callListener(this, name, args, this.host.log);
  }

}

/** The statistics of a feed's receivers as one report. @param {RTCRtpReceiver[]} receivers */
async function mergedStats(receivers) {
  const merged = new Map();
  for (const report of await Promise.all(receivers.map((r) => r.getStats()))) {
    report.forEach((entry, id) => merged.set(id, entry));
  }
  return merged;
}
