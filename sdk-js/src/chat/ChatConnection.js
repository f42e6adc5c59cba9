import { client, xml } from '@xmpp/client';
import { ParleyError } from '../errors.js';
import { randomHex, randomUuid } from '../random.js';
import { decodeSignal, encodeSignal } from '../videochat/signal/signal-codec.js';
import { decodeExtraParams, encodeExtraParams } from './extra-params.js';

const CONNECT_TIMEOUT_MS = 20_000;
/** The `moduleIdentifier` of system messages, as the ConnectyCube SDKs write it. */
const SYSTEM_MODULE = 'SystemNotifications';
/** A system message's body is at most this long (the server takes 64 KiB stanzas; a body is no SDP). */
const MAX_SYSTEM_BODY_CHARS = 16 * 1024;

/**
 * A system message: a headline from one user to another with app-defined fields (ConnectyCube's form).
 * @typedef {object} SystemMessage
 * @property {string} id
 * @property {number} userId the sender, from the server-stamped `from` JID
 * @property {string | null} body
 * @property {Record<string, any>} extension the fields (text, or objects of text)
 */
/**
 * @callback SignalHandler
 * @param {number} fromUserId the sender, read from the server-stamped `from` JID
 * @param {import('../videochat/signal/signals.js').CallSignal} signal the decoded signal
 * @returns {void}
 */

/**
 * The chat connection: XMPP over WebSocket (RFC 7395) with @xmpp/client, authenticated with SASL
 * PLAIN as `{userId}-{appId}` and the user's password or session token (docs/protocol.md §3.1; see
 * {@link saslMechanism} for when PLAIN may cross the network unencrypted). It reconnects by itself
 * after a drop (resuming the stream where the server allows it) and hands every call signal that
 * arrives to the signal handler. It is the SDK's chat boundary for calls: the signal codec turns each
 * typed signal into the `<extraParams>` of a headline and back, here and nowhere else.
 *
 * It also carries system messages (ConnectyCube's `sendSystemMessage`): headlines whose `<extraParams>` holds
 * `moduleIdentifier` `SystemNotifications` and the app's fields, which conference invitations use.
 *
 * Listeners (assign functions): `onConnectedListener()`, `onDisconnectedListener()`,
 * `onReconnectListener()` (the connection is back after a drop), `onReconnectFailedListener(error)`,
 * `onSystemMessageListener(message)`.
 */
export class ChatConnection {
  /**
   * @param {{websocket: string, chatDomain?: string, api?: string}} config `api`: the REST base URL
   * @param {() => number | null} applicationId
   * @param {import('../log.js').Logger} log
   */
  constructor(config, applicationId, log) {
    this.config = config;
    this.applicationId = applicationId;
    this.log = log;
    /** @type {any} */
    this.xmpp = null;
    /** @type {number | null} */
    this.userId = null;
    /** @type {string | null} the domain the server bound the connection to */
    this.domain = null;
    /** @type {SignalHandler | null} */
    this.signalHandler = null;
    /** The SDK's own reader of system messages (conference invitations); the app's listener hears them too. */
    /** @type {((message: SystemMessage) => void) | null} */
    this.systemMessageHandler = null;
    /** @type {((message: SystemMessage) => void) | null} */ this.onSystemMessageListener = null;
    /** @type {(() => void) | null} */ this.onConnectedListener = null;
    /** @type {(() => void) | null} */ this.onDisconnectedListener = null;
    /** @type {(() => void) | null} */ this.onReconnectListener = null;
    /** @type {((error: Error) => void) | null} */ this.onReconnectFailedListener = null;
  }

  /** Whether the connection is open and bound now. */
  get isConnected() {
    return this.xmpp?.status === 'online';
  }

