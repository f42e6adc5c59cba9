// A video room participant on the unmodified janus.js (npm janus-gateway, with webrtc-adapter), as
// janus.js's own video room demo drives it (docs/protocol.md §4.3): a session, a publisher handle
// that joins, publishes camera and microphone with `configure`, and one multistream subscriber
// handle for every other publisher (`join` with `streams`, then `subscribe` / `unsubscribe` as
// publishers come and go; Parley's offers answered with `start`). Remote tracks play in <video>
// and <audio> elements. window.conf is the test's API; window.conf.events records what happened.
(() => {
  const events = [];
  const record = (name, data = {}) => events.push({ name, at: performance.now(), wallClock: Date.now(), ...data });
  let janus = null;
  let publisher = null;
  let subscriber = null;
  let subscription = null;        // a Promise: the subscriber handle made and `attached`
  let onAttached = null;
  let room = null;
  let myId = null;
  let privateId = null;
  let joinAnswer = null;          // resolves the pending join with {} or {error}
  const feedOfMid = new Map();    // subscriber mid -> feed id (from `attached` / `updated`)
  const subscribed = new Set();   // feed ids

  const promise = (fn) => new Promise((resolve, reject) => fn(resolve, reject));

  function attach(callbacks) {
    return promise((resolve, reject) => janus.attach({ plugin: 'janus.plugin.videoroom', success: resolve, error: reject, ...callbacks }));
  }

  function onPublisherMessage(msg, jsep) {
    const event = msg.videoroom;
    if (event === 'joined') {
      myId = msg.id;
      privateId = msg.private_id;
      record('joined', { id: msg.id, publishers: (msg.publishers ?? []).map((p) => p.id) });
      joinAnswer?.({});
      subscribeTo(msg.publishers ?? []);
    } else if (event === 'event') {
      if (msg.publishers) subscribeTo(msg.publishers);
      for (const field of ['leaving', 'unpublished']) {
        if (msg[field] !== undefined && msg[field] !== 'ok') {
          record(field, { feed: msg[field] });
          unsubscribeFrom(msg[field]);
        }
      }
      if (msg.configured === 'ok') record('configured');
      if (msg.error_code) {
        record('error', { code: msg.error_code, error: msg.error });
        joinAnswer?.({ error: { code: msg.error_code, error: msg.error } });
      }
    } else if (event === 'talking' || event === 'stopped-talking') {
      record(event, { feed: msg.id });
    }
    if (jsep) publisher.handleRemoteJsep({ jsep });
  }

  /**
   * Subscribes to the audio and video streams of publishers not subscribed yet, per {feed, mid} as
   * janus.js's demo does (skipping disabled streams; a publisher without any, such as a
   * ConnectyCube listener, is not subscribed to).
   */
  async function subscribeTo(publishers) {
    const fresh = publishers.filter((p) => p.id !== myId && !subscribed.has(p.id));
    const streams = fresh.flatMap((p) => (p.streams ?? [{ type: 'video' }])
      .filter((s) => !s.disabled && (s.type === 'audio' || s.type === 'video'))
      .map((s) => (s.mid === undefined ? { feed: p.id } : { feed: p.id, mid: s.mid })));
    fresh.forEach((p) => subscribed.add(p.id));
    if (streams.length === 0) return;
    if (!subscription) {
      // The first subscription: its `join` carries these streams. Later ones wait for its `attached`,
      // as janus.js's demo does, and then `subscribe` on the same handle.
      subscription = (async () => {
        const handle = await attach({
          onmessage: (msg, jsep) => onSubscriberMessage(handle, msg, jsep),
          onremotetrack: (track, mid, on) => onRemoteTrack(track, mid, on),
          webrtcState: (on) => record('subscriberWebrtc', { on }),
          iceState: (state) => record('subscriberIce', { state }),
        });
        subscriber = handle;
        const attached = new Promise((resolve) => { onAttached = resolve; });
        handle.send({ message: { request: 'join', room, ptype: 'subscriber', streams, private_id: privateId } });
        await attached;
      })();
      return;
    }
    await subscription;
    subscriber.send({ message: { request: 'subscribe', streams } });
  }

  function unsubscribeFrom(feed) {
    if (!subscribed.delete(Number(feed))) return;
    subscriber?.send({ message: { request: 'unsubscribe', streams: [{ feed: Number(feed) }] } });
  }

  function onSubscriberMessage(handle, msg, jsep) {
    if (msg.streams) {
      for (const s of msg.streams) if (s.feed_id !== undefined) feedOfMid.set(String(s.mid), s.feed_id);
    }
    if (msg.videoroom === 'attached' || msg.videoroom === 'updated') record(msg.videoroom, { streams: (msg.streams ?? []).length });
    if (msg.videoroom === 'attached') onAttached?.();
    if (msg.error_code) {
      record('error', { code: msg.error_code, error: msg.error, subscriber: true });
      onAttached?.();   // a failed join: later subscriptions are tried (and recorded) rather than held forever
    }
    if (!jsep) return;
    handle.createAnswer({
      jsep,
      tracks: [{ type: 'data' }],
      success: (answer) => handle.send({ message: { request: 'start', room }, jsep: answer }),
      error: (error) => record('error', { error: String(error?.message ?? error) }),
    });
  }

  function onRemoteTrack(track, mid, on) {
    const feed = feedOfMid.get(String(mid));
    const id = `${track.kind}-${mid}`;
    let element = document.getElementById(id);
    if (!on) {
      if (element && track.readyState === 'ended') element.remove();
      return;
    }
    if (!element) {
      element = document.createElement(track.kind);
      element.id = id;
      element.autoplay = true;
      element.playsInline = true;
      element.muted = track.kind === 'video';   // sound plays through the <audio> element
      document.getElementById('remotes').append(element);
    }
    element.srcObject = new MediaStream([track]);
    record('remoteTrack', { kind: track.kind, mid, feed });
    if (track.kind === 'video') {
      element.requestVideoFrameCallback(() => record('firstFrame', { mid, feed: feedOfMid.get(String(mid)) }));
    }
  }

  const conf = {
    events,
    /**
     * Creates the session and publisher handle and joins `room` as `id`; publishes camera and
     * microphone (320x240) unless `publish` is false. Resolves once `joined` arrived.
     */
    async join({ server, token, room: roomId, id, display, publish = true }) {
      room = roomId;
      await promise((resolve) => Janus.init({ debug: false, callback: resolve }));
      janus = await promise((resolve, reject) => {
        const session = new Janus({ server, token, iceServers: [], success: () => resolve(session), error: reject,
          destroyed: () => record('destroyed') });
      });
      publisher = await attach({
        onmessage: onPublisherMessage,
        webrtcState: (on) => record('publisherWebrtc', { on }),
        iceState: (state) => record('publisherIce', { state }),
        mediaState: (medium, on, mid) => record('mediaState', { medium, on, mid }),
        error: (error) => record('error', { error: String(error) }),
      });
      const answer = new Promise((resolve) => { joinAnswer = resolve; });
      record('joinSent');
      publisher.send({ message: { request: 'join', room, ptype: 'publisher', id, display },
        error: (error) => joinAnswer({ error: { error: String(error) } }) });
      const { error } = await answer;
      if (error) return { error };
      if (publish) {
        publisher.createOffer({
          tracks: [{ type: 'audio', capture: true, recv: false }, { type: 'video', capture: { width: 320, height: 240 }, recv: false }],
          success: (jsep) => publisher.send({ message: { request: 'configure', audio: true, video: true }, jsep }),
          error: (error) => record('error', { error: String(error?.message ?? error) }),
        });
      }
      return { id: myId };
    },
    /** Leaves the room and destroys the session. */
    async leave() {
      publisher?.send({ message: { request: 'leave' } });
      await promise((resolve) => janus.destroy({ success: resolve, error: resolve }));
    },
    /**
     * What the publisher's PeerConnection sends: frames per second, bytes, why the encoder is held
     * back (qualityLimitationReason) and the send-side bandwidth estimate (availableOutgoingBitrate).
     */
    async outbound() {
      const result = { framesPerSecond: 0, videoBytes: 0, qualityLimitationReason: null, availableOutgoingBitrate: null };
      const pc = publisher?.webrtcStuff?.pc;
      if (!pc) return result;
      (await pc.getStats()).forEach((s) => {
        if (s.type === 'outbound-rtp' && s.kind === 'video') {
          Object.assign(result, { framesPerSecond: s.framesPerSecond ?? 0, videoBytes: s.bytesSent ?? 0,
            qualityLimitationReason: s.qualityLimitationReason ?? null });
        } else if (s.type === 'candidate-pair' && s.nominated && s.availableOutgoingBitrate !== undefined) {
          result.availableOutgoingBitrate = s.availableOutgoingBitrate;
        }
      });
      return result;
    },
    /** Per remote feed: decoded frames and size, audio energy, bytes (getStats of the subscriber PeerConnection). */
    async inbound() {
      const result = {};
      const pc = subscriber?.webrtcStuff?.pc;
      if (!pc) return result;
      (await pc.getStats()).forEach((s) => {
        if (s.type !== 'inbound-rtp') return;
        const feed = feedOfMid.get(String(s.mid));
        if (feed === undefined) return;
        const entry = (result[feed] ??= { framesDecoded: 0, audioEnergy: 0, videoBytes: 0, audioBytes: 0, audioPackets: 0 });
        if (s.kind === 'video') Object.assign(entry, { framesDecoded: s.framesDecoded ?? 0, width: s.frameWidth ?? 0, height: s.frameHeight ?? 0, videoBytes: s.bytesReceived ?? 0 });
        else Object.assign(entry, { audioEnergy: s.totalAudioEnergy ?? 0, audioBytes: s.bytesReceived ?? 0, audioPackets: s.packetsReceived ?? 0 });
      });
      return result;
    },
  };
  window.conf = conf;
  window.conferenceReady = true;
})();
