package dev.parley.sdk.conference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import dev.parley.sdk.chat.SystemMessageChannel;
import org.junit.jupiter.api.Test;

/** The conference invitations as system messages (docs/protocol.md §3.2), in the browser SDK's field names. */
class ConferenceInvitationsTest {

    private static final long ME = 1;

    /** Records what is sent; hands received messages to the listener. */
    private static final class FakeChannel implements SystemMessageChannel {
        final List<String> sent = new ArrayList<>();
        Listener listener;

        @Override
        public long currentUserId() {
            return ME;
        }

        @Override
        public CompletableFuture<Void> sendSystemMessage(long toUserId, Map<String, String> fields) {
            sent.add(toUserId + " " + new java.util.TreeMap<>(fields));
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void setSystemMessageListener(Listener listener) {
            this.listener = listener;
        }
    }

    private final FakeChannel chat = new FakeChannel();
    private final ConferenceInvitations invitations = new ConferenceInvitations(chat, Runnable::run);
    private final List<String> heard = new ArrayList<>();

    {
        invitations.addCallCallbacksListener(new ConferenceCallCallbacks() {
            @Override
            public void onCallStart(String roomId, long initiatorId, List<Long> participantIds) {
                heard.add("start " + roomId + " " + initiatorId + " " + participantIds);
            }

            @Override
            public void onCallRejected(String roomId, long userId, boolean busy) {
                heard.add("rejected " + roomId + " " + userId + " " + busy);
            }

            @Override
            public void onCallEnd(String roomId, long userId) {
                heard.add("end " + roomId + " " + userId);
            }
        });
    }

    @Test
    void invitesEveryoneButOneselfWithTheRoomAndTheParticipants() {
        invitations.sendCallMessage("room-9", List.of(ME, 2L, 3L));
        assertEquals(List.of("2 {callStart=1, janusRoomId=room-9, participantIds=1,2,3}",
                "3 {callStart=1, janusRoomId=room-9, participantIds=1,2,3}"), chat.sent);
    }

    @Test
    void rejectsAndEndsWithTheBrowserSdksFields() {
        invitations.sendRejectMessage("room-9", true, 5);
        invitations.sendEndCallMessage("room-9", List.of(2L));
        assertEquals(List.of("5 {busy=true, callRejected=1, janusRoomId=room-9}", "2 {callEnd=1, janusRoomId=room-9}"), chat.sent);
    }

    @Test
    void hearsInvitationsRejectsAndEnds() {
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "callStart", "1", "participantIds", "4,1,7"));
        chat.listener.onSystemMessage(7, Map.of("janusRoomId", "r", "callRejected", "1", "busy", "false"));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "callEnd", "1"));
        assertEquals(List.of("start r 4 [4, 1, 7]", "rejected r 7 false", "end r 4"), heard);
    }

    @Test
    void dropsWhatIsNoInvitation() {
        chat.listener.onSystemMessage(4, Map.of("callStart", "1", "participantIds", "1"));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "callStart", "1", "participantIds", "1,x"));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "callStart", "1", "participantIds", "1,-2"));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r".repeat(257), "callEnd", "1"));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "callStart", "1",
                "participantIds", String.join(",", java.util.Collections.nCopies(65, "3"))));
        chat.listener.onSystemMessage(4, Map.of("janusRoomId", "r", "note", "hello"));
        assertEquals(List.of(), heard);
    }

    @Test
    void refusesBadArgumentsBeforeSending() {
        assertThrows(IllegalArgumentException.class, () -> invitations.sendCallMessage("", List.of(2L)));
        assertThrows(IllegalArgumentException.class, () -> invitations.sendCallMessage("r", List.of()));
        assertThrows(IllegalArgumentException.class, () -> invitations.sendEndCallMessage("r", List.of(0L)));
        assertEquals(List.of(), chat.sent);
    }
}
