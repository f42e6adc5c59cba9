// Drives the unmodified ConnectyCube (window.ConnectyCube) or QuickBlox (window.QB) SDK, configured
// only with Parley's endpoints, with the same small API as harness.js: window.c.connect, call,
// autoAccept, stop, mute, unmute, events, inbound.
import { inboundStats } from './media.js';

const events = [];
const record = (name, data = {}) => events.push({ name, at: performance.now(), ...data });
let rtc = null;      // the SDK's videochat (CB) or webrtc (QB) module
let current = null;
let autoAccept = false;
// QuickBlox answers getUserMedia through the callback; ConnectyCube 6 returns a Promise.
const gum = (session) => new Promise((resolve, reject) => {
  const returned = session.getUserMedia({ audio: true, video: { width: 320, height: 240 } },
    (error, stream) => (error ? reject(error) : resolve(stream)));
  if (returned && typeof returned.then === 'function') returned.then(resolve, reject);
});

function listen() {
  rtc.onCallListener = async (session, extension) => {
    current = session;
    record('call', { from: session.initiatorID, callType: session.callType, extension });
    if (!autoAccept) return;
    try {
      await gum(session);
      session.accept({ sdk: 'accepted' });
    } catch (e) { record('error', { message: String(e?.message ?? e) }); }
  };
  rtc.onAcceptCallListener = (session, userId, extension) => record('accept', { userId: Number(userId), extension });
  rtc.onRejectCallListener = (session, userId, extension) => record('reject', { userId: Number(userId), extension });
  rtc.onStopCallListener = (session, userId, extension) => record('stop', { userId: Number(userId), extension });
  rtc.onUpdateCallListener = (session, userId, extension) => record('update', { userId: Number(userId), extension });
  rtc.onSessionConnectionStateChangedListener = (session, userId, state) =>
    record('connectionState', { userId: Number(userId), state });
  rtc.onSessionCloseListener = () => record('close');
  rtc.onRemoteStreamListener = (session, userId, stream) => {
    record('remoteStream', { userId: Number(userId) });
    for (const kind of ['video', 'audio']) {
      const element = document.createElement(kind);
      element.autoplay = true;
      element.muted = kind === 'video';
      element.srcObject = stream;
      document.getElementById('remotes').append(element);
    }
  };
}

const p = (fn) => new Promise((resolve, reject) => fn((error, result) => (error ? reject(error) : resolve(result))));

window.c = {
  events,
  /** ConnectyCube: api/chat URLs and chat domain; QuickBlox: api host:port (it always uses https). */
  async connect({ sdk, app, api, apiHostPort, ws, domain, user }) {
    if (sdk === 'cb') {
      const CB = window.ConnectyCube;
      CB.init({ appId: app.application_id, authKey: app.auth_key },
        { endpoints: { api_url: api, chat: domain, chat_url: ws }, debug: { mode: 0 }, videochat: { iceServers: [] } });
      const session = await CB.createSession({ login: user.login, password: user.password });
      await CB.chat.connect({ userId: user.id, password: session.token });
      rtc = CB.videochat;
    } else {
      const QB = window.QB;
      QB.init(app.application_id, app.auth_key, app.auth_secret, 'parley', {
        endpoints: { api: apiHostPort, chat: domain }, chatProtocol: { websocket: ws, active: 2 },
        debug: { mode: 0 }, webrtc: { iceServers: [] },
      });
      const session = await p((cb) => QB.createSession({ login: user.login, password: user.password }, cb));
      await p((cb) => QB.chat.connect({ userId: user.id, password: session.token }, cb));
      rtc = QB.webrtc;
    }
    listen();
  },
  autoAccept() { autoAccept = true; },
  async call(opponentId) {
    current = rtc.createNewSession([opponentId], rtc.CallType.VIDEO);
    await gum(current);
    current.call({ sdk: 'calling' }, () => {});
  },
  stop() { current.stop({ bye: 'sdk' }); },
  /** The SDK's own mute ('audio' or 'video'): it disables the track and tells the peer nothing. */
  mute(kind) { current.mute(kind); },
  unmute(kind) { current.unmute(kind); },
  /** What arrives over every peer connection: decoded frames and audio energy. */
  async inbound() {
    const { all } = await inboundStats(window.peerConnections, () => 'all');
    return { framesDecoded: all?.framesDecoded ?? 0, audioEnergy: all?.audioEnergy ?? 0 };
  },
};
window.compatReady = true;
