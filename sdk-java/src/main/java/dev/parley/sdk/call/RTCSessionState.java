package dev.parley.sdk.call;

/**
 * A call session's state.
 * <ul>
 *   <li>{@code NEW}: created (outgoing, call not started yet) or received (incoming, ringing).</li>
 *   <li>{@code PENDING}: outgoing call started, no opponent has accepted yet.</li>
 *   <li>{@code CONNECTING}: in the call: accepted (by this user, or by an opponent); the peer
 *       connections connect, are connected or reconnect — each peer's own state tells which.</li>
 *   <li>{@code GOING_TO_CLOSE}: hanging up, rejecting or timing out; the peers are being closed.</li>
 *   <li>{@code CLOSED}: over; devices released.</li>
 * </ul>
 */
public enum RTCSessionState { NEW, PENDING, CONNECTING, GOING_TO_CLOSE, CLOSED }
