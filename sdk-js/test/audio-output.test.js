// Choosing where a call's remote sound plays (the ConnectyCube SDK's "switch audio output"): the devices listed, and
// HTMLMediaElement.setSinkId applied to every element the session attached a stream to, now and later; gated
// where browsers do not offer it (pages without HTTPS, older browsers).
import { afterEach, beforeEach, test } from 'node:test';
import assert from 'node:assert/strict';
import { FakeStream, installFakeWebRtc } from './fake-webrtc.js';
import { videoChatFor } from './helpers.js';

const DEVICES = [
  { kind: 'audioinput', deviceId: 'mic-1', label: 'Microphone' },
  { kind: 'audiooutput', deviceId: 'default', label: 'Default' },
  { kind: 'audiooutput', deviceId: 'headset', label: 'Headset' },
  { kind: 'videoinput', deviceId: 'cam-1', label: 'Camera' },
];

/** An <audio> or <video> element: in the document or not, switching as the browser does. */
class FakeMediaElement {
  constructor({ connected = true, failWith = null } = {}) {
    this.isConnected = connected;
    this.sinkId = '';
    this.failWith = failWith;
    this.style = {};
  }

  async setSinkId(id) {
    if (this.failWith) throw new Error(this.failWith);
    this.sinkId = id;
  }

  play() { return Promise.resolve(); }
  pause() {}
}

const secureContext = Object.getOwnPropertyDescriptor(globalThis, 'isSecureContext');

beforeEach(() => {
  installFakeWebRtc();
  navigator.mediaDevices.enumerateDevices = async () => DEVICES;
  globalThis.HTMLMediaElement = FakeMediaElement;
});

afterEach(() => {
  delete globalThis.HTMLMediaElement;
  if (secureContext) Object.defineProperty(globalThis, 'isSecureContext', secureContext);
  else delete globalThis.isSecureContext;
});

function session() {
  const { vc } = videoChatFor(1);
  return vc.createNewSession([2]);
}

test('getAudioOutputs lists the audio output devices only', async () => {
  assert.deepEqual((await session().getAudioOutputs()).map((d) => d.deviceId), ['default', 'headset']);
});

test('selectAudioOutput switches every attached element, and elements attached later play there too', async () => {
  const call = session();
  const remote = new FakeMediaElement();
  const preview = new FakeMediaElement();
  const gone = new FakeMediaElement({ connected: false });
  const detached = new FakeMediaElement();
  for (const element of [remote, preview, gone, detached]) call.attachMediaStream(element, new FakeStream());
  call.detachMediaStream(detached);
  assert.equal(call.selectedAudioOutput, '');

  await call.selectAudioOutput('headset');
  assert.equal(call.selectedAudioOutput, 'headset');
  assert.deepEqual([remote.sinkId, preview.sinkId], ['headset', 'headset']);
  assert.equal(gone.sinkId, '', 'an element no longer in the document is left alone');
  assert.equal(detached.sinkId, '', 'a detached element is left alone');

  const later = new FakeMediaElement();
  call.attachMediaStream(later, new FakeStream());
  await Promise.resolve();
  assert.equal(later.sinkId, 'headset');

  await call.selectAudioOutput('');
  assert.deepEqual([remote.sinkId, later.sinkId], ['', ''], "'' goes back to the default output");
});

test('an unknown output, or one the browser refuses, is an error that changes nothing', async () => {
  const call = session();
  const element = new FakeMediaElement();
  call.attachMediaStream(element, new FakeStream());
  await assert.rejects(call.selectAudioOutput('mic-1'), { name: 'ParleyError', message: 'no audio output with id "mic-1"' });
  await assert.rejects(call.selectAudioOutput(undefined), /takes the deviceId of an audio output/);
  assert.equal(element.sinkId, '');

  const refusing = new FakeMediaElement({ failWith: 'NotAllowedError' });
  call.attachMediaStream(refusing, new FakeStream());
  let called;
  await call.selectAudioOutput('headset', (error) => { called = error; });
  assert.match(called.message, /could not be switched: NotAllowedError/);
  assert.equal(call.selectedAudioOutput, '', 'the choice is not taken');
});

test('where the browser cannot choose the output, selectAudioOutput says why', async () => {
  globalThis.HTMLMediaElement = class OlderMediaElement {}; // no setSinkId
  const call = session();
  await assert.rejects(call.selectAudioOutput('headset'), /this browser cannot choose the audio output/);
  Object.defineProperty(globalThis, 'isSecureContext', { configurable: true, value: false });
  await assert.rejects(call.selectAudioOutput('headset'), /needs a secure page \(HTTPS or localhost\)/);
});

test('a closed session forgets its elements', async () => {
  const call = session();
  const element = new FakeMediaElement();
  call.attachMediaStream(element, new FakeStream());
  call.close();
  await call.selectAudioOutput('headset');
  assert.equal(element.sinkId, '');
});