  /**
   * Connects as the user. `password` is the user's password or a session token of that user.
   * @param {{userId: number, password: string}} params
   * @returns {Promise<void>}
   */
  async connect({ userId, password }) {
    const appId = this.applicationId();
    if (appId === null) throw new ParleyError('call init() with the application id first');
    if (!Number.isInteger(Number(userId)) || !password) {
      throw new ParleyError('chat.connect needs {userId, password}; the password may be a session token');
    }
    if (this.xmpp) await this.disconnect();
    const url = new URL(this.config.websocket);
    const username = `${userId}-${appId}`;
    const restInClear = /^http:/.test(this.config.api ?? '');
    const xmpp = client({
      service: this.config.websocket,
      domain: this.config.chatDomain ?? url.hostname,
      username,
      credentials: (/** @type {Function} */ authenticate, /** @type {string[]} */ offered, /** @type {unknown} */ _fast,
        /** @type {any} */ entity) => authenticate({ username, password }, saslMechanism(offered, { secure: entity.isSecure(), restInClear })),
      // @xmpp/client would make this id with crypto.randomUUID, which insecure pages lack.
      userAgent: xml('user-agent', { id: randomUuid() }),
    });
    this.xmpp = xmpp;
    this.userId = Number(userId);
    let everOnline = false;
    xmpp.on('error', (/** @type {Error} */ error) => this.log.debug('chat error', error.message));
    xmpp.on('online', (/** @type {any} */ address) => {
      this.domain = address.domain;
      if (everOnline) this.fire(this.onReconnectListener);
      everOnline = true;
      xmpp.send(xml('presence')).catch(() => {});
    });
    xmpp.on('offline', () => this.log.debug('chat offline'));
    xmpp.on('disconnect', () => {
      if (everOnline && this.xmpp === xmpp) this.fire(this.onDisconnectedListener);
    });
    xmpp.reconnect.on('error', (/** @type {Error} */ error) => this.fire(this.onReconnectFailedListener, error));
    xmpp.on('stanza', (/** @type {any} */ stanza) => this.receive(stanza));
    let timer;
    try {
      await Promise.race([
        xmpp.start(),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new ParleyError('chat connection timed out')), CONNECT_TIMEOUT_MS);
        }),
      ]);
    } catch (cause) {
      this.xmpp = null;
      this.userId = null;
      xmpp.reconnect.stop();
      xmpp.stop().catch(() => {});
      const message = /** @type {any} */ (cause)?.condition === 'not-authorized'
        ? 'chat login refused: wrong user id or password/token'
        : `chat connection failed: ${/** @type {Error} */ (cause).message}`;
      throw new ParleyError(message, { cause });
    } finally {
      clearTimeout(timer);
    }
    this.fire(this.onConnectedListener);
  }

  /** Closes the connection; no reconnection follows. */
  async disconnect() {
    const xmpp = this.xmpp;
    if (!xmpp) return;
    this.xmpp = null;
    this.userId = null;
    xmpp.reconnect.stop();
    try {
      await xmpp.stop();
    } catch (error) {
      this.log.debug('chat stop', error);
    }
    this.fire(this.onDisconnectedListener);
  }

  /**
   * Sends a call signal as a headline to the user's bare JID (docs/protocol.md §3.2). Resolves when the
   * stanza is written; rejects when there is no connection.
   * @param {number} userId
   * @param {import('../videochat/signal/signals.js').CallSignal} signal
   */
  async sendSignal(userId, signal) {
    const xmpp = this.xmpp;
    if (!xmpp || xmpp.status !== 'online') throw new ParleyError('not connected to chat');
    const to = `${userId}-${this.applicationId()}@${this.domain}`;
    await xmpp.send(xml('message', { to, type: 'headline', id: randomHex(12) }, encodeExtraParams(encodeSignal(signal))));
  }

  /**
   * Sends a system message to a user (ConnectyCube's `chat.sendSystemMessage`): a headline, so it reaches the
   * user's connected resources and is never stored. Resolves with the message id.
   * @param {number} userId
   * @param {{body?: string, extension?: Record<string, unknown>, id?: string}} message
   * @returns {Promise<string>}
   */
  async sendSystemMessage(userId, message) {
    if (!Number.isInteger(userId) || userId <= 0) throw new ParleyError('sendSystemMessage needs the recipient\'s user id');
    const { body, extension = {}, id = randomHex(12) } = message ?? {};
    if (body !== undefined && (typeof body !== 'string' || body.length > MAX_SYSTEM_BODY_CHARS)) {
      throw new ParleyError(`a system message body is text of at most ${MAX_SYSTEM_BODY_CHARS} characters`);
    }
    const xmpp = this.xmpp;
    if (!xmpp || xmpp.status !== 'online') throw new ParleyError('not connected to chat');
    let params;
    try {
      params = encodeExtraParams({ moduleIdentifier: SYSTEM_MODULE, ...extension });
    } catch (cause) {
      throw new ParleyError(`bad system message extension: ${/** @type {Error} */ (cause).message}`, { cause });
    }
    const to = `${userId}-${this.applicationId()}@${this.domain}`;
    await xmpp.send(xml('message', { to, type: 'headline', id }, ...(body ? [xml('body', {}, body)] : []), params));
    return id;
  }

  /** @param {any} stanza */
  receive(stanza) {
    if (!stanza.is('message')) return;
    const extra = stanza.getChild('extraParams', 'jabber:client') ?? stanza.getChild('extraParams');
    if (!extra) return;
    // Signals are never stored; anything replayed from storage is stale (docs/protocol.md §3.2).
    if (stanza.getChild('delay', 'urn:xmpp:delay')) return;
    const from = parseUserId(stanza.attrs.from);
    if (from === null) return;
    let fields;
    try {
      fields = decodeExtraParams(extra);
    } catch (error) {
      this.log.debug(`a message from ${from} dropped:`, /** @type {Error} */ (error).message);
      return;
    }
    if (fields.moduleIdentifier === SYSTEM_MODULE) {
      const { moduleIdentifier: _module, ...extension } = fields;
      const message = { id: String(stanza.attrs.id ?? ''), userId: from, body: stanza.getChildText('body') ?? null, extension };
      this.fire(this.systemMessageHandler, message);
      this.fire(this.onSystemMessageListener, message);
      return;
    }
    let signal;
    try {
      signal = decodeSignal(fields);
    } catch (error) {
      this.log.debug(`a signal from ${from} dropped:`, /** @type {Error} */ (error).message);
      return;
    }
    this.signalHandler?.(from, signal);
  }

  /** @param {Function | null} listener @param {...unknown} args */
  fire(listener, ...args) {
    try {
      listener?.(...args);
    } catch (error) {
      this.log.warn('a chat listener threw', error);
    }
  }
}

