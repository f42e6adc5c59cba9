/** Side of the thumbnail a frame is scaled to before it is looked at: enough to tell black from not. */
const THUMB_WIDTH = 32;
const THUMB_HEIGHT = 24;
/**
 * Brightest channel value (0..255) a frame may have and still count as black. A camera turned off by
 * `track.enabled = false` is sent as frames of pure black (WebRTC's black frame, every pixel 0 after
 * decoding); a real picture, even of a dark room, has pixels above this.
 */
const BLACK_LEVEL = 8;

/**
 * Looks at the frames of one remote video track, to tell whether the sender turned its camera off:
 * most SDKs (ConnectyCube, QuickBlox, the Java SDK, this one) do so by disabling the track, and the
 * browser then sends black frames at the usual rate, which statistics cannot tell from a picture.
 * The track plays in a detached, muted `<video>` of the probe's own; each look scales the current
 * frame into a 32×24 canvas. Browser only; `create` gives null where there is no DOM.
 */
export class FrameProbe {
  /** @param {MediaStreamTrack} track @returns {FrameProbe | null} */
  static create(track) {
    return typeof document === 'undefined' ? null : new FrameProbe(track);
  }

  /** @param {MediaStreamTrack} track */
  constructor(track) {
    this.track = track;
    this.video = document.createElement('video');
    this.video.muted = true;
    this.video.playsInline = true;
    this.video.srcObject = new MediaStream([track]);
    this.video.play().catch(() => { /* a muted video may always play; a refusal leaves isBlack() null */ });
    const canvas = document.createElement('canvas');
    canvas.width = THUMB_WIDTH;
    canvas.height = THUMB_HEIGHT;
    this.context = canvas.getContext('2d', { willReadFrequently: true });
  }

  /** @returns {boolean | null} whether the current frame is black; null while there is no frame to look at */
  isBlack() {
    if (!this.context || this.video.readyState < HTMLMediaElement.HAVE_CURRENT_DATA || this.video.videoWidth === 0) return null;
    this.context.drawImage(this.video, 0, 0, THUMB_WIDTH, THUMB_HEIGHT);
    const { data } = this.context.getImageData(0, 0, THUMB_WIDTH, THUMB_HEIGHT);
    for (let i = 0; i < data.length; i += 4) {
      if (data[i] > BLACK_LEVEL || data[i + 1] > BLACK_LEVEL || data[i + 2] > BLACK_LEVEL) return false;
    }
    return true;
  }

  stop() {
    this.video.pause();
    this.video.srcObject = null;
  }
}
