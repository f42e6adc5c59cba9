// Test harness page for the browser SDK: loads the SDK as the server serves it (/sdk/parley.js),
// records every listener call in window.events, attaches remote streams to <video> and <audio>
// elements, and exposes window.h for the tests to drive the SDK through page.evaluate.
import Parley from '/sdk/parley.js';
import { mediaElement } from './media.js';

const vc = Parley.videochat;
const events = [];
const sessions = new Map();
let current = null;
let autoAccept = null;

const record = (name, data = {}) => events.push({ name, at: performance.now(), ...data });

vc.onCallListener = (session, extension) => {
  sessions.set(session.ID, session);
  current = session;
  record('call', { sessionId: session.ID, from: session.initiatorID, callType: session.callType, extension });
  if (autoAccept) h.accept(autoAccept.extension, autoAccept.media).catch((e) => record('error', { message: e.message }));
};
vc.onAcceptCallListener = (session, userId, extension) => record('accept', { sessionId: session.ID, userId, extension });
vc.onRejectCallListener = (session, userId, extension) => record('reject', { sessionId: session.ID, userId, extension });
vc.onStopCallListener = (session, userId, extension) => record('stop', { sessionId: session.ID, userId, extension });
vc.onUpdateCallListener = (session, userId, extension) => record('update', { sessionId: session.ID, userId, extension });
vc.onUserNotAnswerListener = (session, userId) => record('notAnswer', { sessionId: session.ID, userId,
  callsSent: session.callsSent.get(userId) });
vc.onSessionConnectionStateChangedListener = (session, userId, state) =>
  record('connectionState', { sessionId: session.ID, userId, state });
vc.onSessionCloseListener = (session) => record('close', { sessionId: session.ID, state: session.state });
vc.onInvalidEventsListener = (eventName, session, userId, userInfo, error) =>
  record('invalid', { eventName, sessionId: session?.ID, userId, message: error?.message });
vc.onReconnectListener = (session, userId, state) => record('reconnect', { sessionId: session.ID, userId, state });
vc.onRemoteMediaStateListener = (session, userId, state) => record('remoteMediaState', { sessionId: session.ID, userId, ...state });
vc.onCallStatsReport = (session, userId, stats, error) => record('stats', {
  sessionId: session.ID, userId, error: error?.message ?? null, micLevel: stats?.micLevel,
  videoBitrate: stats?.videoIn?.bitrate, framesDecoded: stats?.videoIn?.framesDecoded,
});
vc.onRemoteStreamListener = (session, userId, stream) => {
  record('remoteStream', { sessionId: session.ID, userId, tracks: stream.getTracks().map((t) => t.kind) });
  const video = mediaElement('video', userId);
  video.srcObject = stream;
  session.attachMediaStream(mediaElement('audio', userId), stream); // plays on the chosen audio output
  // Wall-clock time of the first frame shown, for the call set-up benchmark (bench/call-setup.mjs).
  video.requestVideoFrameCallback(() => record('firstFrame', { sessionId: session.ID, userId, wallClock: Date.now() }));
};
vc.onRemoteStreamRemovedListener = (session, userId) => {
  record('remoteStreamRemoved', { sessionId: session.ID, userId });
  mediaElement('video', userId).srcObject = null;
  mediaElement('audio', userId).srcObject = null;
};

const defaultMedia = (session) => ({ audio: true, video: session.callType === vc.CallType.VIDEO ? { width: 320, height: 240 } : false });

