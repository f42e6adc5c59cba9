import { ParleyError } from '../errors.js';
import { CallType } from '../videochat/constants.js';
import { StatsReportsManager } from '../videochat/stats.js';
import { ConferenceSession, ConferenceState } from './ConferenceSession.js';
import { JanusClient } from './JanusClient.js';

/**
 * Conferences through Parley's SFU (seed 002's ConferenceClient; docs/conference.md): makes conference sessions,
 * each with its own Janus connection (`/janus` over WebSocket) authorised by the user's REST session token.
 *
 * ```js
 * const session = await Parley.conference.createCallSession(me.id, Parley.conference.CallType.VIDEO);
 * ```
 */
export class ConferenceClient {
  /**
   * @param {{config: () => import('../config.js').ResolvedConfig, rest: import('../rest.js').RestClient,
   *   timers: () => import('../timers.js').Timers, log: () => import('../log.js').Logger,
   *   WebSocket?: typeof WebSocket}} deps `WebSocket`: the browser's unless given (tests)
   */
  constructor(deps) {
    this.deps = deps;
    this.CallType = CallType;
    this.ConferenceState = ConferenceState;
    this.StatsReportsManager = StatsReportsManager;
  }

  /**
   * Connects to the server's Janus API and makes a session for the signed-in user; join a room with joinDialog.
   * @param {number} userId the signed-in user's id (the participant id others see)
   * @param {number} [callType] CallType.VIDEO (default) or CallType.AUDIO (microphone only)
   * @param {{display?: string}} [options] `display`: the name the room shows (default the user id)
   * @returns {Promise<ConferenceSession>}
   */
  async createCallSession(userId, callType = CallType.VIDEO, options = {}) {
    if (!Number.isInteger(userId) || userId <= 0) throw new ParleyError('createCallSession needs the user id');
    if (callType !== CallType.VIDEO && callType !== CallType.AUDIO) {
      throw new ParleyError('callType must be CallType.VIDEO or CallType.AUDIO');
    }
    const config = this.deps.config();
    const token = this.deps.rest.token;
    if (!token) throw new ParleyError('conferences need a user session: createSession with the user\'s login first');
    const timers = this.deps.timers();
    const log = this.deps.log();
    const janus = new JanusClient({ url: config.conference.url, token, timers, log, WebSocket: this.deps.WebSocket });
    await janus.connect();
    return new ConferenceSession(
      { janus, iceServers: config.videochat.iceServers, statsIntervalMs: config.videochat.statsIntervalMs, timers, log },
      { userId, callType, display: options.display },
    );
  }
}
