// The call screen's DOM: the outgoing panel, one tile per remote user (video, audio, name, state,
// meters), the local preview, the timer, the reconnecting banner and the control buttons' looks.
// It knows nothing of the SDK; calls.js drives it.
import { byId, el, joinNames, paintAvatar } from './dom.js';
import { ElapsedTimer } from './elapsed-timer.js';
import { icon, setIcon } from './icons.js';

/** Labels of each peer state shown on a tile. */
const STATE_LABELS = {
  ringing: 'Ringing…', connecting: 'Connecting…', connected: 'Connected', reconnecting: 'Reconnecting…', failed: 'Connection lost',
};

/** @typedef {{id: number, name: string}} Person */

export class CallView {
  constructor() {
    this.screen = byId('call-screen');
    this.grid = byId('remote-grid');
    this.localVideo = /** @type {HTMLVideoElement} */ (byId('local-video'));
    /** @type {Map<number, HTMLElement>} */ this.tiles = new Map();
    this.timer = new ElapsedTimer('call-timer');
  }

  /**
   * @param {{kind: 'audio' | 'video', me: Person, people: Person[], phase: 'outgoing' | 'active', state: keyof STATE_LABELS}} call
   */
  open({ kind, me, people, phase, state }) {
    this.reset();
    this.screen.dataset.kind = kind;
    byId('call-kind').textContent = kind === 'video' ? 'Video call' : 'Audio call';
    byId('call-names').textContent = joinNames(people.map((p) => p.name));
    byId('outgoing-names').textContent = joinNames(people.map((p) => p.name));
    byId('outgoing-avatars').replaceChildren(...people.map((p) => {
      const avatar = el('span', { class: 'avatar avatar-large pulse' });
      paintAvatar(avatar, p);
      return avatar;
    }));
    paintAvatar(byId('local-avatar'), me);
    for (const person of people) this.addTile(person, state);
    this.setPhase(phase);
  }

  /** @param {'outgoing' | 'active'} phase */
  setPhase(phase) {
    this.screen.dataset.phase = phase;
  }

  /** @param {Person} person @param {keyof STATE_LABELS} state */
  addTile(person, state) {
    const avatar = el('div', { class: 'avatar avatar-large' });
    paintAvatar(avatar, person);
    const tile = el('figure', { class: 'tile', dataset: { testid: 'remote-tile', userId: String(person.id), hasVideo: 'false' } },
      el('video', { autoplay: true, playsInline: true, muted: true, dataset: { testid: 'remote-video' } }),
      avatar,
      // Sound plays here: Chromium decodes remote audio only from an element that plays it.
      el('audio', { autoplay: true, dataset: { testid: 'remote-audio' } }),
      el('figcaption', {},
        el('span', { class: 'tile-name' }, person.name),
        flag('mic', 'micOff', `${person.name}'s microphone is muted`),
        flag('camera', 'videoOff', `${person.name}'s camera is off`),
        el('span', { class: 'tile-state', dataset: { testid: 'tile-state' } })),
      el('div', { class: 'tile-meters' },
        el('span', {
          class: 'mic-meter', role: 'meter', 'aria-valuemin': '0', 'aria-valuemax': '1', 'aria-valuenow': '0',
          'aria-label': `${person.name}'s microphone level`, title: 'Microphone level', dataset: { testid: 'mic-meter' },
        }, el('span', { class: 'mic-bar' })),
        el('span', { class: 'bitrate', title: 'Video received', dataset: { testid: 'bitrate-meter', kbps: '0' } }, '0 kbit/s')));
    this.tiles.set(person.id, tile);
    this.grid.append(tile);
    this.grid.dataset.count = String(this.tiles.size);
    this.setPeerState(person.id, state);
  }

  /** @param {number} userId */
  removeTile(userId) {
    this.tiles.get(userId)?.remove();
    this.tiles.delete(userId);
    this.grid.dataset.count = String(this.tiles.size);
  }

