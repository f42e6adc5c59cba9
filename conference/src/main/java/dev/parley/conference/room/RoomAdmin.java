package dev.parley.conference.room;

import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.room.message.ParticipantView;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomEvents;
import dev.parley.conference.room.message.VideoRoomRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A room's synchronous requests (docs/protocol.md §4.3): {@code listparticipants} for anyone the room admits, and
 * {@code create}, {@code edit}, {@code destroy}, {@code kick}, {@code moderate}, {@code allowed} for its owner — the
 * meeting's host, or whoever made a room that is no meeting — instead of Janus's room secret. Runs on its room's
 * executor.
 */
final class RoomAdmin {

    private final Room room;

    RoomAdmin(Room room) {
        this.room = room;
    }

    void listParticipants(PluginHandle handle, Reply reply) {
        room.admit(handle, verdict -> {
            if (refused(verdict, reply)) {
                return;
            }
            List<ParticipantView> list = new ArrayList<>();
            for (Participant participant : room.participants.values()) {
                list.add(new ParticipantView(participant.id, participant.display, participant.published,
                        participant.isTalking()));
            }
            reply.send(VideoRoomEvents.participants(room.id, list));
            room.closeIfEmpty();
        });
    }

    void create(PluginHandle handle, VideoRoomRequest.Create create, Reply reply) {
        if (room.created || !room.participants.isEmpty() || !room.subscriptions.isEmpty()) {
            reply.error(VideoRoomError.ROOM_EXISTS, "Room " + room.id.value() + " already exists");
            return;
        }
        room.admit(handle, verdict -> {
            if (refused(verdict, reply)) {
                return;
            }
            int max = room.context.settings().maxPublishers();
            if (create.publishers() > max) {
                reply.error(VideoRoomError.INVALID_ELEMENT, "Invalid element (publishers may be at most " + max + ")");
                room.closeIfEmpty();
                return;
            }
            room.admission.admitted(handle.user());
            room.created = true;
            if (create.publishers() > 0) {
                room.maxPublishers = create.publishers();
            }
            room.isPrivate = create.isPrivate();
            if (create.description() != null) {
                room.describe(create.description());
            }
            if (create.allowed() != null) {
                room.admission.startList(create.allowed());
            }
            reply.send(VideoRoomEvents.created(room.id));
            room.closeIfEmpty();
        });
    }

    void edit(PluginHandle handle, VideoRoomRequest.Edit edit, Reply reply) {
        asOwner(handle, reply, () -> {
            int max = room.context.settings().maxPublishers();
            if (edit.publishers() > max) {
                reply.error(VideoRoomError.INVALID_ELEMENT, "Invalid element (new_publishers may be at most " + max + ")");
                return;
            }
            if (edit.publishers() > 0) {
                room.maxPublishers = edit.publishers();
            }
            if (edit.isPrivate() != null) {
                room.isPrivate = edit.isPrivate();
            }
            if (edit.description() != null) {
                room.describe(edit.description());
            }
            room.refreshSnapshot();
            reply.send(VideoRoomEvents.edited(room.id));
        });
    }

    /** Everyone in the room gets {@code destroyed}; their PeerConnections close. */
    void destroy(PluginHandle handle, Reply reply) {
        asOwner(handle, reply, () -> {
            for (Participant participant : new ArrayList<>(room.participants.values())) {
                participant.handle.event(VideoRoomEvents.destroyed(room.id), null, null);
                if (participant.endpoint != null) {
                    participant.endpoint.close();
                }
                room.plugin.released(participant.handle, room);
            }
            for (Subscription subscription : new ArrayList<>(room.subscriptions.values())) {
                subscription.handle.event(VideoRoomEvents.destroyed(room.id), null, null);
                subscription.endpoint.close();
                room.plugin.released(subscription.handle, room);
            }
            room.participants.clear();
            room.byHandle.clear();
            room.subscriptions.clear();
            room.close();
            reply.send(VideoRoomEvents.destroyed(room.id));
        });
    }

    /** The participant is out: it hears {@code leaving:"ok"} with reason kicked, the others {@code leaving}. */
    void kick(PluginHandle handle, VideoRoomRequest.Kick kick, Reply reply) {
        asOwner(handle, reply, () -> {
            Participant participant = room.participants.get(kick.id());
            if (participant == null) {
                reply.error(VideoRoomError.NO_SUCH_FEED, "No such user " + kick.id() + " in room " + room.id.value());
                return;
            }
            participant.handle.event(VideoRoomEvents.leavingOk(room.id, "kicked"), null, null);
            if (participant.endpoint != null) {
                participant.handle.hangup("Kicked");
            }
            room.publishers.remove(participant, "kicked");
            reply.send(VideoRoomEvents.success());
        });
    }

    /** Stops relaying (or relays again) a participant's stream, whatever the participant wants. */
    void moderate(PluginHandle handle, VideoRoomRequest.Moderate moderate, Reply reply) {
        asOwner(handle, reply, () -> {
            Participant participant = room.participants.get(moderate.id());
            if (participant == null) {
                reply.error(VideoRoomError.NO_SUCH_FEED, "No such user " + moderate.id() + " in room " + room.id.value());
                return;
            }
            if (participant.stream(moderate.mid()) == null) {
                reply.error(VideoRoomError.NO_SUCH_FEED, "No such stream " + moderate.mid());
                return;
            }
            Map<String, Boolean> before = new HashMap<>();
            for (PublishedStream stream : participant.streams()) {
                before.put(stream.mid(), participant.delivers(stream));
            }
            participant.moderated.put(moderate.mid(), moderate.mute());
            room.publishers.forwardingChanged(participant, before);
            reply.send(VideoRoomEvents.success());
        });
    }

    void allowed(PluginHandle handle, VideoRoomRequest.Allowed allowed, Reply reply) {
        asOwner(handle, reply, () -> {
            List<String> list = room.admission.changeList(allowed.action(), allowed.allowed());
            reply.send(allowed.action().equals("disable") ? VideoRoomEvents.success()
                    : VideoRoomEvents.allowed(room.id, list));
        });
    }

    private void asOwner(PluginHandle handle, Reply reply, Runnable action) {
        room.admit(handle, verdict -> {
            if (refused(verdict, reply)) {
                return;
            }
            if (!room.admission.owns(handle.user())) {
                reply.error(VideoRoomError.UNAUTHORIZED, "Unauthorized (only the room's owner may do this)");
                room.closeIfEmpty();
                return;
            }
            action.run();
            room.closeIfEmpty();
        });
    }

    private boolean refused(Admission.Verdict verdict, Reply reply) {
        switch (verdict) {
            case REFUSED -> reply.error(VideoRoomError.UNAUTHORIZED,
                    "Unauthorized (not the host or an attendee of meeting " + room.id.value() + ")");
            case UNAVAILABLE -> reply.error(VideoRoomError.UNKNOWN_ERROR,
                    "Cannot check the meeting's attendees now; try again");
            case ADMITTED -> {
                return false;
            }
        }
        room.closeIfEmpty();
        return true;
    }
}
