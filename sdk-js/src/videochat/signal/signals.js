/**
 * Call signals of docs/protocol.md §3.2 as plain, frozen data. The SDK's call logic works on these;
 * signal-codec.js alone turns them into the `<extraParams>` fields on the wire and back. `kind` is the
 * wire's `signalType`, except `reconnect`: ConnectyCube's form of an ICE restart, an `update` with
 * `reason: reconnect` on the wire.
 */

/**
 * The fields every signal of a session carries. Signals that need only the session (`iceRestart`,
 * `iceRestartAccept`) may arrive without the rest: then `callerId` is 0 and `opponentIds` empty.
 * @typedef {object} SignalHeader
 * @property {string} sessionId
 * @property {number} callType 1 video, 2 audio
 * @property {number} callerId the user who started the call, 0 when not given
 * @property {readonly number[]} opponentIds everyone called, the caller excepted
 * @property {string} platform the sender's: web, mobile, node or java
 */

/** @typedef {Record<string, any>} UserInfo values are strings, or nested objects of strings */

/**
 * @typedef {{kind: 'call', header: SignalHeader, sdp: string, userInfo: UserInfo}} CallOffer
 * @typedef {{kind: 'accept', header: SignalHeader, sdp: string, userInfo: UserInfo}} Accept
 * @typedef {{kind: 'reject', header: SignalHeader, userInfo: UserInfo}} Reject
 * @typedef {{kind: 'hangUp', header: SignalHeader, userInfo: UserInfo}} HangUp
 * @typedef {{kind: 'update', header: SignalHeader, userInfo: UserInfo}} Update
 * @typedef {{kind: 'reconnect', header: SignalHeader, offerId: string, sdp: string, offer: boolean}} Reconnect
 * @typedef {{kind: 'iceCandidates', header: SignalHeader, candidates: RTCIceCandidateInit[]}} IceCandidates
 * @typedef {{kind: 'iceRestart', header: SignalHeader, sdp: string}} IceRestart
 * @typedef {{kind: 'iceRestartAccept', header: SignalHeader, sdp: string}} IceRestartAccept
 * @typedef {CallOffer | Accept | Reject | HangUp | Update | Reconnect | IceCandidates | IceRestart | IceRestartAccept} CallSignal
 */

/**
 * @param {string} sessionId @param {number} callType @param {number} callerId @param {readonly number[]} opponentIds
 * @param {string} platform
 * @returns {SignalHeader}
 */
export function signalHeader(sessionId, callType, callerId, opponentIds, platform) {
  return Object.freeze({ sessionId, callType, callerId, opponentIds: Object.freeze([...opponentIds]), platform });
}

/** Makers of each signal, frozen. */
export const Signal = Object.freeze({
  /** @param {SignalHeader} header @param {string} sdp @param {UserInfo} [userInfo] @returns {CallOffer} */
  call: (header, sdp, userInfo = {}) => Object.freeze({ kind: 'call', header, sdp, userInfo }),
  /** @param {SignalHeader} header @param {string} sdp @param {UserInfo} [userInfo] @returns {Accept} */
  accept: (header, sdp, userInfo = {}) => Object.freeze({ kind: 'accept', header, sdp, userInfo }),
  /** @param {SignalHeader} header @param {UserInfo} [userInfo] @returns {Reject} */
  reject: (header, userInfo = {}) => Object.freeze({ kind: 'reject', header, userInfo }),
  /** @param {SignalHeader} header @param {UserInfo} [userInfo] @returns {HangUp} */
  hangUp: (header, userInfo = {}) => Object.freeze({ kind: 'hangUp', header, userInfo }),
  /** @param {SignalHeader} header @param {UserInfo} [userInfo] @returns {Update} */
  update: (header, userInfo = {}) => Object.freeze({ kind: 'update', header, userInfo }),
  /** @param {SignalHeader} header @param {string} offerId @param {string} sdp @param {boolean} offer @returns {Reconnect} */
  reconnect: (header, offerId, sdp, offer) => Object.freeze({ kind: 'reconnect', header, offerId, sdp, offer }),
  /** @param {SignalHeader} header @param {RTCIceCandidateInit[]} candidates @returns {IceCandidates} */
  iceCandidates: (header, candidates) => Object.freeze({ kind: 'iceCandidates', header, candidates }),
  /** @param {SignalHeader} header @param {string} sdp @returns {IceRestart} */
  iceRestart: (header, sdp) => Object.freeze({ kind: 'iceRestart', header, sdp }),
  /** @param {SignalHeader} header @param {string} sdp @returns {IceRestartAccept} */
  iceRestartAccept: (header, sdp) => Object.freeze({ kind: 'iceRestartAccept', header, sdp }),
});
