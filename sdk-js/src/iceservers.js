import { ParleyError } from './errors.js';

/** Refetch once this share of the ttl has passed. */
export const REFRESH_AT = 0.8;
/** More entries than any sane configuration (the server allows 16 URLs). */
const MAX_ENTRIES = 32;

/**
 * @typedef {RTCIceServer[] | (() => RTCIceServer[] | Promise<RTCIceServer[]>)} IceServersSetting the app's
 *   `videochat.iceServers`: a fixed list, or a function asked for each new peer connection
 */

/**
 * The STUN/TURN servers each new peer connection gets (docs/sdk-js.md): the app's `videochat.iceServers` when it
 * set them (a list, or a function returning one or a Promise of one), otherwise the server's `GET /ice_servers`
 * (docs/api.md), whose TURN credentials expire after the answer's `ttl`. That list is reused; once 80 % of the ttl
 * has passed, the next peer connection still gets it while a new one is fetched. Only when no list is valid any
 * more (the first connection, or after expiry) does a connection wait for the fetch; when that fails, it gets no
 * servers (host candidates only: calls across NATs will not connect) and a warning is logged.
 */
export class IceServers {
  /**
   * @param {{rest: import('./rest.js').RestClient, timers: () => import('./timers.js').Timers,
   *   log: () => import('./log.js').Logger, setting: () => IceServersSetting | null}} deps `setting`: the app's
   *   `videochat.iceServers`, null for the server's list
   */
  constructor(deps) {
    this.deps = deps;
    /** @type {{servers: RTCIceServer[], refreshAt: number, expiresAt: number} | null} */
    this.current = null;
    /** The fetch in flight, shared by everyone who waits for it. @type {Promise<RTCIceServer[]> | null} */
    this.pending = null;
    /** Bumped by `reset`: a fetch started for an earlier session is not kept. */
    this.generation = 0;
  }

  /** The servers for a peer connection made now. @returns {Promise<RTCIceServer[]>} */
  async get() {
    const setting = this.deps.setting();
    if (Array.isArray(setting)) return setting;
    if (typeof setting === 'function') return checkList(await setting(), 'videochat.iceServers()');
    const now = this.deps.timers().now();
    const known = this.current;
    if (known && now < known.expiresAt) {
      if (now >= known.refreshAt && !this.pending) {
        this.refresh().catch((error) => this.deps.log().warn(
          'refreshing the STUN/TURN servers failed; the current ones serve until they expire:', error.message));
      }
      return known.servers;
    }
    try {
      return await this.refresh();
    } catch (error) {
      this.deps.log().warn('GET /ice_servers failed; this connection gets no STUN/TURN servers:',
        /** @type {Error} */ (error).message);
      return [];
    }
  }

  /**
   * Fetches the list now (e.g. right after login, so that the first call does not wait); rejects with a
   * ParleyError when the server cannot be reached, refuses, or answers no server list.
   * @returns {Promise<RTCIceServer[]>}
   */
  refresh() {
    if (!this.pending) {
      const pending = this.fetch().finally(() => { if (this.pending === pending) this.pending = null; });
      this.pending = pending;
    }
    return this.pending;
  }

  /** Forgets the list: it belongs to the session that fetched it (login, logout, another token). */
  reset() {
    this.current = null;
    this.pending = null;
    this.generation++;
  }

  async fetch() {
    const generation = this.generation;
    const asked = this.deps.timers().now();
    const answer = await this.deps.rest.request('GET', '/ice_servers');
    const ttl = answer?.ttl;
    if (!Number.isInteger(ttl) || ttl <= 0) throw new ParleyError('GET /ice_servers: the answer has no positive ttl');
    const servers = checkList(answer.ice_servers, 'GET /ice_servers: ice_servers');
    if (generation === this.generation) {
      this.current = { servers, refreshAt: asked + ttl * 1000 * REFRESH_AT, expiresAt: asked + ttl * 1000 };
    }
    return servers;
  }
}

/**
 * Gives a connection the servers for the local description it makes next (its first, or an ICE restart's):
 * gathering starts at setLocalDescription, so servers set before then are the ones used (W3C webrtc-pc §4.4.1.6,
 * setConfiguration).
 * @param {RTCPeerConnection} pc @param {RTCIceServer[]} iceServers
 */
export function useIceServers(pc, iceServers) {
  pc.setConfiguration({ ...pc.getConfiguration(), iceServers });
}

/**
 * @param {unknown} list @param {string} what
 * @returns {RTCIceServer[]}
 */
function checkList(list, what) {
  if (!Array.isArray(list) || list.length > MAX_ENTRIES) {
    throw new ParleyError(`${what} is not a list of at most ${MAX_ENTRIES} servers`);
  }
  for (const server of list) {
    const urls = server?.urls;
    if (!(typeof urls === 'string' || (Array.isArray(urls) && urls.length > 0 && urls.every((u) => typeof u === 'string')))) {
      throw new ParleyError(`${what}: a server has no urls`);
    }
  }
  return list;
}
