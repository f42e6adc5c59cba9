import { ParleyError } from '../errors.js';
import { randomHex } from '../random.js';

/** The subprotocol of the Janus API over WebSocket (docs/protocol.md §4.1). */
export const JANUS_SUBPROTOCOL = 'janus-protocol';
const DEFAULT_REQUEST_TIMEOUT_MS = 15_000;
/** Well inside the server's 60 s session timeout, as janus.js's `keepAlivePeriod`. */
const DEFAULT_KEEPALIVE_MS = 25_000;
/** Parley answers at most 64 requests of one WebSocket at a time (docs/conference.md, limits). */
const MAX_PENDING = 64;
/** Parley's `max-message-size`: a larger request would only be refused (error 454). */
const MAX_REQUEST_CHARS = 64 * 1024;
/** An event larger than this is not from Parley (a subscriber offer of 64 streams is far smaller); it is dropped. */
const MAX_EVENT_CHARS = 1024 * 1024;

/**
 * @typedef {object} JanusOptions
 * @property {string} url `ws(s)://HOST/janus`
 * @property {string} token the user's REST session token, sent with every request
 * @property {import('../timers.js').Timers} timers
 * @property {import('../log.js').Logger} log
 * @property {typeof WebSocket} [WebSocket] the WebSocket class (tests pass a fake)
 * @property {number} [requestTimeoutMs] how long a request waits for its answer (default 15 s)
 * @property {number} [keepAliveMs] the keepalive period (default 25 s)
 */

/**
 * A client of the Janus API over WebSocket (docs/protocol.md §4): one WebSocket, one Janus session on it, the
 * handles attached to plugins. Every request carries a transaction and the token, and waits at most
 * `requestTimeoutMs` for its answer (`success`, `ack`, `error`, or for a plugin message the `event` with its
 * transaction); a keepalive goes out every `keepAliveMs`. Events that answer no request go to their handle's
 * `onEvent` (plugin events) or `onCoreEvent` (`webrtcup`, `media`, `slowlink`, `hangup`, `detached`).
 *
 * When the socket closes or the server times the session out, every waiting request rejects and `onClosed` is
 * called with the reason (null when `destroy` closed it).
 */
export class JanusClient {
  /** @param {JanusOptions} options */
  constructor(options) {
    this.options = options;
    this.timers = options.timers;
    this.log = options.log;
    this.requestTimeoutMs = options.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS;
    /** @type {WebSocket | null} */
    this.socket = null;
    /** @type {number | null} */
    this.sessionId = null;
    /** @type {Map<string, Pending>} */
    this.pending = new Map();
    /** @type {Map<number, JanusHandle>} */
    this.handles = new Map();
    /** @type {unknown} */
    this.keepAliveTimer = null;
    this.closed = false;
    /** @type {((reason: ParleyError | null) => void) | null} */
    this.onClosed = null;
  }

