import { ParleyError } from '../errors.js';
import { useIceServers } from '../iceservers.js';

/** Subscription changes and offers waiting their turn; past this the next change is refused. */
const MAX_QUEUED = 64;

/**
 * @typedef {object} SubscriptionHost what the subscription needs from its conference session
 * @property {import('./JanusClient.js').JanusClient} janus
 * @property {() => string | number} room
 * @property {() => Promise<RTCIceServer[]>} iceServers the STUN/TURN servers for the connection's local descriptions
 * @property {(userId: number, stream: MediaStream) => void} streamAdded
 * @property {(userId: number) => void} streamRemoved
 * @property {(userIds: number[], connected: boolean) => void} connectionChanged
 * @property {(userId: number, kind: string, receiving: boolean) => void} mediaChanged
 * @property {(userId: number, data: string | ArrayBuffer) => void} dataReceived a publisher's data channel message
 * @property {(error: ParleyError) => void} failed the subscription cannot go on
 * @property {import('../log.js').Logger} log
 */

/**
 * The multistream subscription of a conference session (docs/protocol.md §4.3): one video room handle and one
 * RTCPeerConnection receive every feed the user subscribed to. The first feed `join`s as a subscriber; later ones
 * are added with `subscribe` and dropped with `unsubscribe`. Each change (and each publisher that leaves) brings an
 * offer from Parley (`attached` or `updated`), which is answered with `start`. Changes and offers run one at a time,
 * in order. After every offer the streams of each feed are rebuilt from the offer's `streams` (mid → feed) and the
 * connection's transceivers.
 */
export class Subscription {
  /** @param {SubscriptionHost} host */
  constructor(host) {
    this.host = host;
    /** @type {import('./JanusClient.js').JanusHandle | null} */
    this.handle = null;
    /** @type {RTCPeerConnection | null} */
    this.pc = null;
    /** Feeds the user asked for. @type {Set<number>} */
    this.feeds = new Set();
    /** The streams of the last offer: mid → feed. @type {Map<string, number>} */
    this.mids = new Map();
    /** @type {Map<number, MediaStream>} */
    this.streams = new Map();
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    this.queued = 0;
    this.connected = false;
    this.closed = false;
  }

  /** @param {number} feed */
  subscribe(feed) {
    if (this.feeds.has(feed)) return Promise.resolve();
    this.feeds.add(feed);
    return this.enqueue(async () => {
      if (!this.feeds.has(feed)) return;
      if (!this.handle) {
        await this.join(feed);
        return;
      }
      const answer = await this.handle.message({ request: 'subscribe', streams: [{ feed }] });
      if (answer.jsep) await this.applyOffer(answer.data, answer.jsep);
    }).catch((error) => {
      this.feeds.delete(feed);
      throw error;
    });
  }

  /** @param {number} feed */
  unsubscribe(feed) {
    if (!this.feeds.delete(feed)) return Promise.resolve();
    this.drop(feed);
    return this.enqueue(async () => {
      if (!this.handle) return;
      const answer = await this.handle.message({ request: 'unsubscribe', streams: [{ feed }] });
      if (answer.jsep) await this.applyOffer(answer.data, answer.jsep);
    });
  }

  /** The publisher left the room: Parley drops its streams itself (and sends an updated offer). @param {number} feed */
  publisherLeft(feed) {
    this.feeds.delete(feed);
    this.drop(feed);
  }

  /** @param {number} feed */
  async join(feed) {
    const handle = await this.host.janus.attach('janus.plugin.videoroom');
    handle.onEvent = (data, jsep) => this.onEvent(data, jsep);
    handle.onCoreEvent = (message) => this.onCoreEvent(message);
    try {
      const answer = await handle.message({ request: 'join', ptype: 'subscriber', room: this.host.room(), streams: [{ feed }],
        offer_data: true });
      this.handle = handle;
      if (answer.jsep) await this.applyOffer(answer.data, answer.jsep);
    } catch (error) {
      handle.detach().catch(() => {});
      throw error;
    }
  }

  /** @template T @param {() => Promise<T>} task @returns {Promise<T>} */
  enqueue(task) {
    if (this.closed) return Promise.reject(new ParleyError('the conference session is closed'));
    if (this.queued >= MAX_QUEUED) return Promise.reject(new ParleyError(`too many subscription changes waiting (${MAX_QUEUED})`));
    this.queued += 1;
    const run = this.queue.then(() => (this.closed ? Promise.reject(new ParleyError('the conference session is closed')) : task()));
    this.queue = run.catch(() => {}).finally(() => { this.queued -= 1; });
    return run;
  }

  /** An offer Parley sends on its own (a publisher left, or changed its streams). @param {any} data @param {any} jsep */
  onEvent(data, jsep) {
    if (!jsep || (data.videoroom !== 'attached' && data.videoroom !== 'updated')) return;
    this.enqueue(() => this.applyOffer(data, jsep)).catch((error) => {
      if (!this.closed) this.host.failed(new ParleyError(`the subscription could not follow the room: ${error.message}`, { cause: error }));
    });
  }

