import { ParleyError } from '../errors.js';
import { mediaDevices } from './LocalMedia.js';

/**
 * Where the remote sound of a call plays (the ConnectyCube SDK's "switch audio output"): the output device chosen, applied
 * with `HTMLMediaElement.setSinkId` to every element the session attached a stream to, and to each one attached
 * later. A call session owns one; a conference session can own one the same way.
 *
 * `setSinkId` exists only in secure contexts (HTTPS or localhost) and in recent browsers (Chrome/Edge 110,
 * Firefox 116, Safari 18.4); elsewhere choosing an output rejects with a ParleyError that says so. An element
 * that has left the document, or was detached, is forgotten rather than switched.
 */
export class AudioOutput {
  /** @param {import('../log.js').Logger} log */
  constructor(log) {
    this.log = log;
    /** @type {Set<HTMLMediaElement>} */
    this.elements = new Set();
    /** The chosen output's deviceId; '' is the system's default. */
    this.deviceId = '';
  }

  /** The audio output devices (labels are empty until the page was given a microphone or camera once). */
  async list() {
    const devices = await mediaDevices().enumerateDevices();
    return devices.filter((device) => device.kind === 'audiooutput');
  }

  /**
   * Plays the session's sound on the device from now on; '' goes back to the default.
   * @param {string} deviceId one of list()'s
   */
  async select(deviceId) {
    if (typeof deviceId !== 'string') throw new ParleyError('selectAudioOutput takes the deviceId of an audio output');
    if (!canChooseOutput()) {
      throw new ParleyError(globalThis.isSecureContext === false
        ? 'choosing the audio output needs a secure page (HTTPS or localhost); this one was loaded over plain HTTP'
        : 'this browser cannot choose the audio output (it has no HTMLMediaElement.setSinkId)');
    }
    if (deviceId !== '' && !(await this.list()).some((device) => device.deviceId === deviceId)) {
      throw new ParleyError(`no audio output with id "${deviceId}"`);
    }
    for (const element of [...this.elements]) if (!element.isConnected) this.elements.delete(element);
    try {
      await Promise.all([...this.elements].map((element) => element.setSinkId(deviceId)));
    } catch (cause) {
      throw new ParleyError(`the audio output could not be switched: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    this.deviceId = deviceId;
  }

  /**
   * An element now shows one of the session's streams: it plays on the chosen output.
   * @param {HTMLMediaElement} element
   */
  add(element) {
    this.elements.add(element);
    if (this.deviceId === '' || !canChooseOutput()) return;
    element.setSinkId(this.deviceId).catch((error) => this.log.warn('audio output not applied to an element', error));
  }

  /** @param {HTMLMediaElement} element */
  remove(element) {
    this.elements.delete(element);
  }

  clear() {
    this.elements.clear();
  }
}

function canChooseOutput() {
  return typeof globalThis.HTMLMediaElement?.prototype?.setSinkId === 'function';
}
