package dev.parley.sdk.call;

/**
 * The state of the connection with one opponent of a session.
 * <ul>
 *   <li>{@code UNKNOWN}: no connection with that user in this session.</li>
 *   <li>{@code NEW}: connection created, no networking yet.</li>
 *   <li>{@code WAIT}: our call was sent; waiting for the opponent to accept (dialing).</li>
 *   <li>{@code PENDING}: their call arrived; waiting for this user to accept or reject.</li>
 *   <li>{@code CONNECTING}: offer and answer exchanged; ICE starts.</li>
 *   <li>{@code CHECKING}: ICE checks candidate pairs.</li>
 *   <li>{@code CONNECTED}: media flows.</li>
 *   <li>{@code DISCONNECTED}: connectivity lost; the SDK restarts ICE until the disconnect time.</li>
 *   <li>{@code DISCONNECT_TIMEOUT}: still disconnected when the disconnect time ran out; closed next.</li>
 *   <li>{@code CLOSED}: closed by this user (hang-up, session closed).</li>
 *   <li>{@code NOT_ANSWER}: the opponent did not answer within the answer time.</li>
 *   <li>{@code REJECT}: the opponent rejected the call.</li>
 *   <li>{@code HANG_UP}: the opponent hung up.</li>
 *   <li>{@code FAILED}: ICE failed; the SDK restarts ICE until the disconnect time.</li>
 *   <li>{@code ERROR}: the media engine failed (an SDP it refused, a device); the connection is closed.</li>
 * </ul>
 */
public enum RTCConnectionState {
    UNKNOWN, NEW, WAIT, PENDING, CONNECTING, CHECKING, CONNECTED, DISCONNECTED, DISCONNECT_TIMEOUT, CLOSED,
    NOT_ANSWER, REJECT, HANG_UP, FAILED, ERROR;

    /** Whether the connection is over (no further state follows). */
    public boolean isFinal() {
        return this == CLOSED || this == NOT_ANSWER || this == REJECT || this == HANG_UP || this == ERROR;
    }
}
