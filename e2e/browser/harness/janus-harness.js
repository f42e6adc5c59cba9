// Test harness page for conferences with the unmodified janus.js (npm janus-gateway), following the flow of
// janus-gateway's video room demos: a publisher handle that joins and publishes, and subscriptions to the other
// publishers, either one handle per feed (videoroom.js, the default) or one multistream handle for all of them
// (mvideoroom.js). It records what janus.js reports in window.jr.events, attaches remote tracks to <video> and
// <audio> elements (Chromium decodes remote audio only then), and exposes window.jr to the tests. It runs against
// Parley and against Janus itself (bench/conference-compare.mjs).
import Janus from './janus.es.js';
import { inboundStats, longestStall, mediaElement } from './media.js';

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
/** The multistream subscription: its handle, and its mids (strings, as getStats has them) → feed ids from the last
 * attached/updated event. */
const multi = { handle: null, joining: false, mids: new Map(), pending: [] };

/** The camera the tests publish; connect's `video` replaces it (the benchmark keeps the fake camera's frame rate). */
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

/** Plays a remote track (or stops it); records the first video frame shown, for join times (bench/conference-compare.mjs). */
function showTrack(key, track, on, feed) {
  const element = mediaElement(track.kind === 'audio' ? 'audio' : 'video', key);
  if (!on) {
    element.srcObject = null;
    return;
  }
  Janus.attachMediaStream(element, new MediaStream([track]));
  if (track.kind === 'video') element.requestVideoFrameCallback(() => record('firstFrame', { feed: feed() }));
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
    ondataopen: (label) => record('dataOpen', { own: true, label }),
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
  if (jsep) {
    // Whether the server took the publisher's simulcast (RFC 8853 §5.3: its answer says a=simulcast:recv).
    if (jsep.type === 'answer') record('publisherAnswer', { simulcast: /^a=simulcast:recv /m.test(jsep.sdp) });
    publisher.handleRemoteJsep({ jsep });
  }
}

/**
 * Publishes the camera and microphone; `simulcast` and `video` override connect's choices for this offer. With
 * connect's `svc` (a scalability mode, e.g. 'L1T3') janus.js asks the encoder for those layers, and `videocodec`
 * asks the room for that codec (configure's `videocodec`, as videoroomtest.js does).
 */
function publish({ simulcast = options.simulcast, video = options.video } = {}) {
  return new Promise((resolve, reject) => publisher.createOffer({
    tracks: [
      { type: 'audio', capture: true, recv: false },
      // simulcast: janus.js's three RID layers (h, m, l), as videoroom.js does with ?simulcast=true.
      { type: 'video', capture: video, recv: false, simulcast, ...(options.svc ? { svc: options.svc } : {}),
        ...(options.videocodec ? { codec: options.videocodec } : {}) },
      ...(options.data ? [{ type: 'data' }] : []),
    ],
    success: (jsep) => {
      publisher.send({ message: { request: 'configure', audio: true, video: true,
        ...(options.videocodec ? { videocodec: options.videocodec } : {}) }, jsep });
      resolve();
    },
    error: (error) => reject(new Error(error?.message || `${error?.name ?? ''} ${String(error)}`)),
  }));
}

/** The audio and video streams a publisher offers, as the demos subscribe to them (disabled ones left out). */
const mediaStreams = (p) => (p.streams ?? []).filter((s) => !s.disabled && (s.type === 'audio' || s.type === 'video'));

/** Subscribes to the other publishers' media; one without any (a ConnectyCube listener) is left out. */
function subscribeTo(publishers) {
  if (options.subscriptions === 'none') return;
  const others = publishers.filter((p) => p.id !== myId && !p.dummy && mediaStreams(p).length > 0);
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
        else if (msg.substream !== undefined) record('layers', { feed: p.id, mid: msg.mid, substream: msg.substream, temporal: msg.temporal });
        if (jsep) answer(feed.handle, jsep, { feed: p.id });
      },
      mediaState: (medium, on, mid) => record('media', { feed: p.id, type: medium, receiving: on, mid }),
      webrtcState: (on) => record(on ? 'subscriberUp' : 'subscriberDown', { feed: p.id }),
      slowLink: (uplink, lost, mid) => record('slowlink', { feed: p.id, uplink, lost, mid }),
      onremotetrack: (track, mid, on) => showTrack(`${p.id}-${mid}`, track, on, () => p.id),
      ondataopen: (label, protocol) => record('dataOpen', { feed: p.id, label, protocol }),
      ondata: (data, label) => record('data', { feed: p.id, label, ...received(data) }),
      oncleanup: () => record('subscriberCleanup', { feed: p.id }),
    });
    if (!feeds.has(p.id)) {
      feed.handle.detach();
      return;
    }
    feed.handle.send({ message: { request: 'join', room, ptype: 'subscriber',
      streams: mediaStreams(p).map((s) => ({ feed: p.id, mid: s.mid })), private_id: privateId,
      ...(options.data ? { offer_data: true } : {}) } });
  } catch (e) {
    record('error', { where: 'subscribe', feed: p.id, message: e.message });
  }
}

