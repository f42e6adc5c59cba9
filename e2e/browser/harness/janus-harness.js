// Test harness page for conferences with the unmodified janus.js (npm janus-gateway), following the flow of
// janus-gateway's video room demos: a publisher handle that joins and publishes, and subscriptions to the other
// publishers, either one handle per feed (videoroom.js, the default) or one multistream handle for all of them
// (mvideoroom.js). It records what janus.js reports in window.jr.events, attaches remote tracks to <video> and
// <audio> elements (Chromium decodes remote audio only then), and exposes window.jr to the tests.
import Janus from './janus.es.js';

const events = [];
const record = (name, data = {}) => events.push({ name, at: performance.now(), ...data });

let janus = null;
let publisher = null;
let options = {};
let myId = null;
let privateId = null;
let room = null;
/** feed id → {handle, display} for per-feed subscriptions. */
const feeds = new Map();
/** The multistream subscription: its handle, and its mids → feed ids from the last attached/updated event. */
const multi = { handle: null, joining: false, mids: new Map(), pending: [] };

const VIDEO = { width: { ideal: 320 }, height: { ideal: 240 }, frameRate: { ideal: 15 } };

let initialized = null;

function init() {
  initialized ??= new Promise((resolve) => Janus.init({
    debug: window.location.hash.includes('debug') ? 'all' : false,
    dependencies: Janus.useDefaultDependencies({ adapter: window.adapter }),
    callback: resolve,
  }));
  return initialized;
}

/** A new Janus session with janus.js (its options pass through); resolves once created. */
function createSession({ server, token, janusOptions = {} }, onDestroyed, onError = () => {}) {
  return new Promise((resolve, reject) => {
    let created = false;
    const session = new Janus({
      server, token, iceServers: [], ...janusOptions,
      success: () => {
        created = true;
        resolve(session);
      },
      // Before the session exists, its creation failed; afterwards, the connection was lost.
      error: (error) => (created ? onError(String(error)) : reject(new Error(String(error)))),
      destroyed: onDestroyed,
    });
  });
}

function attach(callbacks, session = janus) {
  return new Promise((resolve, reject) => session.attach({
    plugin: 'janus.plugin.videoroom',
    ...callbacks,
    success: resolve,
    error: (error) => reject(new Error(String(error))),
  }));
}

function mediaElement(kind, key) {
  const id = `${kind}-${key}`;
  let element = document.getElementById(id);
  if (!element) {
    element = document.createElement(kind);
    element.id = id;
    element.autoplay = true;
    element.playsInline = true;
    if (kind === 'video') element.muted = true;
    document.getElementById('remotes').append(element);
  }
  return element;
}

function showTrack(key, track, on) {
  const element = mediaElement(track.kind === 'audio' ? 'audio' : 'video', key);
  if (!on) {
    element.srcObject = null;
    return;
  }
  Janus.attachMediaStream(element, new MediaStream([track]));
}

async function attachPublisher() {
  publisher = await attach({
    onmessage: onPublisherMessage,
    webrtcState: (on, reason) => record(on ? 'webrtcup' : 'hangup', { reason }),
    mediaState: (medium, on, mid) => record('ownMedia', { type: medium, receiving: on, mid }),
    slowLink: (uplink, lost, mid) => record('slowlink', { own: true, uplink, lost, mid }),
    onlocaltrack: (track, on) => {
      if (track.kind === 'video' && on) Janus.attachMediaStream(document.getElementById('local'), new MediaStream([track]));
    },
    oncleanup: () => record('cleanup'),
  });
}