  /** @param {number} userId @param {MediaStream | null} stream */
  setRemoteStream(userId, stream) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    for (const media of tile.querySelectorAll('video, audio')) {
      /** @type {HTMLMediaElement} */ (media).srcObject = stream;
      if (stream) /** @type {HTMLMediaElement} */ (media).play().catch(() => {});
    }
    tile.dataset.hasVideo = String(Boolean(stream?.getVideoTracks().length) && this.screen.dataset.kind === 'video');
  }

  /**
   * What a remote user sends: with the camera off the tile shows the avatar, as the self-view does;
   * muted microphone and camera off each show their icon.
   * @param {number} userId @param {{audioMuted: boolean, videoMuted: boolean}} state
   */
  setRemoteMedia(userId, { audioMuted, videoMuted }) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    tile.dataset.micMuted = String(audioMuted);
    tile.dataset.cameraOff = String(videoMuted);
  }

  /** The peer state a tile shows, or undefined without a tile. @param {number} userId */
  peerState(userId) {
    return this.tiles.get(userId)?.dataset.state;
  }

  /** @param {number} userId @param {keyof STATE_LABELS} state */
  setPeerState(userId, state) {
    const tile = this.tiles.get(userId);
    if (!tile) return;
    tile.dataset.state = state;
    tile.querySelector('.tile-state').textContent = STATE_LABELS[state];
  }

  /** @param {number} userId @param {number} level 0..1 */
  setMicLevel(userId, level) {
    const meter = this.tiles.get(userId)?.querySelector('.mic-meter');
    if (!meter) return;
    meter.setAttribute('aria-valuenow', level.toFixed(3));
    // Shown on a decibel scale (−60 dB … 0 dB), as level meters are: speech sits mid-bar.
    const db = level > 0 ? 20 * Math.log10(level) : -60;
    meter.style.setProperty('--level', String(Math.max(0, Math.min(1, (db + 60) / 60))));
  }

  /** @param {number} userId @param {number} kbps */
  setBitrate(userId, kbps) {
    const meter = this.tiles.get(userId)?.querySelector('.bitrate');
    if (!meter) return;
    meter.dataset.kbps = String(kbps);
    meter.textContent = `${kbps.toLocaleString('en')} kbit/s`;
  }

  /** @param {MediaStream | null} stream @param {boolean} [mirror] */
  setLocalStream(stream, mirror = true) {
    this.localVideo.srcObject = null; // re-attach: the stream's tracks may have been swapped
    this.localVideo.srcObject = stream;
    this.localVideo.classList.toggle('mirrored', mirror);
    byId('local-tile').dataset.hasVideo = String(Boolean(stream?.getVideoTracks().length));
    if (stream) this.localVideo.play().catch(() => {});
  }

  /** @param {string | null} text */
  setBanner(text) {
    const banner = byId('reconnect-banner');
    banner.hidden = !text;
    banner.textContent = text ?? '';
  }

  /** @param {boolean} muted */
  setMicMuted(muted) {
    toggleButton(byId('toggle-mic'), muted, muted ? 'micOff' : 'mic', muted ? 'Unmute microphone' : 'Mute microphone');
    byId('local-tile').dataset.micMuted = String(muted);
  }

  /** @param {boolean} off */
  setCameraOff(off) {
    toggleButton(byId('toggle-camera'), off, off ? 'videoOff' : 'video', off ? 'Turn camera on' : 'Turn camera off');
    byId('local-tile').dataset.cameraOff = String(off);
  }

  /** @param {boolean} sharing */
  setSharing(sharing) {
    toggleButton(byId('toggle-screen'), sharing, 'screen', sharing ? 'Stop sharing screen' : 'Share screen');
  }

  reset() {
    this.timer.stop();
    for (const tile of this.tiles.values()) {
      for (const media of tile.querySelectorAll('video, audio')) /** @type {HTMLMediaElement} */ (media).srcObject = null;
    }
    this.tiles.clear();
    this.grid.replaceChildren();
    this.grid.dataset.count = '0';
    this.setLocalStream(null);
    this.setBanner(null);
    this.setMicMuted(false);
    this.setCameraOff(false);
    this.setSharing(false);
    byId('devices-panel').hidden = true;
    byId('toggle-devices').setAttribute('aria-expanded', 'false');
  }
}

/** A small icon on a tile's caption, shown by CSS when the tile's state says so. @param {string} kind @param {string} iconName @param {string} label */
export function flag(kind, iconName, label) {
  const node = el('span', { class: `flag flag-${kind}`, role: 'img', 'aria-label': label, title: label, dataset: { testid: `${kind}-off-flag` } });
  node.innerHTML = icon(iconName);
  return node;
}

/** @param {HTMLElement} button @param {boolean} pressed @param {string} iconName @param {string} label */
export function toggleButton(button, pressed, iconName, label) {
  button.setAttribute('aria-pressed', String(pressed));
  button.setAttribute('aria-label', label);
  button.title = label;
  setIcon(button, iconName);
}
