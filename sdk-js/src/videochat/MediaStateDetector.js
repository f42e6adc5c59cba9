import { StatsSampler } from './stats.js';

/**
 * Mean power (energy per second of audio, webrtc-stats §totalAudioEnergy) below which received audio is
 * digital silence: under one step of 16-bit audio (2⁻¹⁵ ≈ 3·10⁻⁵ RMS). A muted microphone
 * (`track.enabled = false`) is sent as exact silence; a live one, even in a quiet room, stays above.
 */
const DIGITAL_SILENCE_POWER = 1e-10;
/** Seconds of played-out audio one look needs before it judges silence. */
const MIN_AUDIO_SECONDS = 0.5;
/** Looks in a row that must agree before muted or camera-off is reported; back on is reported at once. */
const LOOKS_TO_MUTE = 2;

/**
 * @typedef {object} MediaLook what one look at a peer's media showed
 * @property {boolean} [audioMuted] absent when the audio could not be judged
 * @property {boolean} [videoMuted] absent when the video could not be judged
 */

/**
 * Tells from the media itself whether one remote user has muted the microphone or turned the camera
 * off, for peers that do not say so by signal (the ConnectyCube, QuickBlox and Java SDKs). Called
 * about once a second while the connection is up; each look reads the peer connection's statistics:
 *
 * - camera off: no video bytes arrive any more (the sender stopped the track or replaced it with
 *   none), or the frames arriving are black (the sender disabled the track; see FrameProbe);
 * - microphone muted: the audio played out is digital silence, once sound has been heard from this
 *   peer at all (an app that never plays the audio gets no judgement, not a false "muted").
 *
 * Muted and camera-off need LOOKS_TO_MUTE looks in a row, so that a dark scene cut or a pause between
 * words does not flicker the state; back on shows at the first look.
 */
export class MediaStateDetector {
  /** @param {(track: MediaStreamTrack) => {isBlack(): boolean | null, stop(): void} | null} probeFactory */
  constructor(probeFactory) {
    this.probeFactory = probeFactory;
    this.sampler = new StatsSampler();
    /** @type {{track: MediaStreamTrack, probe: {isBlack(): boolean | null, stop(): void} | null} | null} */
    this.video = null;
    /** @type {{bytes: number, frames: number} | null} */ this.lastVideo = null;
    /** @type {{energy: number, seconds: number} | null} */ this.lastAudio = null;
    this.heard = false;
    this.videoOffLooks = 0;
    this.silentLooks = 0;
  }

  /**
   * @param {RTCPeerConnection} pc
   * @param {MediaStreamTrack | undefined} videoTrack the remote video track, when the call has video
   * @returns {Promise<MediaLook>}
   */
  async look(pc, videoTrack) {
    const stats = await this.sampler.sample(pc);
    return { ...this.lookAtVideo(stats.videoIn, videoTrack), ...this.lookAtAudio(stats.audioIn) };
  }

  /**
   * @param {import('./stats.js').StatsSummary['videoIn']} videoIn
   * @param {MediaStreamTrack | undefined} track
   * @returns {MediaLook}
   */
  lookAtVideo(videoIn, track) {
    if (!track || !videoIn) return {};
    if (this.video?.track !== track) {
      this.video?.probe?.stop();
      this.video = { track, probe: this.probeFactory(track) };
    }
    const last = this.lastVideo;
    this.lastVideo = { bytes: videoIn.bytesReceived, frames: videoIn.framesDecoded };
    if (!last) return {};
    const stopped = videoIn.bytesReceived === last.bytes;
    const advanced = videoIn.framesDecoded > last.frames;
    const black = this.video.probe?.isBlack() ?? null;
    if (stopped || black === true) {
      this.videoOffLooks += 1;
      return this.videoOffLooks >= LOOKS_TO_MUTE ? { videoMuted: true } : {};
    }
    this.videoOffLooks = 0;
    return advanced && black !== true ? { videoMuted: false } : {};
  }

  /** @param {import('./stats.js').StatsSummary['audioIn']} audioIn @returns {MediaLook} */
  lookAtAudio(audioIn) {
    if (!audioIn) return {};
    const last = this.lastAudio;
    const now = { energy: audioIn.totalAudioEnergy, seconds: audioIn.totalSamplesDuration };
    if (!last || now.seconds - last.seconds < MIN_AUDIO_SECONDS) {
      this.lastAudio ??= now;
      return {};
    }
    this.lastAudio = now;
    const silent = (now.energy - last.energy) / (now.seconds - last.seconds) < DIGITAL_SILENCE_POWER;
    if (!silent) {
      this.heard = true;
      this.silentLooks = 0;
      return { audioMuted: false };
    }
    if (!this.heard) return {};
    this.silentLooks += 1;
    return this.silentLooks >= LOOKS_TO_MUTE ? { audioMuted: true } : {};
  }

  stop() {
    this.video?.probe?.stop();
    this.video = null;
  }
}
