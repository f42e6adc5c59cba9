/** Call types, as sent in `callType` (docs/protocol.md §3.2). */
export const CallType = Object.freeze({ VIDEO: 1, AUDIO: 2 });

/** State of the connection to one peer, as given to `onSessionConnectionStateChangedListener`. */
export const SessionConnectionState = Object.freeze({
  UNDEFINED: 0,
  CONNECTING: 1,
  CONNECTED: 2,
  FAILED: 3,
  DISCONNECTED: 4,
  CLOSED: 5,
  COMPLETED: 6,
});

/** State of a call session. */
export const SessionState = Object.freeze({
  NEW: 1,
  ACTIVE: 2,
  HUNGUP: 3,
  REJECTED: 4,
  CLOSED: 5,
});

/** Reconnection progress of one peer, as given to `onReconnectListener`. */
export const ReconnectionState = Object.freeze({
  RECONNECTING: 'reconnecting',
  RECONNECTED: 'reconnected',
  FAILED: 'failed',
});

/** The platform this SDK names in its signals and REST rejects (docs/protocol.md §3.2). */
export const PLATFORM = 'web';

/** Most people in one mesh call (docs/protocol.md §3.3). */
export const MESH_LIMIT = 4;