  /** Opens the WebSocket and creates the Janus session. */
  async connect() {
    if (this.socket) throw new ParleyError('the Janus client is connected already');
    const Socket = this.options.WebSocket ?? globalThis.WebSocket;
    if (typeof Socket !== 'function') throw new ParleyError('this environment has no WebSocket');
    let socket;
    try {
      socket = new Socket(this.options.url, JANUS_SUBPROTOCOL);
    } catch (cause) {
      throw new ParleyError(`bad Janus URL ${this.options.url}: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    this.socket = socket;
    await this.opened(socket);
    socket.onmessage = (event) => this.onMessage(event.data);
    socket.onclose = (event) => this.shutDown(new ParleyError(`the Janus connection closed (code ${event.code})`));
    socket.onerror = () => this.log.debug('Janus WebSocket error');
    let created;
    try {
      created = await this.request({ janus: 'create' });
    } catch (error) {
      this.shutDown(null);
      throw error;
    }
    this.sessionId = created.data.id;
    const period = this.options.keepAliveMs ?? DEFAULT_KEEPALIVE_MS;
    this.keepAliveTimer = this.timers.setInterval(() => {
      this.request({ janus: 'keepalive' }).catch((error) => this.log.warn('Janus keepalive failed', error));
    }, period);
  }

  /** @param {WebSocket} socket */
  opened(socket) {
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        fail(new ParleyError(`the Janus server ${this.options.url} did not answer within ${this.requestTimeoutMs} ms`));
        socket.close();
      }, this.requestTimeoutMs);
      /** @param {ParleyError} error */
      const fail = (error) => {
        this.timers.clearTimeout(timer);
        this.closed = true;
        reject(error);
      };
      socket.onopen = () => {
        this.timers.clearTimeout(timer);
        resolve(undefined);
      };
      socket.onclose = (event) => fail(new ParleyError(`the Janus server ${this.options.url} refused the connection (code ${event.code})`));
    });
  }

  /**
   * Attaches a handle to a plugin.
   * @param {string} plugin e.g. `janus.plugin.videoroom`
   * @returns {Promise<JanusHandle>}
   */
  async attach(plugin) {
    const answer = await this.request({ janus: 'attach', plugin });
    const handle = new JanusHandle(this, answer.data.id);
    this.handles.set(handle.id, handle);
    return handle;
  }

  /**
   * Sends a request and resolves with its answer: `success` (or `ack` when `untilEvent` is off), or for a plugin
   * message the `event` with its transaction. Rejects with a ParleyError whose `status` is the Janus error code
   * (or the plugin's `error_code`), on a timeout, or when the connection closes.
   * @param {Record<string, unknown>} body without transaction, token or session_id
   * @param {{untilEvent?: boolean}} [options]
   * @returns {Promise<any>}
   */
  request(body, { untilEvent = false } = {}) {
    if (this.closed || !this.socket) return Promise.reject(new ParleyError('the Janus connection is closed'));
    if (this.pending.size >= MAX_PENDING) {
      return Promise.reject(new ParleyError(`too many Janus requests waiting for their answers (${MAX_PENDING})`));
    }
    const transaction = randomHex(12);
    const message = { ...body, transaction, token: this.options.token };
    if (this.sessionId !== null && body.janus !== 'create') message.session_id = this.sessionId;
    const text = JSON.stringify(message);
    if (text.length > MAX_REQUEST_CHARS) {
      return Promise.reject(new ParleyError(`Janus ${body.janus} request too large (${text.length} characters, at most ${MAX_REQUEST_CHARS})`));
    }
    return new Promise((resolve, reject) => {
      const timer = this.timers.setTimeout(() => {
        this.pending.delete(transaction);
        reject(new ParleyError(`Janus ${describe(body)} got no answer within ${this.requestTimeoutMs} ms`));
      }, this.requestTimeoutMs);
      this.pending.set(transaction, { resolve, reject, timer, untilEvent, what: describe(body) });
      this.socket?.send(text);
    });
  }

  /** @param {unknown} data */
  onMessage(data) {
    if (typeof data !== 'string' || data.length > MAX_EVENT_CHARS) {
      this.log.warn('Janus message dropped: not text, or too large');
      return;
    }
    let message;
    try {
      message = JSON.parse(data);
    } catch {
      this.log.warn('Janus message dropped: not JSON');
      return;
    }
    if (!message || typeof message !== 'object') return;
    const pending = typeof message.transaction === 'string' ? this.pending.get(message.transaction) : undefined;
    if (pending && this.settle(message.transaction, pending, message)) return;
    this.dispatch(message);
  }

  /**
   * Settles a waiting request with a message of its transaction; false when the message is not its answer
   * (the `ack` of a plugin message, which waits for its event).
   * @param {string} transaction @param {Pending} pending @param {any} message
   */
  settle(transaction, pending, message) {
    if (message.janus === 'ack' && pending.untilEvent) return true;
    this.timers.clearTimeout(pending.timer);
    this.pending.delete(transaction);
    if (message.janus === 'error') {
      const { code, reason } = message.error ?? {};
      pending.reject(new ParleyError(`Janus ${pending.what} failed: ${reason ?? 'error'} (${code})`, { status: code ?? 0 }));
    } else if (message.plugindata?.data?.error_code !== undefined) {
      const { error_code: code, error } = message.plugindata.data;
      pending.reject(new ParleyError(`${pending.what} failed: ${error} (${code})`, { status: code }));
    } else {
      pending.resolve(message);
    }
    return true;
  }

  /** An event that answers no request: to its handle, or the session's own. @param {any} message */
  dispatch(message) {
    if (message.janus === 'timeout') {
      this.shutDown(new ParleyError('the Janus session timed out on the server'));
      return;
    }
    if (message.janus === 'keepalive' || message.janus === 'ack' || message.janus === 'success') return;
    const handle = this.handles.get(message.sender);
    if (!handle) {
      this.log.debug('Janus event for no handle', message.janus);
      return;
    }
    if (message.janus === 'detached') this.handles.delete(handle.id);
    try {
      if (message.janus === 'event') handle.onEvent?.(message.plugindata?.data ?? {}, message.jsep ?? null);
      else handle.onCoreEvent?.(message);
    } catch (error) {
      this.log.warn(`Janus ${message.janus} handler threw`, error);
    }
  }

  /** Destroys the Janus session (its handles with it) and closes the socket. */
  async destroy() {
    if (this.closed) return;
    try {
      if (this.sessionId !== null) await this.request({ janus: 'destroy' });
    } catch (error) {
      this.log.debug('Janus destroy failed', error);
    }
    this.shutDown(null);
  }

  /** @param {ParleyError | null} reason null when the app closed it */
  shutDown(reason) {
    if (this.closed && this.pending.size === 0 && this.keepAliveTimer === null) return;
    const wasOpen = !this.closed;
    this.closed = true;
    this.timers.clearInterval(this.keepAliveTimer);
    this.keepAliveTimer = null;
    const error = reason ?? new ParleyError('the Janus session was destroyed');
    for (const [transaction, pending] of this.pending) {
      this.timers.clearTimeout(pending.timer);
      this.pending.delete(transaction);
      pending.reject(error);
    }
    this.handles.clear();
    if (this.socket) {
      this.socket.onclose = null;
      this.socket.onmessage = null;
      this.socket.close();
    }
    if (wasOpen) this.onClosed?.(reason);
  }
}

/**
 * A handle attached to a plugin. `onEvent(data, jsep)` hears the plugin's events that answer no request;
 * `onCoreEvent(message)` the core's (`webrtcup`, `media`, `slowlink`, `hangup`, `detached`).
 */
export class JanusHandle {
  /** @param {JanusClient} client @param {number} id */
  constructor(client, id) {
    this.client = client;
    this.id = id;
    /** @type {((data: any, jsep: RTCSessionDescriptionInit | null) => void) | null} */
    this.onEvent = null;
    /** @type {((message: any) => void) | null} */
    this.onCoreEvent = null;
  }

  /**
   * A plugin message; resolves with the plugin's answer `{data, jsep}` (its event, or a synchronous `success`).
   * @param {Record<string, unknown>} body
   * @param {RTCSessionDescriptionInit} [jsep]
   * @returns {Promise<{data: any, jsep: RTCSessionDescriptionInit | null}>}
   */
  async message(body, jsep) {
    const answer = await this.client.request({ janus: 'message', handle_id: this.id, body, ...(jsep ? { jsep } : {}) },
      { untilEvent: true });
    return { data: answer.plugindata?.data ?? {}, jsep: answer.jsep ?? null };
  }

  /** Detaches the handle (the plugin forgets it); a closed connection makes this a no-op. */
  async detach() {
    this.client.handles.delete(this.id);
    if (this.client.closed) return;
    await this.client.request({ janus: 'detach', handle_id: this.id });
  }
}

/**
 * @typedef {object} Pending
 * @property {(message: any) => void} resolve
 * @property {(error: ParleyError) => void} reject
 * @property {unknown} timer
 * @property {boolean} untilEvent
 * @property {string} what
 */

/** @param {Record<string, any>} body */
function describe(body) {
  return body.janus === 'message' && body.body?.request ? `${body.body.request}` : String(body.janus);
}
