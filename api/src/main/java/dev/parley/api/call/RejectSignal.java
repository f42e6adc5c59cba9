package dev.parley.api.call;

import dev.parley.common.signal.SignalField;

import java.util.ArrayList;
import java.util.List;

/**
 * A validated {@code POST /calls/reject} (docs/protocol.md §2.5): the callee rejects call {@code sessionId} of
 * {@code recipientId}, the call's initiator. Immutable.
 *
 * @param userInfo the {@code userInfo} fields, or null when the request had none
 */
public record RejectSignal(String sessionId, long recipientId, int callType, String platform,
                           List<SignalField> userInfo) {

    public static final String MODULE = "WebRTCVideoChat";

    public RejectSignal {
        userInfo = userInfo == null ? null : List.copyOf(userInfo);
    }

    /**
     * The {@code extraParams} of the {@code reject} signal (§3.2: every field but {@code sdp}) as the rejecting
     * user sends it: the recipient is the caller, and the rejecting user is the one opponent answering. The fields
     * and their order are the envelope both SDKs' signal codecs write ({@code sdk-scenarios/envelopes.json}), so
     * a reject over REST reads exactly like one over chat.
     */
    public List<SignalField> extraParams(long rejectingUserId) {
        List<SignalField> fields = new ArrayList<>(List.of(
                new SignalField.Text("moduleIdentifier", MODULE),
                new SignalField.Text("signalType", "reject"),
                new SignalField.Text("sessionID", sessionId),
                new SignalField.Text("callType", String.valueOf(callType)),
                new SignalField.Text("callerID", String.valueOf(recipientId)),
                new SignalField.Group("opponentsIDs", List.of(
                        new SignalField.Text("opponentID", String.valueOf(rejectingUserId)))),
                new SignalField.Text("platform", platform)));
        if (userInfo != null) {
            fields.add(new SignalField.Group("userInfo", userInfo));
        }
        return fields;
    }
}
