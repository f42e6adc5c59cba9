// Test harness page for the browser SDK's conferences: loads the SDK as the server serves it (/sdk/parley.js), joins
// a room with Parley.conference, subscribes to every publisher it hears of, shows each user's stream in a <video>
// and plays it in an <audio> element (so that its audio energy is counted), records every listener call in
// window.cs.events, and exposes window.cs for the tests to drive through page.evaluate. It connects to chat too, for
// the conference invitations (system messages).
import Parley from '/sdk/parley.js';
import { mediaElement } from './media.js';

const events = [];
let session = null;
let statsManager = null;
const record = (name, data = {}) => events.push({ name, at: performance.now(), ...data });

function listen(s) {
  s.onLocalStreamReceived = (stream) => {
    record('localStream', { tracks: stream.getTracks().map((t) => t.kind) });
    s.attachMediaStream('local', stream, { muted: true });
  };
  s.onPublishersReceived = (publishers) => {
    record('publishers', { ids: publishers });
    for (const id of publishers) s.subscribeToPublisher(id).catch((e) => record('error', { message: e.message }));
  };
  s.onPublisherLeft = (userId) => record('publisherLeft', { userId });
  s.onRemoteStreamReceived = (_, userId, stream) => {
    record('remoteStream', { userId, tracks: stream.getTracks().map((t) => t.kind) });
    s.attachMediaStream(mediaElement('video', userId), stream, { muted: true });
    s.attachMediaStream(mediaElement('audio', userId), stream);
  };
  s.onRemoteStreamRemoved = (_, userId) => {
    record('remoteStreamRemoved', { userId });
    s.detachMediaStream(mediaElement('video', userId));
    s.detachMediaStream(mediaElement('audio', userId));
  };
  s.onRemoteMediaState = (_, userId, state) => record('media', { userId, ...state });
  s.onConnectedToUser = (_, userId) => record('connected', { userId });
  s.onDisconnectedFromUser = (_, userId) => record('disconnected', { userId });
  s.onConnectionClosedForUser = (_, userId) => record('connectionClosed', { userId });
  s.onDataReceived = (_, userId, data) => record('data', { userId, ...(typeof data === 'string' ? { data, binary: false }
    : { data: new TextDecoder().decode(data), binary: true }) });
  s.onError = (error) => record('error', { message: error.message });
  s.onSessionClosed = () => record('sessionClosed');
}

window.cs = {
  events,
  /** Signs in with the user's session token, and connects to chat for the invitations (system messages). */
  async init({ appId, api, token, userId }) {
    Parley.init({ appId }, { endpoints: { api } });
    Parley.setSessionToken(token);
    Parley.conference.onCallStart = (roomId, initiatorId, participantIds) => record('callStart', { roomId, initiatorId, participantIds });
    Parley.conference.onCallRejected = (roomId, userId, isBusy) => record('callRejected', { roomId, userId, isBusy });
    Parley.conference.onCallEnd = (roomId, userId) => record('callEnd', { roomId, userId });
    await Parley.chat.connect({ userId, password: token });
  },
  invite: (room, ids) => Parley.conference.sendCallMessage(room, ids),
  reject: (room, busy, to) => Parley.conference.sendRejectMessage(room, busy, to),
  end: (room, ids) => Parley.conference.sendEndCallMessage(room, ids),
  /** A new conference session that joins the room; resolves with the publishers already there. */
  async join({ userId, room }) {
    session = await Parley.conference.createCallSession(userId, Parley.conference.CallType.VIDEO, { display: `user ${userId}` });
    listen(session);
    const publishers = await session.joinDialog(room, undefined, { video: { width: 320, height: 240 } });
    statsManager = new Parley.conference.StatsReportsManager();
    statsManager.onMicLevel = ({ userId: id, micLevel }) => record('micLevel', { userId: id, micLevel });
    statsManager.onVideoBitrate = ({ userId: id, bitRate }) => record('videoBitrate', { userId: id, bitRate });
    statsManager.init(session);
    return publishers;
  },
  async leave() {
    statsManager?.dispose();
    await session.leave();
  },
  setMicrophoneMute: (mute) => session.setMicrophoneMute(mute),
  setVideoEnabled: (enabled) => session.setVideoEnabled(enabled),
  unsubscribe: (userId) => session.unsubscribeFromPublisher(userId),
  subscribe: (userId) => session.subscribeToPublisher(userId),
  subscribed: () => [...session.remoteStreams.keys()],
  state: () => session?.state ?? null,
  /** Switches to the camera of that index among getCameras(); resolves with {count, label} of the track sent. */
  async switchCamera(index) {
    const cameras = await session.getCameras();
    await session.switchCamera(cameras[index].deviceId);
    return { count: cameras.length, label: session.localStream.getVideoTracks()[0].label };
  },
  enableScreenSharing: (enabled) => session.enableScreenSharing(enabled),
  setMaxBandwidth: (kbps) => session.setMaxBandwidth(kbps),
  /** sendData with text, or (binary) its UTF-8 bytes. */
  sendData: (text, binary = false) => session.sendData(binary ? new TextEncoder().encode(text) : text),
  audioOutputs: () => session.getAudioOutputs().then((outputs) => outputs.map((o) => ({ deviceId: o.deviceId, label: o.label }))),
  async selectAudioOutput(deviceId) {
    await session.selectAudioOutput(deviceId);
    return [...document.querySelectorAll('#remotes audio')].map((a) => a.sinkId);
  },
  /** What the publisher's encoder aims at (bit/s), over its simulcast layers: the room's cap shows there. */
  async targetBitrate() {
    let target = 0;
    (await session.publisherPc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') target += s.targetBitrate ?? 0;
    });
    return target;
  },
  /** Per user received from: decoded frames and frame width, audio energy and bytes (the SDK's getStats). */
  async inbound() {
    const result = {};
    for (const userId of session?.remoteStreams.keys() ?? []) {
      const stats = await session.getStats(userId);
      result[userId] = {
        framesDecoded: stats.videoIn?.framesDecoded ?? 0,
        width: stats.videoIn?.frameWidth ?? 0,
        videoBytes: stats.videoIn?.bytesReceived ?? 0,
        audioEnergy: stats.audioIn?.totalAudioEnergy ?? 0,
        audioBytes: stats.audioIn?.bytesReceived ?? 0,
      };
    }
    return result;
  },
};
window.conferenceSdkReady = true;