const h = {
  events,
  async connect({ appId, authKey, api, userId, password, videochat, debug }) {
    Parley.init({ appId, authKey }, { endpoints: { api }, videochat, debug });
    Parley.setSessionToken(password);
    await Parley.chat.connect({ userId, password });
    return Parley.chat.userId;
  },
  async disconnectChat() {
    await Parley.chat.disconnect();
  },
  async startCall(ids, callType = 1, extension = {}, media) {
    const session = vc.createNewSession(ids, callType);
    sessions.set(session.ID, session);
    current = session;
    await session.getUserMedia(media ?? defaultMedia(session), undefined);
    document.getElementById('local').srcObject = session.localStream;
    record('callStarted', { sessionId: session.ID, wallClock: Date.now() });
    await session.call(extension);
    return session.ID;
  },
  autoAccept(extension = {}, media) {
    autoAccept = { extension, media };
  },
  async accept(extension = {}, media) {
    const session = current;
    await session.getUserMedia(media ?? defaultMedia(session));
    document.getElementById('local').srcObject = session.localStream;
    await session.accept(extension);
  },
  acceptOnly: (extension = {}) => current.accept(extension),
  reject: (extension = {}) => current.reject(extension),
  stop: (extension = {}) => current.stop(extension),
  update: (extension) => current.update(extension),
  mute: (kind) => current.mute(kind),
  unmute: (kind) => current.unmute(kind),
  setMaxBandwidth: (kbps) => current.setMaxBandwidth(kbps),
  async switchCamera(index) {
    const cameras = await vc.getMediaDevices('videoinput');
    await current.switchMediaTracks({ video: { deviceId: { exact: cameras[index].deviceId }, width: 320, height: 240 } });
    return { count: cameras.length, label: current.localStream.getVideoTracks()[0].label };
  },
  async switchMicrophone(index) {
    const mics = await vc.getMediaDevices('audioinput');
    await current.switchMediaTracks({ audio: { deviceId: { exact: mics[index].deviceId } } });
    return { count: mics.length, label: current.localStream.getAudioTracks()[0].label };
  },
  startScreenSharing: () => current.startScreenSharing().then(() => current.localStream.getVideoTracks()[0].label),
  stopScreenSharing: () => current.stopScreenSharing().then(() => current.localStream.getVideoTracks()[0].label),
  rejectCall: (sessionId, members, userInfo) => vc.rejectCall(sessionId, members, userInfo),
  /** call() and, at once, stop(): resolves with the session id once both are done. */
  async callThenStop(ids) {
    const session = vc.createNewSession(ids, vc.CallType.AUDIO);
    await session.getUserMedia({ audio: true, video: false });
    const calling = session.call({});
    await session.stop({});
    await calling;
    record('callThenStop', { sessionId: session.ID, state: session.state });
    return session.ID;
  },
  audioOutputs: () => current.getAudioOutputs().then((list) => list.map((d) => ({ deviceId: d.deviceId, label: d.label }))),
  /** Chooses the output; resolves with the sinkId of every remote <audio>. */
  async selectAudioOutput(deviceId) {
    await current.selectAudioOutput(deviceId);
    return [...document.querySelectorAll('#remotes audio')].map((a) => a.sinkId);
  },
  /** Attaches a user's stream to a new <audio>, as an app showing a new tile would; resolves with its sinkId. */
  async attachAudioLater(userId) {
    const element = document.createElement('audio');
    document.getElementById('remotes').append(element);
    current.attachMediaStream(element, current.remoteStreams.get(userId));
    for (let i = 0; i < 50 && element.sinkId !== current.selectedAudioOutput; i += 1) await new Promise((r) => setTimeout(r, 20));
    return element.sinkId;
  },
  /** What is arriving from one user: decoded frames, audio energy, frame size, and mean brightness. */
  async inbound(userId) {
    const session = current;
    const peer = session?.peers.get(userId);
    if (!peer || peer.closed) return null;
    const result = { framesDecoded: 0, audioEnergy: 0, width: 0, height: 0, audioBytes: 0, videoBytes: 0 };
    (await peer.pc.getStats()).forEach((s) => {
      if (s.type !== 'inbound-rtp') return;
      if (s.kind === 'video') {
        Object.assign(result, { framesDecoded: s.framesDecoded ?? 0, width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, videoBytes: s.bytesReceived ?? 0 });
      } else {
        Object.assign(result, { audioEnergy: s.totalAudioEnergy ?? 0, audioBytes: s.bytesReceived ?? 0 });
      }
    });
    result.brightness = brightness(document.getElementById(`video-${userId}`));
    return result;
  },
  state() {
    const session = current;
    if (!session) return null;
    return {
      id: session.ID,
      state: session.state,
      peers: Object.fromEntries([...session.peers].map(([id, p]) => [id, { state: p.connectionState, closed: p.closed, iceRestarts: p.iceRestarts }])),
      callsSent: Object.fromEntries(session.callsSent),
    };
  },
  sessionCount: () => vc.sessions.size,
};

/** Mean luma of the current frame of a <video>, 0..255 (a black frame is ~0). */
function brightness(video) {
  if (!video || !video.videoWidth) return -1;
  const canvas = document.createElement('canvas');
  canvas.width = 32;
  canvas.height = 24;
  const context = canvas.getContext('2d', { willReadFrequently: true });
  context.drawImage(video, 0, 0, canvas.width, canvas.height);
  const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
  let sum = 0;
  for (let i = 0; i < data.length; i += 4) sum += 0.299 * data[i] + 0.587 * data[i + 1] + 0.114 * data[i + 2];
  return sum / (data.length / 4);
}

window.h = h;
window.Parley = Parley;
window.harnessReady = true;
