import { ParleyError } from '../errors.js';
import { useIceServers } from '../iceservers.js';

/** Subscription changes and offers waiting their turn; past this the next change is refused. */
const MAX_QUEUED = 64;
/** Restarts of a failed connection in a row (none connected in between) before the subscription gives up. */
export const MAX_RESTARTS = 3;
/** The pause before the first restart in a row; each next one waits twice as long. */
export const RESTART_DELAY_MS = 1000;

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
 * @property {(userIds: number[], wereConnected: boolean, error: ParleyError) => void} restarting the connection failed
 *   and is set up again: these users' streams are gone until new ones arrive
 * @property {(error: ParleyError) => void} failed the subscription cannot go on
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 */

/**
 * The multistream subscription of a conference session (docs/protocol.md §4.3): one video room handle and one
 * RTCPeerConnection receive every feed the user subscribed to. The first feed `join`s as a subscriber; later ones
 * are added with `subscribe` and dropped with `unsubscribe`. Each change (and each publisher that leaves) brings an
 * offer from Parley (`attached` or `updated`), which is answered with `start`. Changes and offers run one at a time,
 * in order. After every offer the streams of each feed are rebuilt from the offer's `streams` (mid → feed) and the
 * connection's transceivers.
 *
 * A connection that fails (Parley hangs it up, say after a DTLS handshake that never finished, or its ICE fails) is
 * set up again: the handle is detached and a new one joins with every subscribed feed after RESTART_DELAY_MS, doubled
 * for each restart in a row; the feeds are disconnected meanwhile and come back with new streams. After MAX_RESTARTS
 * restarts with no connection between them the session fails.
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
    /** The feeds the current handle asked for (its join, subscribe and unsubscribe answered). @type {Set<number>} */
    this.requested = new Set();
    /** The streams of the last offer: mid → feed. @type {Map<string, number>} */
    this.mids = new Map();
    /** @type {Map<number, MediaStream>} */
    this.streams = new Map();
    /** @type {Promise<unknown>} */
    this.queue = Promise.resolve();
    this.queued = 0;
    this.connected = false;
    this.closed = false;
    /** Counts restarts; events of an older handle or connection are ignored. */
    this.generation = 0;
    this.restartsInARow = 0;
    this.restartPending = false;
    this.leaving = false;
  }

  /** @param {number} feed */
  subscribe(feed) {
    if (this.feeds.has(feed)) return Promise.resolve();
    this.feeds.add(feed);
    return this.enqueue(async () => {
      if (!this.feeds.has(feed) || this.requested.has(feed)) return;
      if (!this.handle) {
        await this.join();
        return;
      }
      await this.change('subscribe', feed);
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
      if (this.handle && this.requested.has(feed)) await this.change('unsubscribe', feed);
    });
  }

  /**
   * A `subscribe` or `unsubscribe` on the handle; when the connection restarted meanwhile, the restart's join asks
   * for the feeds as they are then, and the change is moot.
   * @param {string} request @param {number} feed
   */
  async change(request, feed) {
    const generation = this.generation;
    try {
      const answer = await /** @type {import('./JanusClient.js').JanusHandle} */ (this.handle).message({ request, streams: [{ feed }] });
      if (generation !== this.generation) return;
      if (request === 'subscribe') this.requested.add(feed); else this.requested.delete(feed);
      if (answer.jsep) await this.applyOffer(answer.data, answer.jsep);
    } catch (error) {
      if (generation === this.generation) throw error;
    }
  }

  /** The publisher left the room: Parley drops its streams itself (and sends an updated offer). @param {number} feed */
  publisherLeft(feed) {
    this.feeds.delete(feed);
    this.requested.delete(feed);
    this.drop(feed);
  }

  /** Attaches a subscriber handle and joins with every subscribed feed. */
  async join() {
    const generation = this.generation;
    const streams = [...this.feeds].map((feed) => ({ feed }));
    const handle = await this.host.janus.attach('janus.plugin.videoroom');
    handle.onEvent = (data, jsep) => { if (generation === this.generation) this.onEvent(data, jsep); };
    handle.onCoreEvent = (message) => { if (generation === this.generation) this.onCoreEvent(message); };
    try {
      const answer = await handle.message({ request: 'join', ptype: 'subscriber', room: this.host.room(), streams, offer_data: true });
      if (generation !== this.generation) throw new ParleyError('the subscription restarted while joining');
      this.handle = handle;
      for (const { feed } of streams) this.requested.add(feed);
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
    const generation = this.generation;
    this.enqueue(async () => { if (generation === this.generation) await this.applyOffer(data, jsep); }).catch((error) => {
      if (!this.closed) this.host.failed(new ParleyError(`the subscription could not follow the room: ${error.message}`, { cause: error }));
    });
  }

  /** @param {any} message */
  onCoreEvent(message) {
    if (message.janus === 'media') {
      const feed = this.mids.get(String(message.mid));
      if (feed !== undefined) this.host.mediaChanged(feed, message.type, message.receiving === true);
    } else if (message.janus === 'hangup' && !this.closed) {
      this.restart(new ParleyError(`the server closed the subscription's connection (${message.reason ?? 'hangup'})`));
    }
  }

  /** The user leaves the room: a connection Parley hangs up from now on is not set up again. */
  leave() {
    this.leaving = true;
  }

  /**
   * Sets the failed connection up again: the old handle and connection are let go at once, and after the restart
   * delay a new handle joins with the feeds subscribed then. Fails the subscription after MAX_RESTARTS in a row.
   * @param {ParleyError} why
   */
  restart(why) {
    if (this.closed || this.restartPending) return;
    if (this.leaving || this.restartsInARow >= MAX_RESTARTS) {
      this.host.failed(new ParleyError(`${why.message}, ${MAX_RESTARTS} restarts did not bring it back`, { cause: why }));
      return;
    }
    const delay = RESTART_DELAY_MS * 2 ** this.restartsInARow;
    this.restartsInARow += 1;
    this.restartPending = true;
    this.generation += 1;
    const lost = [...this.streams.keys()];
    const wereConnected = this.connected;
    this.handle?.detach().catch(() => {});
    this.handle = null;
    this.requested.clear();
    this.pc?.close();
    this.pc = null;
    this.connected = false;
    this.mids = new Map();
    this.streams.clear();
    this.host.restarting(lost, wereConnected, why);
    this.host.timers.setTimeout(() => {
      this.restartPending = false;
      if (this.closed) return;
      this.enqueue(async () => { if (!this.handle && this.feeds.size > 0) await this.join(); }).catch((error) => {
        this.restart(new ParleyError(`restarting the subscription failed: ${error.message}`, { cause: error }));
      });
    }, delay);
  }

  /**
   * Answers one of Parley's offers and starts the subscription with the answer.
   * @param {any} data the `attached` or `updated` event @param {RTCSessionDescriptionInit} jsep
   */
  async applyOffer(data, jsep) {
    const generation = this.generation;
    const pc = this.pc ?? this.open();
    this.mids = new Map();
    for (const stream of Array.isArray(data.streams) ? data.streams : []) {
      if (stream.active !== false && typeof stream.feed_id === 'number') this.mids.set(String(stream.mid), stream.feed_id);
    }
    await pc.setRemoteDescription(jsep);
    const iceServers = await this.host.iceServers();
    if (this.closed || generation !== this.generation) return;
    useIceServers(pc, iceServers);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (this.closed || generation !== this.generation) return;
    await /** @type {import('./JanusClient.js').JanusHandle} */ (this.handle).message({ request: 'start' },
      { type: 'answer', sdp: /** @type {string} */ (pc.localDescription?.sdp) });
    if (!this.closed && generation === this.generation) this.sync();
  }

  open() {
    const pc = new RTCPeerConnection();
    const generation = this.generation;
    pc.oniceconnectionstatechange = () => {
      if (this.closed || generation !== this.generation) return;
      const state = pc.iceConnectionState;
      if (state === 'failed') {
        this.restart(new ParleyError('the subscription\'s connection failed (ICE)'));
        return;
      }
      const connected = state === 'connected' || state === 'completed';
      if (connected === this.connected || (!connected && state !== 'disconnected')) return;
      this.connected = connected;
      if (connected) this.restartsInARow = 0;
      this.host.connectionChanged([...this.streams.keys()], connected);
    };
    // Parley opens a channel per publisher (and label) to deliver its messages; the channel's protocol is its id.
    pc.ondatachannel = (event) => {
      const channel = event.channel;
      const sender = Number(channel.protocol);
      channel.binaryType = 'arraybuffer';
      channel.onmessage = (message) => {
        if (Number.isSafeInteger(sender) && sender > 0 && !this.closed && generation === this.generation) {
          this.host.dataReceived(sender, message.data);
        }
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