/** `{userId}-{appId}@domain/resource` → userId, or null. @param {string | undefined} jid */
export function parseUserId(jid) {
  const match = /^(\d+)(?:-\d+)?@/.exec(jid ?? '');
  return match ? Number(match[1]) : null;
}

/**
 * The SASL mechanism to log in with: PLAIN (RFC 4616), the one Parley offers (docs/chat.md). It sends
 * the password or token as it is, so it needs an encrypted connection — or one where REST already
 * goes unencrypted: @xmpp/client counts only `wss://` and `ws://` to localhost as secure and would
 * refuse PLAIN anywhere else, but when the API itself is plain `http://` the same token crosses the
 * network in clear with every REST request, and refusing would only keep an app served over plain
 * HTTP from ever connecting. An `https` API with a `ws://` chat URL is refused.
 * @param {string[]} offered the mechanisms the server offers
 * @param {{secure: boolean, restInClear: boolean}} connection
 * @returns {string}
 */
export function saslMechanism(offered, { secure, restInClear }) {
  if (!offered.includes('PLAIN')) {
    throw new ParleyError(`the chat server offers no mechanism this SDK speaks (${offered.join(', ') || 'none'})`);
  }
  if (!secure && !restInClear) {
    throw new ParleyError('the chat URL is ws:// to another host while the API is https: the token would cross the network '
      + 'unencrypted only on chat; use a wss:// chat URL');
  }
  return 'PLAIN';
}
