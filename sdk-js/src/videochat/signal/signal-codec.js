import { signalHeader, Signal } from './signals.js';

/**
 * The one codec between call signals (signals.js) and the fields of `<extraParams xmlns="jabber:client">`
 * (docs/protocol.md §3.2) as chat/extra-params.js writes and reads them: strings, objects (nested elements)
 * and arrays (the repeated items of `opponentsIDs` and `iceCandidates`). The envelope it writes is the one in
 * `sdk-scenarios/envelopes.json`, which the Java SDK and the server's REST reject write too.
 *
 * Reading is lenient where the protocol's other clients differ (an id list sent as one value, an empty
 * `sdpMLineIndex`, a signal that needs only its session id) and bounded: a session id of at most 128
 * characters, userInfo of at most 64 entries whose texts are cut at 4096 characters.
 */

export const MODULE_IDENTIFIER = 'WebRTCVideoChat';
const MAX_SESSION_ID_LENGTH = 128;
const MAX_USER_INFO_ENTRIES = 64;
const MAX_USER_INFO_TEXT = 4096;
const WIRE_TYPES = new Set(['call', 'accept', 'reject', 'hangUp', 'update', 'iceCandidates', 'iceRestart', 'iceRestartAccept']);

/** The fields are not a call signal this SDK can act on; the message says why. */
export class SignalFormatError extends Error {
  /** @param {string} message */
  constructor(message) {
    super(message);
    this.name = 'SignalFormatError';
  }
}

/**
 * The signal's fields in the order they are written: the header first, then what its kind carries.
 * @param {import('./signals.js').CallSignal} signal
 * @returns {Record<string, unknown>}
 */
export function encodeSignal(signal) {
  const { header } = signal;
  /** @type {Record<string, unknown>} */
  const fields = {
    moduleIdentifier: MODULE_IDENTIFIER,
    signalType: signal.kind === 'reconnect' ? 'update' : signal.kind,
    sessionID: header.sessionId,
    callType: String(header.callType),
    callerID: String(header.callerId),
    opponentsIDs: header.opponentIds.map(String),
    platform: header.platform,
  };
  switch (signal.kind) {
    case 'call':
    case 'accept':
      return { ...fields, sdp: signal.sdp, userInfo: signal.userInfo };
    case 'reject':
    case 'hangUp':
    case 'update':
      return { ...fields, userInfo: signal.userInfo };
    case 'reconnect':
      return {
        ...fields,
        reason: 'reconnect',
        sessionDescription: { offerId: signal.offerId, sdp: signal.sdp, type: signal.offer ? 'offer' : 'answer' },
      };
    case 'iceCandidates':
      return {
        ...fields,
        iceCandidates: signal.candidates.map((c) => ({
          sdpMLineIndex: String(c.sdpMLineIndex ?? 0),
          ...(c.sdpMid ? { sdpMid: c.sdpMid } : {}),
          candidate: c.candidate,
        })),
      };
    default:
      return { ...fields, sdp: signal.sdp };
  }
}

/**
 * The signal the fields carry. Throws a SignalFormatError for another module's message, a missing or
 * oversized session id, an unknown signal type, or a signal without what its type needs (the sdp of a call).
 * @param {Record<string, any>} fields
 * @returns {import('./signals.js').CallSignal}
 */
export function decodeSignal(fields) {
  if (fields.moduleIdentifier !== undefined && fields.moduleIdentifier !== MODULE_IDENTIFIER) {
    throw new SignalFormatError(`not a call signal (moduleIdentifier ${fields.moduleIdentifier})`);
  }
  const sessionId = fields.sessionID;
  if (typeof sessionId !== 'string' || sessionId === '' || sessionId.length > MAX_SESSION_ID_LENGTH) {
    throw new SignalFormatError(`a call signal needs a sessionID of 1 to ${MAX_SESSION_ID_LENGTH} characters`);
  }
  const type = fields.signalType;
  if (!WIRE_TYPES.has(type)) throw new SignalFormatError(`unknown signalType ${type}`);
  const header = signalHeader(sessionId, Number(fields.callType) === 2 ? 2 : 1, id(fields.callerID),
    ids(fields.opponentsIDs), typeof fields.platform === 'string' ? fields.platform : '');
  const info = userInfo(fields.userInfo);
  switch (type) {
    case 'call': return Signal.call(header, sdp(fields, type), info);
    case 'accept': return Signal.accept(header, sdp(fields, type), info);
    case 'reject': return Signal.reject(header, info);
    case 'hangUp': return Signal.hangUp(header, info);
    case 'update': return update(header, fields, info);
    case 'iceCandidates': return Signal.iceCandidates(header, candidates(fields.iceCandidates));
    case 'iceRestart': return Signal.iceRestart(header, sdp(fields, type));
    default: return Signal.iceRestartAccept(header, sdp(fields, type));
  }
}

/**
 * A plain update, or ConnectyCube's reconnect form when it has `reason: reconnect` and a description.
 * @param {import('./signals.js').SignalHeader} header @param {Record<string, any>} fields
 * @param {import('./signals.js').UserInfo} info
 */
function update(header, fields, info) {
  if (fields.reason !== 'reconnect') return Signal.update(header, info);
  const description = fields.sessionDescription;
  if (!description || typeof description !== 'object') throw new SignalFormatError('a reconnect update needs a sessionDescription');
  if (typeof description.sdp !== 'string' || (description.type !== 'offer' && description.type !== 'answer')) {
    throw new SignalFormatError('a reconnect update needs the sdp and type (offer or answer) of its description');
  }
  const offerId = typeof description.offerId === 'string' ? description.offerId : '';
  return Signal.reconnect(header, offerId, description.sdp, description.type === 'offer');
}

/** @param {Record<string, any>} fields @param {string} type */
function sdp(fields, type) {
  if (typeof fields.sdp !== 'string') throw new SignalFormatError(`a ${type} signal needs its sdp`);
  return fields.sdp;
}

/**
 * Candidates as signalled; an empty `sdpMLineIndex` means 0 and an empty `sdpMid` none (docs/protocol.md §3.2).
 * @param {unknown} list @returns {RTCIceCandidateInit[]}
 */
function candidates(list) {
  if (!Array.isArray(list)) return [];
  return list
    .filter((c) => c && typeof c.candidate === 'string')
    .map((c) => ({
      candidate: c.candidate,
      sdpMid: typeof c.sdpMid === 'string' && c.sdpMid !== '' ? c.sdpMid : null,
      sdpMLineIndex: Number.parseInt(c.sdpMLineIndex, 10) || 0,
    }));
}

/** A positive id from a signal's text, or 0. @param {unknown} value */
function id(value) {
  const n = Number(typeof value === 'string' ? value.trim() : value);
  return Number.isSafeInteger(n) && n > 0 ? n : 0;
}

/** The ids of a list field (items that are not ids are dropped, repeats too); a one-item list may come as a value. */
/** @param {unknown} value @returns {number[]} */
function ids(value) {
  const items = Array.isArray(value) ? value : [value];
  return [...new Set(items.map(id).filter((n) => n > 0))];
}

/**
 * userInfo as received: strings and nested objects, at most 64 entries at each level, texts cut at 4096.
 * @param {unknown} value @returns {import('./signals.js').UserInfo}
 */
function userInfo(value) {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return {};
  /** @type {Record<string, any>} */
  const info = {};
  for (const [key, v] of Object.entries(value).slice(0, MAX_USER_INFO_ENTRIES)) {
    info[key] = typeof v === 'string' ? v.slice(0, MAX_USER_INFO_TEXT) : userInfo(v);
  }
  return info;
}
