// The meeting screen's DOM: one tile per person in the room (you included), each with its video, its
// sound, the name, muted-microphone and camera-off flags, a mic meter, the video bitrate and a ring while
// they talk; the layout (side by side for two, else the dominant speaker large above a strip of the
// others; a shared screen always large); the timer and the control buttons' looks. It knows nothing of
// the SDK: conference.js drives it.
import { flag, toggleButton } from './call-view.js';
import { byId, el, paintAvatar } from './dom.js';
import { ElapsedTimer } from './elapsed-timer.js';

/** Labels of each connection state shown on a remote tile. */
const STATE_LABELS = { connecting: 'Connecting…', connected: '', reconnecting: 'Reconnecting…' };
/** Most tiles in one row of the strip under the prominent tile, by window width. */
const STRIP_WIDE = 6;
const STRIP_NARROW = 3;

/** @typedef {{id: number, name: string}} Person */

export class ConferenceView {
  constructor() {
    this.screen = byId('conference-screen');
    this.grid = byId('conference-grid');
    /** @type {Map<number, HTMLElement>} */ this.tiles = new Map();
    /** @type {number | null} */ this.selfId = null;
    /** @type {number | null} the remote user who last took the floor, shown large */ this.speaker = null;
    /** @type {Set<number>} who talks now (their tiles have a ring) */ this.talking = new Set();
    /** @type {number | null} whose screen is shared (shown large before anyone speaking) */ this.sharing = null;
    this.timer = new ElapsedTimer('conference-timer');
    matchMedia('(max-width: 700px)').addEventListener('change', () => this.layout());
  }

  /** @param {{name: string}} meeting @param {Person} me */
  open(meeting, me) {
    this.reset();
    byId('conference-name').textContent = meeting.name;
    this.selfId = me.id;
    this.addTile(me, true);
    this.timer.start();
  }

  /** @param {Person} person @param {boolean} [self] */
  addTile(person, self = false) {
    if (this.tiles.has(person.id)) return;
    const avatar = el('div', { class: 'avatar avatar-large' });
    paintAvatar(avatar, person);
    const name = self ? `${person.name} (you)` : person.name;
    const tile = el('figure', {
      class: 'tile conference-tile',
      dataset: {
        testid: self ? 'self-tile' : 'conference-tile', userId: String(person.id), hasVideo: 'false', state: self ? 'connected' : 'connecting',
        talking: String(this.talking.has(person.id)),
      },
    },
    el('video', { autoplay: true, playsInline: true, muted: true, dataset: { testid: 'tile-video' } }),
    avatar,
    // Sound plays from here (Chromium decodes remote audio only from an element that plays it); none for oneself.
    self ? null : el('audio', { autoplay: true, dataset: { testid: 'tile-audio' } }),
    el('figcaption', {},
      el('span', { class: 'tile-name', dataset: { testid: 'tile-name' } }, name),
      flag('mic', 'micOff', self ? 'Your microphone is muted' : `${person.name}'s microphone is muted`),
      flag('camera', 'videoOff', self ? 'Your camera is off' : `${person.name}'s camera is off`),
      el('span', { class: 'tile-state', dataset: { testid: 'tile-state' } })),
    el('div', { class: 'tile-meters' },
      el('span', {
        class: 'mic-meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '1', 'aria-valuenow': '0',
        'aria-label': self ? 'Your microphone level' : `${person.name}'s microphone level`, title: 'Microphone level', dataset: { testid: 'mic-meter' },
      }, el('span', { class: 'mic-bar' })),
      el('span', { class: 'bitrate', title: self ? 'Video sent' : 'Video received', dataset: { testid: 'bitrate-meter', kbps: '0' } }, '0 kbit/s')));
    this.tiles.set(person.id, tile);
    this.grid.append(tile);
    if (!self) this.setState(person.id, 'connecting');
    this.layout();
  }

  /** @param {number} userId */
  removeTile(userId) {
    const tile = this.tiles.get(userId);
    if (!tile || userId === this.selfId) return;
    for (const media of tile.querySelectorAll('video, audio')) /** @type {HTMLMediaElement} */ (media).srcObject = null;
    tile.remove();
    this.tiles.delete(userId);
    if (this.speaker === userId) this.speaker = null;
    if (this.sharing === userId) this.sharing = null;
    this.talking.delete(userId);
    this.layout();
  }

  /** @param {number} userId @param {string} name */
  setName(userId, name) {
    const label = this.tiles.get(userId)?.querySelector('.tile-name');
    if (label && userId !== this.selfId) label.textContent = name;
  }

  /** The tile's <video> and <audio> (the latter null for oneself), for the SDK to attach streams to. @param {number} userId */
  media(userId) {
    const tile = this.tiles.get(userId);
    return tile ? { video: tile.querySelector('video'), audio: tile.querySelector('audio') } : null;
  }