/** mvideoroom.js: one multistream handle; new feeds are added with "subscribe". */
async function subscribeMulti(publishers) {
  const streams = publishers.flatMap((p) => mediaStreams(p).map((s) => ({ feed: p.id, mid: s.mid })));
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
          msg.streams.filter((s) => s.active !== false && s.feed_id).forEach((s) => multi.mids.set(String(s.mid), s.feed_id));
        }
        if (msg.videoroom === 'attached' || msg.videoroom === 'updated') {
          record(msg.videoroom, { feeds: [...new Set(multi.mids.values())] });
        }
        if (jsep) answer(multi.handle, jsep, {});
      },
      mediaState: (medium, on, mid) => record('media', { feed: multi.mids.get(String(mid)), type: medium, receiving: on, mid }),
      webrtcState: (on) => record(on ? 'subscriberUp' : 'subscriberDown', {}),
      slowLink: (uplink, lost, mid) => record('slowlink', { feed: multi.mids.get(String(mid)), uplink, lost, mid }),
      onremotetrack: (track, mid, on) => showTrack(`m-${mid}`, track, on, () => multi.mids.get(String(mid))),
      ondataopen: (label, protocol) => record('dataOpen', { label, protocol }),
      ondata: (data, label) => record('data', { label, ...received(data) }),
    });
    multi.handle.send({ message: { request: 'join', room, ptype: 'subscriber', streams, private_id: privateId,
      ...(options.data ? { offer_data: true } : {}) } });
  } catch (e) {
    record('error', { where: 'subscribe', message: e.message });
  } finally {
    multi.joining = false;
  }
  if (multi.pending.length > 0) {
    multi.handle.send({ message: { request: 'subscribe', streams: multi.pending.splice(0) } });
  }
}

/** A data channel message as the events keep it: text, or binary decoded as UTF-8 for the tests to compare. */
const received = (data) => (typeof data === 'string' ? { data, binary: false }
  : { data: new TextDecoder().decode(data), binary: true });

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

