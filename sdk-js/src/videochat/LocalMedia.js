import { ParleyError } from '../errors.js';

/**
 * The local side of a call: the camera/microphone stream, muting, device switching and screen
 * sharing. Tracks that change are swapped on every peer connection with RTCRtpSender.replaceTrack,
 * so no renegotiation is needed.
 */
export class LocalMedia {
  /** @param {() => Iterable<RTCPeerConnection>} connections the session's live peer connections */
  constructor(connections) {
    this.connections = connections;
    /** @type {MediaStream | null} */
    this.stream = null;
    /** @type {MediaStreamTrack | null} the camera track put aside while the screen is shared */
    this.cameraTrack = null;
    /** @type {MediaStreamTrack | null} */
    this.screenTrack = null;
  }

  /**
   * @param {MediaStreamConstraints} constraints
   * @returns {Promise<MediaStream>}
   */
  async open(constraints) {
    if (!constraints.audio && !constraints.video) throw new ParleyError('getUserMedia needs audio, video or both');
    const devices = mediaDevices();
    let stream;
    try {
      stream = await devices.getUserMedia(constraints);
    } catch (cause) {
      throw new ParleyError(`camera/microphone not available: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    this.stop();
    this.stream = stream;
    return stream;
  }

  /** @param {'audio' | 'video'} kind @param {boolean} enabled */
  setEnabled(kind, enabled) {
    const tracks = kind === 'video' && this.screenTrack
      ? [this.screenTrack, /** @type {MediaStreamTrack} */ (this.cameraTrack)]
      : this.stream?.getTracks().filter((track) => track.kind === kind) ?? [];
    for (const track of tracks) track.enabled = enabled;
  }

  /** @param {'audio' | 'video'} kind */
  isEnabled(kind) {
    return this.stream?.getTracks().some((track) => track.kind === kind && track.enabled) ?? false;
  }

  /**
   * Opens the devices the constraints name (`{video: {deviceId}}`, `{audio: {deviceId}}`) and puts
   * their tracks in place of the current ones, keeping each track's mute state.
   * @param {{audio?: boolean | MediaTrackConstraints, video?: boolean | MediaTrackConstraints}} constraints
   */
  async switchTracks(constraints) {
    if (!this.stream) throw new ParleyError('no local stream: call getUserMedia first');
    if (!constraints || (!constraints.audio && !constraints.video)) {
      throw new ParleyError('switchMediaTracks needs {audio} or {video} constraints');
    }
    const devices = mediaDevices();
    let fresh;
    try {
      fresh = await devices.getUserMedia(constraints);
    } catch (cause) {
      throw new ParleyError(`the device could not be opened: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    for (const track of fresh.getTracks()) {
      const kind = /** @type {'audio' | 'video'} */ (track.kind);
      if (kind === 'video' && this.screenTrack) {
        // Sharing the screen: the new camera waits for the sharing to end.
        track.enabled = this.cameraTrack?.enabled ?? true;
        this.cameraTrack?.stop();
        this.cameraTrack = track;
        continue;
      }
      const old = this.stream.getTracks().find((t) => t.kind === kind);
      track.enabled = old?.enabled ?? true;
      await this.replaceOutgoing(kind, track);
      if (old) {
        this.stream.removeTrack(old);
        old.stop();
      }
      this.stream.addTrack(track);
    }
    return this.stream;
  }

  /** @param {DisplayMediaStreamOptions} [options] @param {() => void} [onEnded] */
  async startScreenSharing(options, onEnded) {
    if (!this.stream) throw new ParleyError('no local stream: call getUserMedia first');
    const camera = this.stream.getVideoTracks()[0];
    if (!camera) throw new ParleyError('screen sharing needs a video call with a camera track');
    if (this.screenTrack) return this.stream;
    const devices = mediaDevices();
    let display;
    try {
      display = await devices.getDisplayMedia(options ?? { video: true });
    } catch (cause) {
      throw new ParleyError(`screen sharing refused: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    const screen = display.getVideoTracks()[0];
    screen.enabled = camera.enabled;
    await this.replaceOutgoing('video', screen);
    this.stream.removeTrack(camera);
    this.stream.addTrack(screen);
    this.cameraTrack = camera;
    this.screenTrack = screen;
    screen.addEventListener('ended', () => onEnded?.());
    return this.stream;
  }

  async stopScreenSharing() {
    const { screenTrack, cameraTrack, stream } = this;
    if (!screenTrack || !cameraTrack || !stream) return;
    this.screenTrack = null;
    this.cameraTrack = null;
    await this.replaceOutgoing('video', cameraTrack);
    stream.removeTrack(screenTrack);
    stream.addTrack(cameraTrack);
    screenTrack.stop();
  }

  get isSharingScreen() {
    return this.screenTrack !== null;
  }

  /** @param {string} kind @param {MediaStreamTrack} track */
  async replaceOutgoing(kind, track) {
    const swaps = [];
    for (const pc of this.connections()) {
      for (const sender of pc.getSenders()) {
        if (sender.track?.kind === kind) swaps.push(sender.replaceTrack(track));
      }
    }
    await Promise.all(swaps);
  }

  stop() {
    for (const track of this.stream?.getTracks() ?? []) track.stop();
    this.cameraTrack?.stop();
    this.screenTrack?.stop();
    this.cameraTrack = null;
    this.screenTrack = null;
    this.stream = null;
  }
}

/**
 * The browser's media devices. Browsers give cameras, microphones and the screen only to secure
 * contexts (HTTPS, or http://localhost): elsewhere `navigator.mediaDevices` is missing, and the error
 * says so instead of a TypeError. Everything else in the SDK works on any page.
 * @returns {MediaDevices}
 */
export function mediaDevices() {
  const devices = globalThis.navigator?.mediaDevices;
  if (devices) return devices;
  throw new ParleyError(globalThis.isSecureContext === false
    ? 'the camera, microphone and screen need a secure page (HTTPS or localhost); this one was loaded over plain HTTP'
    : 'this browser gives no access to cameras and microphones');
}

/**
 * Shows a stream in a `<video>` or `<audio>` element given by id or reference, and plays it.
 * @param {string | HTMLMediaElement} target
 * @param {MediaStream} stream
 * @param {{muted?: boolean, mirror?: boolean}} [options]
 */
export function attachMediaStream(target, stream, options = {}) {
  const element = typeof target === 'string' ? document.getElementById(target) : target;
  if (!(element instanceof HTMLMediaElement)) {
    throw new ParleyError(`attachMediaStream: no <video> or <audio> element ${typeof target === 'string' ? `with id "${target}"` : 'given'}`);
  }
  element.srcObject = stream;
  element.autoplay = true;
  element.playsInline = true;
  if (options.muted !== undefined) element.muted = options.muted;
  if (options.mirror !== undefined) element.style.transform = options.mirror ? 'scaleX(-1)' : '';
  element.play().catch(() => { /* autoplay may wait for a user gesture; autoplay=true retries */ });
  return element;
}

/**
 * Stops showing a stream in the element (by id or reference); returns the element, or null if there is none.
 * @param {string | HTMLMediaElement} target
 * @returns {HTMLMediaElement | null}
 */
export function detachMediaStream(target) {
  const element = typeof target === 'string' ? document.getElementById(target) : target;
  if (!(element instanceof HTMLMediaElement)) return null;
  element.pause();
  element.srcObject = null;
  return element;
}
