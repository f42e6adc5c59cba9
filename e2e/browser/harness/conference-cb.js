// Drives the unmodified ConnectyCube SDK's conference client (connectycube@6.1.2,
// ConnectyCube.videochatconference) as its docs show: a REST session for the user, the Janus server's
// URL in `conference.server`, listeners set before createNewSession(), getUserMedia, then
// join / joinAsListener / leave. Remote streams play in <video> and <audio> elements.
// window.cc is the test's API; window.cc.events records every listener call.
import { inboundStats, mediaElement } from './media.js';

const events = [];
const record = (name, data = {}) => events.push({ name, at: performance.now(), ...data });
const CB = window.ConnectyCube;
let conference = null;           // ConnectyCube.videochatconference, made by init()
const trackOwner = new Map();   // remote track id -> user id
let session = null;

/** The SDK copies these onto each session it makes: set them before createNewSession(). */
function listen() {
  conference.onParticipantJoinedListener = (s, userId, display, existing) =>
    record('participantJoined', { userId: Number(userId), display, existing });
  conference.onParticipantLeftListener = (s, userId) => {
    record('participantLeft', { userId: Number(userId) });
    for (const kind of ['video', 'audio']) document.getElementById(`${kind}-${userId}`)?.remove();
  };
  conference.onRemoteStreamListener = (s, userId, stream) => {
    record('remoteStream', { userId: Number(userId), tracks: stream.getTracks().map((t) => t.kind) });
    for (const track of stream.getTracks()) trackOwner.set(track.id, Number(userId));
    for (const kind of ['video', 'audio']) mediaElement(kind, Number(userId)).srcObject = stream;
  };
  conference.onRemoteTracksUpdatedListener = (s, userId, track, eventType) => {
    trackOwner.set(track.id, Number(userId));
    record('remoteTracksUpdated', { userId: Number(userId), kind: track.kind, eventType });
  };
  conference.onSessionConnectionStateChangedListener = (s, state) => record('sessionConnectionState', { state });
  conference.onRemoteConnectionStateChangedListener = (s, userId, state) =>
    record('remoteConnectionState', { userId: Number(userId), state });
  conference.onSlowLinkListener = (s, userId, uplink, nacks) => record('slowLink', { userId, uplink, nacks });
  conference.onErrorListener = (s, error) => record('error', { error: JSON.parse(JSON.stringify(error ?? null)) });
  // The SDK passes the channel's label where its types say user id (JanusClient emits label, data).
  conference.onDataChannelOpenedListener = (s, label) => record('dataOpen', { label: String(label) });
  conference.onDataChannelMessageListener = (s, label, data) =>
    record('data', { label: String(label), data: typeof data === 'string' ? data : `[${data?.constructor?.name}]` });
}

window.cc = {
  events,
  /** Initialises the SDK with the REST endpoint and the Janus URL, and makes the user's REST session. */
  async connect({ app, api, janus, user }) {
    CB.init({ appId: app.application_id, authKey: app.auth_key },
      { endpoints: { api_url: api }, conference: { server: janus, debug: false }, videochat: { iceServers: [] }, debug: { mode: 0 } });
    conference = CB.videochatconference;
    listen();
    const rest = await CB.createSession({ login: user.login, password: user.password });
    return rest.user_id;
  },
  /** Joins `room` as `userId` with camera and microphone (320x240), or as a listener (no media). */
  async join({ room, userId, display, listener = false }) {
    session = conference.createNewSession();
    if (listener) {
      await session.joinAsListener(room, userId, display);
    } else {
      await session.getUserMedia({ audio: true, video: { width: 320, height: 240 } });
      await session.join(room, userId, display);
    }
    record('joined', { room, listener });
  },
  async leave() {
    await session.leave();
    record('left');
  },
  /** The SDK's sendData: a message on the publisher connection's data channel (janus.js's default label). */
  sendData: (data, label) => session.sendData(data, label),
  /** Per remote user: what arrives over every peer connection of the SDK (harness/media.js). */
  inbound: () => inboundStats(window.peerConnections, (s) => trackOwner.get(s.trackIdentifier)),
  /** What the publisher's peer connection sends (nothing for a listener). */
  async outbound() {
    const result = { framesEncoded: 0, audioBytes: 0 };
    const pc = session?.currentPublisherPC;
    if (!pc) return result;
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'outbound-rtp') return;
      if (s.kind === 'video') result.framesEncoded += s.framesEncoded ?? 0;
      else result.audioBytes += s.bytesSent ?? 0;
    });
    return result;
  },
};
window.ccReady = true;
