import { ChatConnection } from './chat/ChatConnection.js';
import { ConferenceClient } from './conference/ConferenceClient.js';
import { resolveConfig } from './config.js';
import { ParleyError } from './errors.js';
import { Logger } from './log.js';
import { IceServers } from './iceservers.js';
import { Meetings } from './meetings.js';
import { PushNotifications } from './pushnotifications.js';
import { RestClient } from './rest.js';
import { systemTimers } from './timers.js';
import { Users } from './users.js';
import { VideoChat } from './videochat/VideoChat.js';

export { ParleyError } from './errors.js';
export { CallSession } from './videochat/CallSession.js';
export { ConferenceSession, ConferenceState } from './conference/ConferenceSession.js';
export { StatsReportsManager } from './videochat/stats.js';
export { CallType, ReconnectionState, SessionConnectionState, SessionState } from './videochat/constants.js';

/**
 * @typedef {object} Session the REST session (docs/protocol.md §2.1)
 * @property {number} id
 * @property {number | null} user_id
 * @property {number} application_id
 * @property {string} token
 * @property {object} [user]
 */

/**
 * Parley's browser SDK: one client per signed-in user. `init` with the application's credentials,
 * then sessions and users over REST, the chat connection, P2P calls through `videochat`, conferences through
 * `conference`, their meetings through `meetings` and push notifications through `pushnotifications`.
 *
 * ```js
 * import Parley from '/sdk/parley.js';
 * Parley.init({ appId: 1, authKey: '...' });
 * const session = await Parley.createSession({ login: 'alice', password: '...' });
 * await Parley.chat.connect({ userId: session.user_id, password: session.token });
 * const call = Parley.videochat.createNewSession([2], Parley.videochat.CallType.VIDEO);
 * ```
 */
export class ParleyClient {
  constructor() {
    /** @type {{appId: number, authKey?: string} | null} */
    this.credentials = null;
    /** @type {import('./config.js').ResolvedConfig | null} */
    this.settings = null;
    this.logger = new Logger(false);
    /** @type {import('./timers.js').Timers} */
    this.timers = systemTimers;
    this.rest = new RestClient('');
    /** @type {Session | null} */
    this.session = null;
    this.chat = new ChatConnection({ websocket: '' }, () => this.credentials?.appId ?? null, this.logger);
    this.users = new Users(this.rest, () => this.credentials?.authKey);
    /** The STUN/TURN servers of calls and conferences (the app's, or the server's GET /ice_servers). */
    this.iceServers = new IceServers({
      rest: this.rest,
      timers: () => this.timers,
      log: () => this.logger,
      setting: () => this.config().videochat.iceServers,
    });
    this.videochat = new VideoChat({
      config: () => this.config(),
      chat: this.chat,
      rest: this.rest,
      timers: () => this.timers,
      log: () => this.logger,
      iceServers: () => this.iceServers.get(),
    });
    this.conference = new ConferenceClient({
      config: () => this.config(),
      rest: this.rest,
      chat: this.chat,
      timers: () => this.timers,
      log: () => this.logger,
      iceServers: () => this.iceServers.get(),
    });
    this.meetings = new Meetings(this.rest);
    this.pushnotifications = new PushNotifications(this.rest);
  }

  /**
   * @param {{appId: number | string, authKey?: string}} credentials the application's id and auth key
   * @param {import('./config.js').Config} [config]
   */
  init(credentials, config = {}) {
    const appId = Number(credentials?.appId);
    if (!Number.isInteger(appId) || appId <= 0) throw new ParleyError('init needs {appId, authKey}');
    this.credentials = { appId, authKey: credentials.authKey };
    this.settings = resolveConfig(config);
    this.logger.enabled = this.settings.debug;
    this.timers = config.timers ?? systemTimers;
    this.rest.baseUrl = this.settings.api;
    this.chat.config = { websocket: this.settings.websocket, chatDomain: this.settings.chatDomain, api: this.settings.api };
    this.iceServers.reset();
  }

  config() {
    if (!this.settings) throw new ParleyError('call init() first');
    return this.settings;
  }

  /**
   * Creates a session: an application session without params, a user session with
   * `{login, password}` or `{email, password}`, a guest session with `{guest: true, full_name}`.
   * @param {{login?: string, email?: string, password?: string, guest?: boolean, full_name?: string}} [params]
   * @returns {Promise<Session>}
   */
  async createSession(params) {
    const { appId, authKey } = this.requireCredentials();
    const body = { application_id: appId, auth_key: authKey, ...(params ? { user: params } : {}) };
    const { session } = await this.rest.request('POST', '/session', { body });
    this.session = session;
    this.rest.token = session.token;
    this.iceServers.reset();
    return session;
  }

  /**
   * Logs a user in on the current session (an application session is created first if needed).
   * @param {{login?: string, email?: string, password: string}} params
   */
  async login(params) {
    if (!this.rest.token) await this.createSession();
    const { user } = await this.rest.request('POST', '/login', { body: params });
    if (this.session) this.session = { ...this.session, user_id: user.id, user };
    this.iceServers.reset();
    return user;
  }

  /** Logs the user out of the session (it becomes an application session). */
  async logout() {
    await this.rest.request('DELETE', '/login');
    if (this.session) this.session = { ...this.session, user_id: null, user: undefined };
    this.iceServers.reset();
  }

  /** Ends the session on the server, and the chat connection with it. */
  async destroySession() {
    await this.chat.disconnect();
    if (this.rest.token) await this.rest.request('DELETE', '/session');
    this.rest.token = null;
    this.session = null;
    this.iceServers.reset();
  }

  /** Uses an existing session token (e.g. one kept from an earlier page). @param {string} token */
  setSessionToken(token) {
    this.rest.token = token;
    this.iceServers.reset();
  }

  requireCredentials() {
    if (!this.credentials) throw new ParleyError('call init() first');
    return this.credentials;
  }
}

/** The default client; most apps need only this one. */
const Parley = new ParleyClient();
export default Parley;