/** The publisher handle's events, as videoroom.js handles them. */
function onPublisherMessage(msg, jsep) {
  const event = msg.videoroom;
  if (event === 'joined') {
    myId = msg.id;
    privateId = msg.private_id;
    record('joined', { id: msg.id, room: msg.room, publishers: (msg.publishers ?? []).map((p) => p.id) });
    if (options.publish !== false) publish().catch((e) => record('error', { where: 'publish', message: e.message }));
    subscribeTo(msg.publishers ?? []);
  } else if (event === 'event') {
    if (msg.publishers) {
      record('publishers', { ids: msg.publishers.map((p) => p.id) });
      subscribeTo(msg.publishers);
    } else if (msg.leaving !== undefined) {
      record('leaving', { id: msg.leaving, reason: msg.reason });
      if (msg.leaving !== 'ok') dropFeed(msg.leaving);
    } else if (msg.unpublished !== undefined) {
      record('unpublished', { id: msg.unpublished });
      if (msg.unpublished === 'ok') publisher.hangup();
      else dropFeed(msg.unpublished);
    } else if (msg.configured) {
      record('configured', { streams: msg.streams?.length ?? 0 });
    } else if (msg.error) {
      record('error', { where: 'publisher', code: msg.error_code, message: msg.error });
    }
  } else if (event === 'talking' || event === 'stopped-talking') {
    record(event, { id: msg.id, level: msg['audio-level-dBov-avg'] });
  } else if (event === 'destroyed') {
    record('destroyed');
  } else if (msg.error) {
    record('error', { where: 'publisher', code: msg.error_code, message: msg.error });
  }
  if (jsep) publisher.handleRemoteJsep({ jsep });
}

function publish() {
  return new Promise((resolve, reject) => publisher.createOffer({
    tracks: [
      { type: 'audio', capture: true, recv: false },
      { type: 'video', capture: VIDEO, recv: false },
    ],
    success: (jsep) => {
      publisher.send({ message: { request: 'configure', audio: true, video: true }, jsep });
      resolve();
    },
    error: (error) => reject(new Error(error?.message ?? String(error))),
  }));
}

function subscribeTo(publishers) {
  if (options.subscriptions === 'none') return;
  const others = publishers.filter((p) => p.id !== myId && !p.dummy && (p.streams ?? []).length > 0);
  if (others.length === 0) return;
  if (options.subscriptions === 'multistream') subscribeMulti(others);
  else others.forEach((p) => subscribeFeed(p));
}

/** videoroom.js: a handle per feed, joined as a subscriber to that feed's streams. */
async function subscribeFeed(p) {
  if (feeds.has(p.id)) return;
  const feed = { id: p.id, display: p.display, handle: null };
  feeds.set(p.id, feed);
  try {
    feed.handle = await attach({
      onmessage: (msg, jsep) => {
        if (msg.error) record('error', { where: 'subscriber', feed: p.id, code: msg.error_code, message: msg.error });
        else if (msg.videoroom === 'attached') record('attached', { feed: p.id });
        else if (msg.videoroom === 'updated') record('updated', { feed: p.id });
        if (jsep) answer(feed.handle, jsep, { feed: p.id });
      },
      mediaState: (medium, on, mid) => record('media', { feed: p.id, type: medium, receiving: on, mid }),
      webrtcState: (on) => record(on ? 'subscriberUp' : 'subscriberDown', { feed: p.id }),
      slowLink: (uplink, lost, mid) => record('slowlink', { feed: p.id, uplink, lost, mid }),
      onremotetrack: (track, mid, on) => showTrack(`${p.id}-${mid}`, track, on),
      oncleanup: () => record('subscriberCleanup', { feed: p.id }),
    });
    if (!feeds.has(p.id)) {
      feed.handle.detach();
      return;
    }
    feed.handle.send({ message: { request: 'join', room, ptype: 'subscriber',
      streams: p.streams.map((s) => ({ feed: p.id, mid: s.mid })), private_id: privateId } });
  } catch (e) {
    record('error', { where: 'subscribe', feed: p.id, message: e.message });
  }
}

