// The camera and microphone pickers of the call screen: list the devices, show the one in use, and
// switch the call to another with session.switchMediaTracks.
import Parley from '/sdk/parley.js';
import { byId, el } from './dom.js';
import { notify } from './notices.js';

export class DevicePicker {
  /**
   * @param {{session: () => any, videoConstraints: MediaTrackConstraints, onSwitched: (stream: MediaStream) => void}} deps
   */
  constructor(deps) {
    this.deps = deps;
    this.camera = /** @type {HTMLSelectElement} */ (byId('camera-select'));
    this.mic = /** @type {HTMLSelectElement} */ (byId('mic-select'));
    this.camera.addEventListener('change', () => this.switchTo('video', this.camera.value));
    this.mic.addEventListener('change', () => this.switchTo('audio', this.mic.value));
    const toggle = byId('toggle-devices');
    toggle.addEventListener('click', () => {
      const panel = byId('devices-panel');
      panel.hidden = !panel.hidden;
      toggle.setAttribute('aria-expanded', String(!panel.hidden));
      if (!panel.hidden) this.refresh().catch(() => {});
    });
  }

  /** Lists the devices (their labels are known once the call has the camera/microphone open). */
  async refresh() {
    const stream = this.deps.session()?.localStream;
    const [cameras, mics] = await Promise.all([
      Parley.videochat.getMediaDevices('videoinput'), Parley.videochat.getMediaDevices('audioinput'),
    ]);
    fill(this.camera, cameras, stream?.getVideoTracks()[0], 'Camera');
    fill(this.mic, mics, stream?.getAudioTracks()[0], 'Microphone');
  }

  /** @param {'audio' | 'video'} kind @param {string} deviceId */
  async switchTo(kind, deviceId) {
    const session = this.deps.session();
    if (!session || !deviceId) return;
    const constraints = kind === 'video'
      ? { video: { ...this.deps.videoConstraints, deviceId: { exact: deviceId } } }
      : { audio: { deviceId: { exact: deviceId } } };
    try {
      const stream = await session.switchMediaTracks(constraints);
      this.deps.onSwitched(stream);
    } catch (error) {
      notify(`Could not switch ${kind === 'video' ? 'camera' : 'microphone'}: ${error.message}`, 'error');
    }
    this.refresh().catch(() => {});
  }
}

/**
 * @param {HTMLSelectElement} select @param {MediaDeviceInfo[]} devices
 * @param {MediaStreamTrack | undefined} current @param {string} noun
 */
export function fill(select, devices, current, noun) {
  const inUse = current?.getSettings().deviceId;
  select.replaceChildren(...devices.map((device, i) =>
    el('option', { value: device.deviceId, selected: device.deviceId === inUse }, friendlyLabel(device.label, noun, i))));
  select.disabled = devices.length < 2;
}

/**
 * The name to show for a device: the browser's label without the USB ids some add ("HD Webcam
 * (046d:0825)"), or "Camera 2" when the label is empty (no permission yet) or a raw identifier rather
 * than a name ("fake_device_0", "v4l2_video1").
 * @param {string} label @param {string} noun @param {number} index
 */
function friendlyLabel(label, noun, index) {
  const name = label.replace(/\s*\([0-9a-f]{4}:[0-9a-f]{4}\)$/i, '').trim();
  const raw = name === '' || /^[a-z0-9]+(?:_[a-z0-9]+)+$/i.test(name);
  return raw ? `${noun} ${index + 1}` : name;
}