  /** @param {any} message */
  onCoreEvent(message) {
    if (message.janus === 'media') {
      const feed = this.mids.get(String(message.mid));
      if (feed !== undefined) this.host.mediaChanged(feed, message.type, message.receiving === true);
    } else if (message.janus === 'hangup' && !this.closed) {
      this.host.failed(new ParleyError(`the server closed the subscription's connection (${message.reason ?? 'hangup'})`));
    }
  }

  /**
   * Answers one of Parley's offers and starts the subscription with the answer.
   * @param {any} data the `attached` or `updated` event @param {RTCSessionDescriptionInit} jsep
   */
  async applyOffer(data, jsep) {
    const pc = this.pc ?? this.open();
    this.mids = new Map();
    for (const stream of Array.isArray(data.streams) ? data.streams : []) {
      if (stream.active !== false && typeof stream.feed_id === 'number') this.mids.set(String(stream.mid), stream.feed_id);
    }
    await pc.setRemoteDescription(jsep);
    const iceServers = await this.host.iceServers();
    if (this.closed) return;
    useIceServers(pc, iceServers);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.closed) return;
    await /** @type {import('./JanusClient.js').JanusHandle} */ (this.handle).message({ request: 'start' },
      { type: 'answer', sdp: /** @type {string} */ (pc.localDescription?.sdp) });
    if (!this.closed) this.sync();
  }

  open() {
    const pc = new RTCPeerConnection();
    pc.oniceconnectionstatechange = () => {
      const state = pc.iceConnectionState;
      const connected = state === 'connected' || state === 'completed';
      if (connected === this.connected || (!connected && state !== 'disconnected' && state !== 'failed')) return;
      this.connected = connected;
      this.host.connectionChanged([...this.streams.keys()], connected);
    };
    // Parley opens a channel per publisher (and label) to deliver its messages; the channel's protocol is its id.
    pc.ondatachannel = (event) => {
      const channel = event.channel;
      const sender = Number(channel.protocol);
      channel.binaryType = 'arraybuffer';
      channel.onmessage = (message) => {
        if (Number.isSafeInteger(sender) && sender > 0 && !this.closed) this.host.dataReceived(sender, message.data);
      };
    };
    this.pc = pc;
    return pc;
  }

  /** Each subscribed feed's stream holds the tracks of its mids; feeds with no mid left lose theirs. */
  sync() {
    const pc = /** @type {RTCPeerConnection} */ (this.pc);
    /** @type {Map<number, MediaStreamTrack[]>} */
    const tracks = new Map();
    for (const transceiver of pc.getTransceivers()) {
      const feed = this.mids.get(String(transceiver.mid));
      if (feed === undefined || !this.feeds.has(feed) || !transceiver.receiver.track) continue;
      tracks.set(feed, [...(tracks.get(feed) ?? []), transceiver.receiver.track]);
    }
    for (const feed of [...this.streams.keys()]) if (!tracks.has(feed)) this.drop(feed);
    for (const [feed, feedTracks] of tracks) {
      const stream = this.streams.get(feed);
      if (!stream) {
        const fresh = new MediaStream(feedTracks);
        this.streams.set(feed, fresh);
        this.host.streamAdded(feed, fresh);
        if (this.connected) this.host.connectionChanged([feed], true);
        continue;
      }
      for (const track of stream.getTracks()) if (!feedTracks.includes(track)) stream.removeTrack(track);
      for (const track of feedTracks) if (!stream.getTracks().includes(track)) stream.addTrack(track);
    }
  }

  /**
   * Asks for simulcast layers of a feed's video mids (`configure` with `streams:[{mid, substream, temporal}]`).
   * @param {number} feed
   * @param {number} substream
   * @param {number} temporal
   */
  setLayers(feed, substream, temporal) {
    return this.enqueue(async () => {
      if (!this.handle || !this.pc) throw new ParleyError(`not subscribed to user ${feed}`);
      const streams = this.pc.getTransceivers()
        .filter((t) => this.mids.get(String(t.mid)) === feed && t.receiver.track?.kind === 'video')
        .map((t) => ({ mid: String(t.mid), substream, temporal }));
      if (streams.length === 0) throw new ParleyError(`no video from user ${feed}`);
      await this.handle.message({ request: 'configure', streams });
    });
  }

  /** @param {number} feed */
  drop(feed) {
    if (this.streams.delete(feed)) this.host.streamRemoved(feed);
  }

  /** The receivers of a feed, for its statistics. @param {number} feed */
  receivers(feed) {
    if (!this.pc) return [];
    return this.pc.getTransceivers().filter((t) => this.mids.get(String(t.mid)) === feed).map((t) => t.receiver);
  }

  close() {
    this.closed = true;
    this.pc?.close();
    this.pc = null;
    this.handle = null;
    this.streams.clear();
    this.feeds.clear();
  }
}
