import { ParleyError } from '../errors.js';
import { callListener } from '../listeners.js';
import { CallType } from '../videochat/constants.js';
import { StatsReportsManager } from '../videochat/stats.js';
import { ConferenceSession, ConferenceState } from './ConferenceSession.js';
import { JanusClient } from './JanusClient.js';

/** Most people one invitation names (the video room's own bound on lists). */
const MAX_PARTICIPANTS = 64;
/** The video room's bound on any text, room ids included. */
const MAX_ROOM_ID_CHARS = 256;

/**
 * Conferences through Parley's SFU (ConnectyCube's ConferenceClient API; docs/conference.md): makes conference sessions,
 * each with its own Janus connection (`/janus` over WebSocket) authorised by the user's REST session token.
 *
 * It also rings people into a conference as ConnectyCube's conference guide does, with system messages over
 * the chat connection: `sendCallMessage` invites (`callStart`, `participantIds`), `sendRejectMessage` declines
 * (`callRejected`, `busy`), `sendEndCallMessage` ends (`callEnd`), each naming the room in `janusRoomId`. The
 * listeners `onCallStart(roomId, initiatorId, participantIds)`, `onCallRejected(roomId, userId, isBusy)` and
 * `onCallEnd(roomId, userId)` hear them; malformed ones are ignored.
 *
 * ```js
 * const session = await Parley.conference.createCallSession(me.id, Parley.conference.CallType.VIDEO);
 * ```
 */
export class ConferenceClient {
  /**
   * @param {{config: () => import('../config.js').ResolvedConfig, rest: import('../rest.js').RestClient,
   *   iceServers: () => Promise<RTCIceServer[]>,
   *   chat: import('../chat/ChatConnection.js').ChatConnection, timers: () => import('../timers.js').Timers,
   *   log: () => import('../log.js').Logger, WebSocket?: typeof WebSocket}} deps `WebSocket`: the browser's unless
   *   given (tests)
   */
  constructor(deps) {
    this.deps = deps;
    this.CallType = CallType;
    this.ConferenceState = ConferenceState;
    this.StatsReportsManager = StatsReportsManager;
    /** @type {((roomId: string, initiatorId: number, participantIds: number[]) => void) | null} */
    this.onCallStart = null;
    /** @type {((roomId: string, userId: number, isBusy: boolean) => void) | null} */
    this.onCallRejected = null;
    /** @type {((roomId: string, userId: number) => void) | null} */
    this.onCallEnd = null;
    deps.chat.systemMessageHandler = (message) => this.onSystemMessage(message);
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
      { janus, iceServers: () => this.deps.iceServers(), statsIntervalMs: config.videochat.statsIntervalMs, timers, log },
      { userId, callType, display: options.display, simulcast: options.simulcast },
    );
  }

  /**
   * Invites people into a room: a `callStart` system message to each (but oneself), naming the room and everyone
   * invited. Also for adding someone to a running conference.
   * @param {string | number} roomId @param {number[]} participantIds
   */
  async sendCallMessage(roomId, participantIds) {
    const ids = checkIds(participantIds);
    await this.sendToEach(ids, { janusRoomId: checkRoom(roomId), callStart: '1', participantIds: ids.join(',') });
  }

  /**
   * Declines an invitation (busy or not): a `callRejected` system message to the one who invited.
   * @param {string | number} roomId @param {boolean} isBusy @param {number} participantId
   */
  async sendRejectMessage(roomId, isBusy, participantId) {
    await this.sendToEach(checkIds([participantId]), { janusRoomId: checkRoom(roomId), callRejected: '1', busy: String(Boolean(isBusy)) });
  }

  /**
   * Ends the call for the others (hang-up, or no answer in time): a `callEnd` system message to each.
   * @param {string | number} roomId @param {number[]} participantIds
   */
  async sendEndCallMessage(roomId, participantIds) {
    await this.sendToEach(checkIds(participantIds), { janusRoomId: checkRoom(roomId), callEnd: '1' });
  }

  /** @param {number[]} ids @param {Record<string, string>} extension */
  async sendToEach(ids, extension) {
    const me = this.deps.chat.userId;
    await Promise.all(ids.filter((id) => id !== me).map((id) => this.deps.chat.sendSystemMessage(id, { extension })));
  }

  /** @param {import('../chat/ChatConnection.js').SystemMessage} message */
  onSystemMessage({ userId, extension }) {
    const room = extension.janusRoomId;
    if (typeof room !== 'string' || room === '' || room.length > MAX_ROOM_ID_CHARS) return;
    if (extension.callStart === '1') {
      const ids = typeof extension.participantIds === 'string' ? extension.participantIds.split(',').map(Number) : [];
      if (ids.length === 0 || ids.length > MAX_PARTICIPANTS || !ids.every((id) => Number.isInteger(id) && id > 0)) {
        this.deps.log().debug(`a callStart from ${userId} without valid participantIds dropped`);
        return;
      }
      this.emit('onCallStart', room, userId, ids);
    } else if (extension.callRejected === '1') {
      this.emit('onCallRejected', room, userId, extension.busy === 'true');
    } else if (extension.callEnd === '1') {
      this.emit('onCallEnd', room, userId);
    }
  }

  /** @param {string} name @param {...unknown} args */
  emit(name, ...args) {
    callListener(this, name, args, this.deps.log());
  }

}

/** @param {unknown} roomId @returns {string} the room id as system messages carry it */
function checkRoom(roomId) {
  const text = typeof roomId === 'number' && Number.isFinite(roomId) ? String(roomId) : roomId;
  if (typeof text !== 'string' || text === '' || text.length > MAX_ROOM_ID_CHARS) {
    throw new ParleyError(`a room id is a number or a text of 1 to ${MAX_ROOM_ID_CHARS} characters`);
  }
  return text;
}

/** @param {unknown} ids @returns {number[]} */
function checkIds(ids) {
  if (!Array.isArray(ids) || ids.length === 0 || ids.length > MAX_PARTICIPANTS
    || !ids.every((id) => Number.isInteger(id) && id > 0)) {
    throw new ParleyError(`participant ids: an array of 1 to ${MAX_PARTICIPANTS} user ids`);
  }
  return ids;
}
