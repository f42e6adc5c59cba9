package dev.parley.sdk.conference;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;

import dev.parley.sdk.chat.SystemMessageChannel;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rings people into conference rooms with system messages over chat, as the browser SDK and ConnectyCube's guide do
 * (docs/protocol.md §3.2): {@code janusRoomId} with {@code callStart=1} and {@code participantIds} (comma-separated),
 * {@code callRejected=1} with {@code busy}, or {@code callEnd=1}. Messages that do not read as one of them (no room,
 * a room id over {@value #MAX_ROOM_ID_CHARS} characters, more than {@value #MAX_PARTICIPANTS} or malformed ids) are
 * dropped.
 *
 * <p>Threading: sending is safe from any thread and never blocks; listeners run on the executor given, in arrival
 * order when it is serial. It takes the channel's one system message listener.
 */
public final class ConferenceInvitations {

    private static final Logger LOG = LoggerFactory.getLogger(ConferenceInvitations.class);
    static final int MAX_PARTICIPANTS = 64;
    static final int MAX_ROOM_ID_CHARS = 256;

    private final SystemMessageChannel chat;
    private final Executor callbacks;
    private final List<ConferenceCallCallbacks> listeners = new CopyOnWriteArrayList<>();

    public ConferenceInvitations(SystemMessageChannel chat, Executor callbacks) {
        this.chat = chat;
        this.callbacks = callbacks;
        chat.setSystemMessageListener(this::onSystemMessage);
    }

    public void addCallCallbacksListener(ConferenceCallCallbacks listener) {
        listeners.add(listener);
    }

    public void removeCallCallbacksListener(ConferenceCallCallbacks listener) {
        listeners.remove(listener);
    }

    /** Invites everyone in {@code participantIds} but this user into the room; also for adding someone to a running call. */
    public CompletableFuture<Void> sendCallMessage(String roomId, List<Long> participantIds) {
        List<Long> ids = checkIds(participantIds);
        StringBuilder joined = new StringBuilder();
        for (long id : ids) joined.append(joined.isEmpty() ? "" : ",").append(id);
        return sendToEach(ids, Map.of("janusRoomId", checkRoom(roomId), "callStart", "1", "participantIds", joined.toString()));
    }

    /** Declines an invitation: a {@code callRejected} to the one who invited. */
    public CompletableFuture<Void> sendRejectMessage(String roomId, boolean busy, long initiatorId) {
        return sendToEach(checkIds(List.of(initiatorId)), Map.of("janusRoomId", checkRoom(roomId), "callRejected", "1",
                "busy", Boolean.toString(busy)));
    }

    /** Ends the call for the others (hang-up, or no answer in time). */
    public CompletableFuture<Void> sendEndCallMessage(String roomId, List<Long> participantIds) {
        return sendToEach(checkIds(participantIds), Map.of("janusRoomId", checkRoom(roomId), "callEnd", "1"));
    }

    private CompletableFuture<Void> sendToEach(List<Long> ids, Map<String, String> fields) {
        long me = chat.currentUserId();
        return CompletableFuture.allOf(ids.stream().filter(id -> id != me)
                .map(id -> chat.sendSystemMessage(id, fields)).toArray(CompletableFuture[]::new));
    }

    /** One system message; those that are no invitation are not ours and are left alone. */
    void onSystemMessage(long from, Map<String, String> fields) {
        String room = fields.get("janusRoomId");
        if (room == null || room.isEmpty() || room.length() > MAX_ROOM_ID_CHARS) return;
        if ("1".equals(fields.get("callStart"))) {
            List<Long> ids = parseIds(fields.get("participantIds"));
            if (ids.isEmpty()) {
                LOG.debug("a callStart from {} without valid participantIds dropped", from);
                return;
            }
            emit(l -> l.onCallStart(room, from, ids));
        } else if ("1".equals(fields.get("callRejected"))) {
            boolean busy = "true".equals(fields.get("busy"));
            emit(l -> l.onCallRejected(room, from, busy));
        } else if ("1".equals(fields.get("callEnd"))) {
            emit(l -> l.onCallEnd(room, from));
        }
    }

    private void emit(java.util.function.Consumer<ConferenceCallCallbacks> event) {
        for (ConferenceCallCallbacks listener : listeners) {
            callbacks.execute(() -> {
                try {
                    event.accept(listener);
                } catch (RuntimeException e) {
                    LOG.warn("a conference call callback threw", e);
                }
            });
        }
    }

    /** The ids, or an empty list when there are none, too many, or one is not a positive number. */
    private static List<Long> parseIds(String text) {
        if (text == null || text.isEmpty()) return List.of();
        String[] parts = text.split(",", MAX_PARTICIPANTS + 2);
        if (parts.length > MAX_PARTICIPANTS) return List.of();
        List<Long> ids = new ArrayList<>();
        for (String part : parts) {
            try {
                long id = Long.parseLong(part.trim());
                if (id <= 0) return List.of();
                ids.add(id);
            } catch (NumberFormatException e) {
                return List.of();
            }
        }
        return List.copyOf(ids);
    }

    private static List<Long> checkIds(List<Long> ids) {
        if (ids == null || ids.isEmpty() || ids.size() > MAX_PARTICIPANTS || ids.stream().anyMatch(id -> id == null || id <= 0)) {
            throw new IllegalArgumentException("1 to " + MAX_PARTICIPANTS + " positive user ids are needed");
        }
        return List.copyOf(ids);
    }

    private static String checkRoom(String roomId) {
        if (roomId == null || roomId.isEmpty() || roomId.length() > MAX_ROOM_ID_CHARS) {
            throw new IllegalArgumentException("a room id has 1 to " + MAX_ROOM_ID_CHARS + " characters");
        }
        return roomId;
    }
}