const jr = {
  events,
  /**
   * Creates the Janus session (janus.js options such as keepAlivePeriod pass through) and the publisher handle.
   * `subscriptions`: 'per-feed', 'multistream' or 'none'; `video`: the camera's constraints; `simulcast`: offer
   * janus.js's three RID encodings (h, m at 1/2, l at 1/4 of the size); `data`: publish a data channel (janus.js's
   * default one) and ask subscriptions for the feeds' data (offer_data); `svc` and `videocodec`: see publish().
   */
  async connect({ server, token, janusOptions = {}, subscriptions = 'per-feed', publish: publishOnJoin = true, video = VIDEO,
    simulcast = false, data = false, svc = null, videocodec = null }) {
    options = { subscriptions, publish: publishOnJoin, video, simulcast, data, svc, videocodec };
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
  /**
   * Joins the room as a publisher (as `id` when given); resolves with the joined event, rejects with the room's
   * error. Records joinSent first, from which join times count.
   */
  join({ room: roomId, display, id }) {
    room = roomId;
    const from = events.length;
    const message = { request: 'join', room: roomId, ptype: 'publisher', display };
    if (id) message.id = id;
    record('joinSent');
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
  /** configure on the subscriber handle of one feed (per-feed subscriptions), e.g. {substream, temporal}. */
  configureFeed: (feedId, message) => feeds.get(feedId).handle.send({ message: { request: 'configure', ...message } }),
  unpublish: () => publisher.send({ message: { request: 'unpublish' } }),
  /** Sends text (or, with binary, an ArrayBuffer of the UTF-8 bytes) on the publisher's data channel, as janus.js's data(). */
  sendData: (text, { label, binary = false } = {}) => new Promise((resolve, reject) => publisher.data({
    ...(binary ? { data: new TextEncoder().encode(text).buffer } : { text }),
    ...(label ? { label } : {}),
    success: resolve,
    error: (error) => reject(new Error(String(error))),
  })),
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
  /** Per subscribed feed id: what arrives from it (harness/media.js), over its own handle or its mids of the multistream one. */
  inbound() {
    if (options.subscriptions === 'multistream') return inboundStats([multi.handle?.webrtcStuff?.pc], (s) => multi.mids.get(s.mid));
    const feedOf = new Map([...feeds.values()].map((f) => [f.handle?.webrtcStuff?.pc, f.id]));
    return inboundStats(feedOf.keys(), (s, pc) => feedOf.get(pc));
  },
  /**
   * The longest time video from `feed` did not advance (framesDecoded sampled every 100 ms) over `ms`
   * (media.js longestStall).
   */
  watchFrames: (feed, ms) => longestStall(async () => (await jr.inbound())[feed]?.framesDecoded ?? 0, ms),
  /**
   * What the publisher sends: video bytes (of all its encodings) and time (for its bitrate), the encoder's target bitrate and what holds it
   * back (qualityLimitationReason), the send-side bandwidth estimate (availableOutgoingBitrate), and the video
   * encodings that are sending (`layers`: rid and frame width of each, widest first; one without rid when the
   * server did not take simulcast).
   */
  async outbound() {
    const result = { videoBytes: 0, audioBytes: 0, timestamp: 0, targetBitrate: 0, qualityLimitationReason: null,
      availableOutgoingBitrate: null, layers: [] };
    const pc = publisher?.webrtcStuff?.pc;
    if (!pc) return result;
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        if (s.frameWidth) result.layers.push({ rid: s.rid ?? null, width: s.frameWidth });
        result.videoBytes += s.bytesSent;
        Object.assign(result, { timestamp: s.timestamp, targetBitrate: s.targetBitrate ?? 0,
          qualityLimitationReason: s.qualityLimitationReason ?? null });
      } else if (s.type === 'outbound-rtp') {
        result.audioBytes = s.bytesSent;
      } else if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate !== undefined) {
        result.availableOutgoingBitrate = s.availableOutgoingBitrate;
      }
    });
    result.layers.sort((a, b) => b.width - a.width);
    return result;
  },
  /** The publisher's video encodings as getStats reports them: rid, frameWidth, bytesSent, framesEncoded (simulcast: one each). */
  async outboundLayers() {
    const pc = publisher?.webrtcStuff?.pc;
    if (!pc) return [];
    const layers = [];
    (await pc.getStats()).forEach((s) => {
      if (s.type === 'outbound-rtp' && s.kind === 'video') {
        layers.push({ rid: s.rid ?? null, frameWidth: s.frameWidth ?? 0, bytesSent: s.bytesSent ?? 0, framesEncoded: s.framesEncoded ?? 0 });
      }
    });
    return layers;
  },
  /**
   * The selected ICE candidate pair of each of this page's peer connections (publisher first): the protocol and
   * type of its local and remote candidates, as getStats reports them (RTCIceCandidateStats).
   */
  async selectedPairs() {
    const pcs = [publisher?.webrtcStuff?.pc, multi.handle?.webrtcStuff?.pc,
      ...[...feeds.values()].map((f) => f.handle?.webrtcStuff?.pc)].filter((pc) => pc);
    const pairs = [];
    for (const pc of pcs) {
      const stats = await pc.getStats();
      stats.forEach((s) => {
        if (s.type !== 'transport' || !s.selectedCandidatePairId) return;
        const pair = stats.get(s.selectedCandidatePairId);
        const local = stats.get(pair.localCandidateId);
        const remote = stats.get(pair.remoteCandidateId);
        pairs.push({ local: { protocol: local.protocol, type: local.candidateType },
          remote: { protocol: remote.protocol, type: remote.candidateType, tcpType: remote.tcpType ?? null, port: remote.port } });
      });
    }
    return pairs;
  },
  /** Stops (or restarts) sending a kind locally, as janus.js's mute does. */
  mute: (kind) => (kind === 'audio' ? publisher.muteAudio() : publisher.muteVideo()),
  unmute: (kind) => (kind === 'audio' ? publisher.unmuteAudio() : publisher.unmuteVideo()),
};

window.jr = jr;
window.janusReady = true;