/** mvideoroom.js: one multistream handle; new feeds are added with "subscribe". */
async function subscribeMulti(publishers) {
  const streams = publishers.flatMap((p) => p.streams.map((s) => ({ feed: p.id, mid: s.mid })));
  if (multi.handle && !multi.joining) {
    multi.handle.send({ message: { request: 'subscribe', streams } });
    return;
  }
  if (multi.joining) {
    multi.pending.push(...streams);
    return;
  }
  multi.joining = true;
  try {
    multi.handle = await attach({
      onmessage: (msg, jsep) => {
        if (msg.error) record('error', { where: 'subscriber', code: msg.error_code, message: msg.error });
        if (msg.streams) {
          multi.mids.clear();
          msg.streams.filter((s) => s.active !== false && s.feed_id).forEach((s) => multi.mids.set(s.mid, s.feed_id));
        }
        if (msg.videoroom === 'attached' || msg.videoroom === 'updated') {
          record(msg.videoroom, { feeds: [...new Set(multi.mids.values())] });
        }
        if (jsep) answer(multi.handle, jsep, {});
      },
      mediaState: (medium, on, mid) => record('media', { feed: multi.mids.get(mid), type: medium, receiving: on, mid }),
      webrtcState: (on) => record(on ? 'subscriberUp' : 'subscriberDown', {}),
      slowLink: (uplink, lost, mid) => record('slowlink', { feed: multi.mids.get(mid), uplink, lost, mid }),
      onremotetrack: (track, mid, on) => showTrack(`m-${mid}`, track, on),
    });
    multi.handle.send({ message: { request: 'join', room, ptype: 'subscriber', streams, private_id: privateId } });
  } catch (e) {
    record('error', { where: 'subscribe', message: e.message });
  } finally {
    multi.joining = false;
  }
  if (multi.pending.length > 0) {
    multi.handle.send({ message: { request: 'subscribe', streams: multi.pending.splice(0) } });
  }
}

function answer(handle, jsep, data) {
  handle.createAnswer({
    jsep,
    tracks: [{ type: 'data' }],
    success: (ours) => handle.send({ message: { request: 'start', room }, jsep: ours }),
    error: (error) => record('error', { where: 'answer', ...data, message: error?.message ?? String(error) }),
  });
}

function dropFeed(id) {
  const feed = feeds.get(id);
  if (!feed) return;
  feeds.delete(id);
  feed.handle?.detach();
}

/** Inbound RTP of the given mids of a peer connection: decoded frames, audio energy, bytes. */
async function inboundOf(pc, mids) {
  const result = { framesDecoded: 0, audioEnergy: 0, videoBytes: 0, audioBytes: 0, width: 0, height: 0 };
  if (!pc) return result;
  (await pc.getStats()).forEach((s) => {
    if (s.type !== 'inbound-rtp' || (mids && !mids.includes(s.mid))) return;
    if (s.kind === 'video') {
      result.framesDecoded += s.framesDecoded ?? 0;
      result.videoBytes += s.bytesReceived ?? 0;
      result.width = Math.max(result.width, s.frameWidth ?? 0);
      result.height = Math.max(result.height, s.frameHeight ?? 0);
    } else {
      result.audioEnergy += s.totalAudioEnergy ?? 0;
      result.audioBytes += s.bytesReceived ?? 0;
    }
  });
  return result;
}

