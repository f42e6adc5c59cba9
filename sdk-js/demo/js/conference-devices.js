// The meeting screen's device panel: the camera and microphone sent to the room and the speaker its sound plays
// on, each switched at once through the SDK's conference session.
import { fill } from './devices.js';
import { byId, el } from './dom.js';
import { notify } from './notices.js';

const NOUNS = { camera: 'camera', mic: 'microphone', output: 'speaker' };

export class ConferenceDevices {
  /** @param {{session: () => any, onSwitched: () => void}} deps `onSwitched`: the local stream's tracks changed */
  constructor(deps) {
    this.deps = deps;
    byId('conference-devices-button').addEventListener('click', () => this.toggle());
    byId('conference-camera-select').addEventListener('change', (e) => this.switchTo('camera', e.target.value));
    byId('conference-mic-select').addEventListener('change', (e) => this.switchTo('mic', e.target.value));
    byId('conference-output-select').addEventListener('change', (e) => this.switchTo('output', e.target.value));
  }

  async toggle() {
    const panel = byId('conference-devices');
    panel.hidden = !panel.hidden;
    byId('conference-devices-button').setAttribute('aria-expanded', String(!panel.hidden));
    if (!panel.hidden) await this.refresh().catch(() => {});
  }

  /** Lists the devices, the ones in use selected. */
  async refresh() {
    const session = this.deps.session();
    if (!session) return;
    const stream = session.localStream;
    const [cameras, all, outputs] = await Promise.all([
      session.getCameras(), navigator.mediaDevices.enumerateDevices(), session.getAudioOutputs(),
    ]);
    fill(byId('conference-camera-select'), cameras, stream?.getVideoTracks()[0], 'Camera');
    fill(byId('conference-mic-select'), all.filter((d) => d.kind === 'audioinput'), stream?.getAudioTracks()[0], 'Microphone');
    const output = byId('conference-output-select');
    fill(output, outputs, undefined, 'Speaker');
    if (outputs.length === 0) {
      // The browser lets pages choose no output (or knows none): the system's default plays.
      output.replaceChildren(el('option', { value: '' }, 'System default'));
    }
    output.value = session.audioOutput?.deviceId || output.value;
  }

  /** @param {'camera' | 'mic' | 'output'} kind @param {string} deviceId */
  async switchTo(kind, deviceId) {
    const session = this.deps.session();
    if (!session || !deviceId) return;
    try {
      if (kind === 'camera') await session.switchCamera(deviceId);
      else if (kind === 'mic') await session.switchMicrophone(deviceId);
      else await session.selectAudioOutput(deviceId);
      if (kind !== 'output') this.deps.onSwitched();
    } catch (error) {
      notify(`Could not switch the ${NOUNS[kind]}: ${error.message}`, 'error');
    }
    this.refresh().catch(() => {});
  }
}
