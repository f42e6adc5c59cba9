package dev.parley.api.call;

import dev.parley.common.signal.SignalField;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The reject signal's fields (docs/protocol.md §3.2: everything but sdp). */
class RejectSignalTest {

    @Test
    void theRecipientIsTheCallerAndTheRejectingUserTheOpponent() {
        RejectSignal reject = new RejectSignal("sid-1", 111, 2, "mobile", List.of(new SignalField.Text("busy", "1")));

        assertThat(reject.extraParams(222)).containsExactly(
                new SignalField.Text("moduleIdentifier", "WebRTCVideoChat"),
                new SignalField.Text("signalType", "reject"),
                new SignalField.Text("sessionID", "sid-1"),
                new SignalField.Text("callType", "2"),
                new SignalField.Text("callerID", "111"),
                new SignalField.Group("opponentsIDs", List.of(new SignalField.Text("opponentID", "222"))),
                new SignalField.Text("platform", "mobile"),
                new SignalField.Group("userInfo", List.of(new SignalField.Text("busy", "1"))));
    }

    @Test
    void userInfoIsLeftOutWhenTheRequestHadNone() {
        assertThat(new RejectSignal("sid-1", 111, 1, "web", null).extraParams(222))
                .extracting(SignalField::name).doesNotContain("userInfo");
    }
}