const jr = {
  events,
  /** Creates the Janus session (janus.js options such as keepAlivePeriod pass through) and the publisher handle. */
  async connect({ server, token, janusOptions = {}, subscriptions = 'per-feed', publish: publishOnJoin = true }) {
    options = { subscriptions, publish: publishOnJoin };
    await init();
    feeds.clear();
    Object.assign(multi, { handle: null, joining: false, mids: new Map(), pending: [] });
    try {
      janus = await createSession({ server, token, janusOptions }, () => record('sessionDestroyed'),
        (message) => record('sessionError', { message }));
    } catch (e) {
      record('sessionError', { message: e.message });
      throw e;
    }
    await attachPublisher();
    return janus.getSessionId();
  },
  /** A new publisher handle on the session (after leave), to join again. */
  attachPublisher,
  /** Joins the room as a publisher; resolves with the joined event, rejects with the room's error. */
  join({ room: roomId, display, id }) {
    room = roomId;
    const from = events.length;
    const message = { request: 'join', room: roomId, ptype: 'publisher', display };
    if (id) message.id = id;
    publisher.send({ message });
    return new Promise((resolve, reject) => {
      const timer = setInterval(() => {
        const found = events.slice(from).find((e) => e.name === 'joined' || (e.name === 'error' && e.where === 'publisher'));
        if (!found) return;
        clearInterval(timer);
        if (found.name === 'joined') resolve(found);
        else reject(Object.assign(new Error(found.message), { code: found.code }));
      }, 50);
    });
  },
  publish,
  configure: (message) => publisher.send({ message: { request: 'configure', ...message } }),
  unpublish: () => publisher.send({ message: { request: 'unpublish' } }),
  /** As the ConnectyCube client leaves: "leave" on the publisher handle, then every handle detached. */
  async leave() {
    publisher.send({ message: { request: 'leave' } });
    for (const id of [...feeds.keys()]) dropFeed(id);
    multi.handle?.detach();
    multi.handle = null;
    await new Promise((resolve) => publisher.detach({ success: resolve, error: resolve }));
    publisher = null;
  },
  destroy: () => new Promise((resolve) => janus.destroy({ success: resolve, error: resolve, cleanupHandles: true })),
  /**
   * Another Janus session of this page, with another token: creates it, attaches, joins `room` as a publisher
   * (without publishing) and reports what happened: {created: false, error} when the session was refused, else
   * {created: true, joined: {id, publishers}} or {created: true, error: {code, message}}. The session is destroyed.
   */
  async probe({ server, token, room: probeRoom }) {
    await init();
    let session;
    try {
      session = await createSession({ server, token }, () => {});
    } catch (e) {
      return { created: false, error: e.message };
    }
    try {
      let settle;
      const settled = new Promise((resolve) => { settle = resolve; });
      const handle = await attach({
        onmessage: (msg) => {
          if (msg.videoroom === 'joined') settle({ joined: { id: msg.id, publishers: (msg.publishers ?? []).map((p) => p.id) } });
          else if (msg.error) settle({ error: { code: msg.error_code, message: msg.error } });
        },
      }, session);
      handle.send({
        message: { request: 'join', room: probeRoom, ptype: 'publisher', display: 'probe' },
        error: (error) => settle({ error: { message: String(error) } }),
      });
      const outcome = await settled;
      return { created: true, ...outcome };
    } finally {
      await new Promise((resolve) => session.destroy({ success: resolve, error: resolve }));
    }
  },
  myId: () => myId,
  subscribedFeeds: () => (options.subscriptions === 'multistream' ? [...new Set(multi.mids.values())] : [...feeds.keys()]),
  /** What arrives from one feed: over its own handle, or its mids of the multistream handle. */
  async inbound(feedId) {
    if (options.subscriptions === 'multistream') {
      const mids = [...multi.mids].filter(([, feed]) => feed === feedId).map(([mid]) => mid);
      return mids.length === 0 ? null : inboundOf(multi.handle?.webrtcStuff?.pc, mids);
    }
    const feed = feeds.get(feedId);
    return feed?.handle?.webrtcStuff?.pc ? inboundOf(feed.handle.webrtcStuff.pc, null) : null;
  },
  /** What the publisher sends: video bytes and time (for its bitrate), and why it is limited. */
  async outbound() {
    const result = { videoBytes: 0, audioBytes: 0, timestamp: 0, limitation: null, targetBitrate: 0 };
    const pc = publisher?.webrtcStuff?.pc;
    if (!pc) return result;
    (await pc.getStats()).forEach((s) => {
      if (s.type !== 'outbound-rtp') return;
      if (s.kind === 'video') {
        Object.assign(result, { videoBytes: s.bytesSent, timestamp: s.timestamp, limitation: s.qualityLimitationReason,
          targetBitrate: s.targetBitrate ?? 0 });
      } else {
        result.audioBytes = s.bytesSent;
      }
    });
    return result;
  },
  /** Stops (or restarts) sending a kind locally, as janus.js's mute does. */
  mute: (kind) => (kind === 'audio' ? publisher.muteAudio() : publisher.muteVideo()),
  unmute: (kind) => (kind === 'audio' ? publisher.unmuteAudio() : publisher.unmuteVideo()),
};

window.jr = jr;
window.janusReady = true;
