package dev.parley.sdk.call.signal;

import dev.parley.sdk.call.ConferenceType;

import java.util.List;
import java.util.Objects;

/**
 * The fields every call signal of a session carries (docs/protocol.md §3.2): the session, its type, who
 * started it, who was called, and the sender's platform. Signals that need only the session
 * ({@code iceRestart}, {@code iceRestartAccept}) may arrive without the rest: then {@code callerId} is 0
 * and {@code opponentIds} empty. Immutable.
 *
 * @param callerId    the user who started the call ({@code callerID}), 0 when not given
 * @param opponentIds everyone called, the caller excepted ({@code opponentsIDs})
 * @param platform    the sender's platform ({@code web}, {@code mobile}, {@code node} or {@code java})
 */
public record SignalHeader(String sessionId, ConferenceType callType, long callerId, List<Long> opponentIds,
                           String platform) {

    public SignalHeader {
        Objects.requireNonNull(sessionId, "sessionId");
        Objects.requireNonNull(callType, "callType");
        opponentIds = List.copyOf(opponentIds);
        platform = platform == null ? "" : platform;
    }

    /** The same session as sent from {@code platform}. */
    public SignalHeader withPlatform(String platform) {
        return new SignalHeader(sessionId, callType, callerId, opponentIds, platform);
    }
}
