package dev.parley.sdk.call.signal;

import dev.parley.sdk.media.IceCandidate;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One call signal of docs/protocol.md §3.2 as plain data: the SDK's call logic works on these, and
 * {@link SignalCodec} alone turns them into the {@code <extraParams>} fields on the wire and back. userInfo
 * values are text (a nested object sent by a browser SDK arrives as its JSON text). Immutable.
 */
public sealed interface CallSignal {

    /** The session the signal belongs to. */
    SignalHeader header();

    SignalType type();

    /** An unmodifiable copy that keeps the order of the entries (they are written in that order); nulls are left out. */
    private static Map<String, String> ordered(Map<String, String> userInfo) {
        Map<String, String> copy = new LinkedHashMap<>();
        if (userInfo != null) {
            userInfo.forEach((key, value) -> {
                if (key != null && value != null) copy.put(key, value);
            });
        }
        return Collections.unmodifiableMap(copy);
    }

    /** {@code call}: an offer to join the session, sent again every dialing interval until answered (§3.3). */
    record Call(SignalHeader header, String sdp, Map<String, String> userInfo) implements CallSignal {
        public Call {
            Objects.requireNonNull(sdp, "sdp");
            userInfo = ordered(userInfo);
        }

        @Override
        public SignalType type() {
            return SignalType.CALL;
        }
    }

    /** {@code accept}: the answer to a {@link Call}. */
    record Accept(SignalHeader header, String sdp, Map<String, String> userInfo) implements CallSignal {
        public Accept {
            Objects.requireNonNull(sdp, "sdp");
            userInfo = ordered(userInfo);
        }

        @Override
        public SignalType type() {
            return SignalType.ACCEPT;
        }
    }

    /** {@code reject}: the callee declines ({@code userInfo.busy=true} when it did so by itself, §3.3). */
    record Reject(SignalHeader header, Map<String, String> userInfo) implements CallSignal {
        public Reject {
            userInfo = ordered(userInfo);
        }

        @Override
        public SignalType type() {
            return SignalType.REJECT;
        }
    }

    /** {@code hangUp}: the sender leaves the session (or stops calling, {@code reason=no_answer}). */
    record HangUp(SignalHeader header, Map<String, String> userInfo) implements CallSignal {
        public HangUp {
            userInfo = ordered(userInfo);
        }

        @Override
        public SignalType type() {
            return SignalType.HANG_UP;
        }
    }

    /** {@code update} with userInfo: a change in the middle of the call, for the app. */
    record Update(SignalHeader header, Map<String, String> userInfo) implements CallSignal {
        public Update {
            userInfo = ordered(userInfo);
        }

        @Override
        public SignalType type() {
            return SignalType.UPDATE;
        }
    }

    /**
     * {@code update} with {@code reason=reconnect}: ConnectyCube's form of an ICE restart, an offer or the answer to
     * one in {@code sessionDescription} ({@code offerId}, {@code sdp}, {@code type}).
     */
    record Reconnect(SignalHeader header, String offerId, String sdp, boolean offer) implements CallSignal {
        public Reconnect {
            offerId = offerId == null ? "" : offerId;
            Objects.requireNonNull(sdp, "sdp");
        }

        @Override
        public SignalType type() {
            return SignalType.UPDATE;
        }
    }

    /** {@code iceCandidates}: trickled candidates, in one batch. */
    record IceCandidates(SignalHeader header, List<IceCandidate> candidates) implements CallSignal {
        public IceCandidates {
            candidates = List.copyOf(candidates);
        }

        @Override
        public SignalType type() {
            return SignalType.ICE_CANDIDATES;
        }
    }

    /** {@code iceRestart}: an offer with new ICE credentials (RFC 8445 §9), from the side that made the first offer. */
    record IceRestart(SignalHeader header, String sdp) implements CallSignal {
        public IceRestart {
            Objects.requireNonNull(sdp, "sdp");
        }

        @Override
        public SignalType type() {
            return SignalType.ICE_RESTART;
        }
    }

    /** {@code iceRestartAccept}: the answer to an {@link IceRestart}. */
    record IceRestartAccept(SignalHeader header, String sdp) implements CallSignal {
        public IceRestartAccept {
            Objects.requireNonNull(sdp, "sdp");
        }

        @Override
        public SignalType type() {
            return SignalType.ICE_RESTART_ACCEPT;
        }
    }
}