  /** @param {number} userId @param {boolean} hasVideo @param {boolean} [mirror] */
  showsVideo(userId, hasVideo, mirror = false) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    tile.dataset.hasVideo = String(hasVideo);
    tile.querySelector('video')?.classList.toggle('mirrored', mirror);
  }

  /** @param {number} userId @param {keyof STATE_LABELS} state */
  setState(userId, state) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    tile.dataset.state = state;
    tile.querySelector('.tile-state').textContent = STATE_LABELS[state];
  }

  /** A muted microphone or a camera turned off, for anyone's tile. @param {number} userId @param {'audio' | 'video'} kind @param {boolean} off */
  setMuted(userId, kind, off) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    if (kind === 'audio') tile.dataset.micMuted = String(off);
    else tile.dataset.cameraOff = String(off);
  }

  /** @param {number} userId @param {number} level 0..1 */
  setMicLevel(userId, level) {
    const meter = this.tiles.get(userId)?.querySelector('.mic-meter');
    if (!meter) return;
    meter.setAttribute('aria-valuenow', level.toFixed(3));
    // On a decibel scale (−60 dB … 0 dB), as level meters are: speech sits mid-bar.
    const db = level > 0 ? 20 * Math.log10(level) : -60;
    /** @type {HTMLElement} */ (meter).style.setProperty('--level', String(Math.max(0, Math.min(1, (db + 60) / 60))));
  }

  /** @param {number} userId @param {number} kbps */
  setBitrate(userId, kbps) {
    const meter = /** @type {HTMLElement | undefined} */ (this.tiles.get(userId)?.querySelector('.bitrate'));
    if (!meter) return;
    meter.dataset.kbps = String(kbps);
    meter.textContent = `${kbps.toLocaleString('en')} kbit/s`;
  }

  /** A ring on the tile of who talks (the room's talking events). @param {number} userId @param {boolean} talking */
  setTalking(userId, talking) {
    if (talking) this.talking.add(userId);
    else this.talking.delete(userId);
    const tile = this.tiles.get(userId);
    if (tile) tile.dataset.talking = String(talking);
  }

  /** @param {number | null} userId the remote user who took the floor */
  setSpeaker(userId) {
    this.speaker = userId;
    this.layout();
  }

  /** @param {number} userId @param {boolean} sharing */
  setSharing(userId, sharing) {
    if (sharing) this.sharing = userId;
    else if (this.sharing === userId) this.sharing = null;
    const tile = this.tiles.get(userId);
    if (tile) tile.dataset.screen = String(sharing);
    this.layout();
  }

  /**
   * Two people side by side (one alone fills the stage); from three on, or with a screen shared, one tile
   * large (the shared screen, else the speaker, else the first other person) above a strip of the rest.
   */
  layout() {
    const count = this.tiles.size;
    byId('conference-count').textContent = count > 1 ? ` · ${count} people` : '';
    const others = [...this.tiles.keys()].filter((id) => id !== this.selfId);
    const spotlight = count >= 3 || this.sharing !== null;
    const featured = this.sharing ?? (this.speaker !== null && this.tiles.has(this.speaker) ? this.speaker : others[0] ?? this.selfId);
    this.grid.dataset.layout = spotlight ? 'spotlight' : 'grid';
    this.grid.dataset.count = String(count);
    const perRow = matchMedia('(max-width: 700px)').matches ? STRIP_NARROW : STRIP_WIDE;
    this.grid.style.setProperty('--strip', String(Math.max(1, Math.min(count - 1, perRow))));
    for (const [id, tile] of this.tiles) {
      tile.dataset.featured = String(spotlight && id === featured);
      tile.dataset.speaker = String(id === this.speaker);
    }
  }

  /** The controls of one's own media work once the camera and microphone are open. @param {boolean} ready */
  setControlsReady(ready) {
    for (const id of ['conference-mic', 'conference-camera', 'conference-screen-share', 'conference-devices-button']) byId(id).disabled = !ready;
  }

  /** @param {boolean} muted */
  setMicMuted(muted) {
    toggleButton(byId('conference-mic'), muted, muted ? 'micOff' : 'mic', muted ? 'Unmute microphone' : 'Mute microphone');
    if (this.selfId !== null) this.setMuted(this.selfId, 'audio', muted);
  }

  /** @param {boolean} off */
  setCameraOff(off) {
    toggleButton(byId('conference-camera'), off, off ? 'videoOff' : 'video', off ? 'Turn camera on' : 'Turn camera off');
    if (this.selfId !== null) this.setMuted(this.selfId, 'video', off);
  }

  /** @param {boolean} sharing */
  setScreenButton(sharing) {
    toggleButton(byId('conference-screen-share'), sharing, 'screen', sharing ? 'Stop sharing screen' : 'Share screen');
  }

  reset() {
    this.timer.stop();
    for (const tile of this.tiles.values()) {
      for (const media of tile.querySelectorAll('video, audio')) /** @type {HTMLMediaElement} */ (media).srcObject = null;
    }
    this.tiles.clear();
    this.grid.replaceChildren();
    this.selfId = null;
    this.speaker = null;
    this.talking.clear();
    this.sharing = null;
    this.setMicMuted(false);
    this.setCameraOff(false);
    this.setScreenButton(false);
    this.setControlsReady(false);
    byId('conference-devices').hidden = true;
    byId('conference-devices-button').setAttribute('aria-expanded', 'false');
  }
}
