import { ParleyError } from './errors.js';

/**
 * @typedef {object} VideoChatConfig
 * @property {number} [answerTimeInterval] seconds the caller waits for each opponent to answer, and
 *   the callee's unanswered session stays open (default 60)
 * @property {number} [dialingTimeInterval] seconds between re-sent `call` signals (default 5, minimum 3)
 * @property {number} [disconnectTimeInterval] seconds a disconnected peer may try to reconnect by ICE
 *   restart before it is closed (default 30, minimum 10)
 * @property {number} [statsReportTimeInterval] seconds between `onCallStatsReport` calls; 0 turns
 *   them off (default 0)
 * @property {number} [maxBandwidth] cap on each outgoing video stream in kbit/s; 0 is no cap (default 0)
 * @property {boolean} [autoRejectBusy] reject new calls with `userInfo.busy` while a call is
 *   active (default true)
 * @property {import('./iceservers.js').IceServersSetting} [iceServers] STUN/TURN servers: a list, or a function
 *   returning one (or a Promise of one) asked for each new peer connection (default: the server's
 *   `GET /ice_servers`, refreshed before its credentials expire)
 * @property {number} [maxOpponents] opponents in one call: the mesh holds at most 4 people (default 3)
 */

/**
 * @typedef {object} Config
 * @property {{api?: string, chat?: string}} [endpoints] `api`: the server's base URL (default: the
 *   page's origin); `chat`: the XMPP domain (default: the one the server binds the connection to)
 * @property {{websocket?: string}} [chatProtocol] XMPP WebSocket URL (default: `/xmpp` on the api URL)
 * @property {boolean | {mode?: number}} [debug]
 * @property {VideoChatConfig} [videochat]
 * @property {{url?: string}} [conference] `url`: the Janus API over WebSocket (default: `/janus` on the api URL)
 * @property {import('./timers.js').Timers} [timers] clock and timers (tests only)
 */

const MESH_LIMIT = 4;

/**
 * Settles the configuration given to `init`: fills the defaults, checks the ranges and turns every
 * interval into milliseconds. Throws a ParleyError naming the setting at fault.
 * @param {Config} config
 * @param {string | undefined} origin the page's origin when there is a page
 */
export function resolveConfig(config = {}, origin = globalThis.location?.origin) {
  const api = stripSlash(config.endpoints?.api ?? origin ?? '');
  if (!/^https?:\/\//.test(api)) {
    throw new ParleyError('config.endpoints.api must be an http(s) URL (there is no page origin to default to)');
  }
  const websocket = config.chatProtocol?.websocket ?? `${api.replace(/^http/, 'ws')}/xmpp`;
  if (!/^wss?:\/\//.test(websocket)) {
    throw new ParleyError('config.chatProtocol.websocket must be a ws(s) URL');
  }
  const janus = config.conference?.url ?? `${api.replace(/^http/, 'ws')}/janus`;
  if (!/^wss?:\/\//.test(janus)) {
    throw new ParleyError('config.conference.url must be a ws(s) URL');
  }
  const v = config.videochat ?? {};
  const debug = typeof config.debug === 'object' ? (config.debug.mode ?? 0) > 0 : Boolean(config.debug);
  return {
    api,
    websocket,
    chatDomain: config.endpoints?.chat,
    debug,
    conference: { url: janus },
    videochat: {
      answerTimeMs: seconds(v.answerTimeInterval, 60, 1, 'answerTimeInterval'),
      dialingTimeMs: seconds(v.dialingTimeInterval, 5, 3, 'dialingTimeInterval'),
      disconnectTimeMs: seconds(v.disconnectTimeInterval, 30, 10, 'disconnectTimeInterval'),
      statsIntervalMs: seconds(v.statsReportTimeInterval, 0, 0, 'statsReportTimeInterval'),
      maxBandwidthKbps: number(v.maxBandwidth, 0, 0, 'maxBandwidth'),
      autoRejectBusy: v.autoRejectBusy ?? true,
      iceServers: iceServers(v.iceServers),
      maxOpponents: maxOpponents(v.maxOpponents),
    },
  };
}

/** @typedef {ReturnType<typeof resolveConfig>} ResolvedConfig */

/** @param {unknown} value */
function maxOpponents(value) {
  const opponents = number(value, MESH_LIMIT - 1, 1, 'maxOpponents');
  if (opponents > MESH_LIMIT - 1) {
    throw new ParleyError(`config.videochat.maxOpponents must be at most ${MESH_LIMIT - 1}: a mesh call holds at most ${MESH_LIMIT} people`);
  }
  return opponents;
}

/**
 * @param {unknown} value
 * @returns {import('./iceservers.js').IceServersSetting | null} null: the server's list
 */
function iceServers(value) {
  if (value === undefined || value === null) return null;
  if (Array.isArray(value) || typeof value === 'function') return /** @type {any} */ (value);
  throw new ParleyError('config.videochat.iceServers must be a list of RTCIceServer or a function returning one');
}

/** @param {string} url */
function stripSlash(url) {
  return url.endsWith('/') ? url.slice(0, -1) : url;
}

/**
 * @param {unknown} value @param {number} fallback @param {number} min @param {string} name
 * @returns {number} milliseconds
 */
function seconds(value, fallback, min, name) {
  return number(value, fallback, min, name) * 1000;
}

/** @param {unknown} value @param {number} fallback @param {number} min @param {string} name */
function number(value, fallback, min, name) {
  if (value === undefined || value === null) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new ParleyError(`config.videochat.${name} must be a number`);
  }
  if (value < min) {
    throw new ParleyError(`config.videochat.${name} must be at least ${min}`);
  }
  return value;
}
