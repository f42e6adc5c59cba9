package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.time.Scheduler;
import dev.parley.conference.ConferenceSettings;
import dev.parley.conference.core.Plugin;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.core.PluginRequest;
import dev.parley.conference.media.MediaPlane;
import dev.parley.conference.meeting.MeetingDirectory;
import dev.parley.conference.negotiation.PublisherAnswerer;
import dev.parley.conference.room.message.RoomId;
import dev.parley.conference.room.message.RoomView;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomEvents;
import dev.parley.conference.room.message.VideoRoomException;
import dev.parley.conference.room.message.VideoRoomRequest;
import dev.parley.conference.room.message.VideoRoomRequests;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The video room plugin ({@code janus.plugin.videoroom}, docs/protocol.md §4.3–4.5): reads each message, answers the
 * synchronous requests in their transaction and acknowledges the others, and hands them to the handle's room. Rooms
 * are made on first join, scoped to the token's application; {@code 1234} and {@code "1234"} are one room. A handle
 * belongs to the room it joined until it leaves: its later requests go there, and a request on a handle that joined
 * nowhere is 424.
 *
 * <p>Threading: the core calls it on the core's executor, where the handle routes live; rooms tell it about handles
 * they release and about closing by handing that to the same executor. The room map is concurrent so that rooms can
 * take themselves out.
 */
public final class VideoRoom implements Plugin {

    public static final String NAME = "janus.plugin.videoroom";

    private final RoomContext context;
    private final Executor core;
    private final Map<RoomKey, Room> rooms = new ConcurrentHashMap<>();
    /** Handle id → the room it joined (or is joining); confined to the core's executor. */
    private final Map<Long, Room> routes = new HashMap<>();

    VideoRoom(RoomContext context, Executor core) {
        this.context = context;
        this.core = core;
    }

    /**
     * @param shared   where room queues drain
     * @param blocking where meeting lookups run
     * @param core     the core's executor, which the plugin's routes share
     */
    public static VideoRoom create(ConferenceSettings settings, MediaPlane media, MeetingDirectory meetings,
                                   Scheduler scheduler, Executor shared, Executor blocking, Executor core) {
        return new VideoRoom(new RoomContext(settings, media, meetings, new PublisherAnswerer(settings.codecs()),
                scheduler, shared, blocking), core);
    }

    /** Rooms open now; readable from any thread. */
    public int roomCount() {
        return rooms.size();
    }

    /** Participants (publisher handles) in every room now, as the rooms last published it; readable from any thread. */
    public int participantCount() {
        int count = 0;
        for (Room room : rooms.values()) {
            count += room.snapshot().participants();
        }
        return count;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ObjectNode info() {
        return JsonNodeFactory.instance.objectNode().put("name", "Parley video room")
                .put("description", "Parley's SFU with the Janus video room API").put("version_string", "1.0");
    }

    @Override
    public void attached(PluginHandle handle) {
        // A handle is in no room until it joins one.
    }

    @Override
    public void message(PluginHandle handle, PluginRequest request) {
        VideoRoomRequest parsed;
        try {
            parsed = VideoRoomRequests.parse(request.body());
        } catch (VideoRoomException e) {
            request.success(VideoRoomEvents.error(e.error(), e.getMessage()));
            return;
        }
        if (parsed.synchronous()) {
            route(handle, parsed, new Reply(handle, request, true));
        } else {
            request.ack();
            route(handle, parsed, new Reply(handle, request, false));
        }
    }

    @Override
    public void hangup(PluginHandle handle) {
        Room room = routes.get(handle.handleId());
        if (room != null) {
            room.hangup(handle);
        }
    }

    @Override
    public void detached(PluginHandle handle) {
        Room room = routes.remove(handle.handleId());
        if (room != null) {
            room.detached(handle);
        }
    }

    private void route(PluginHandle handle, VideoRoomRequest request, Reply reply) {
        long applicationId = handle.user().applicationId();
        Room joined = routes.get(handle.handleId());
        switch (request) {
            case VideoRoomRequest.Exists exists -> reply.send(VideoRoomEvents.exists(exists.room(),
                    rooms.containsKey(new RoomKey(applicationId, exists.room().key()))));
            case VideoRoomRequest.ListRooms list -> reply.send(VideoRoomEvents.list(list(applicationId)));
            case VideoRoomRequest.Create create -> {
                RoomId id = create.room() != null ? create.room()
                        : new RoomId(Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 53)), true);
                room(applicationId, id).submit(handle, create, reply);
            }
            case VideoRoomRequest.ListParticipants list -> existing(applicationId, list.room(), handle, request, reply);
            case VideoRoomRequest.Edit edit -> existing(applicationId, edit.room(), handle, request, reply);
            case VideoRoomRequest.Destroy destroy -> existing(applicationId, destroy.room(), handle, request, reply);
            case VideoRoomRequest.Kick kick -> existing(applicationId, kick.room(), handle, request, reply);
            case VideoRoomRequest.Moderate moderate -> existing(applicationId, moderate.room(), handle, request, reply);
            case VideoRoomRequest.Allowed allowed -> existing(applicationId, allowed.room(), handle, request, reply);
            case VideoRoomRequest.Join join -> join(handle, join.room(), joined, request, reply);
            case VideoRoomRequest.JoinAndConfigure both -> join(handle, both.join().room(), joined, request, reply);
            default -> {
                if (joined == null) {
                    reply.error(VideoRoomError.JOIN_FIRST, "Invalid request on unconfigured participant");
                } else {
                    joined.submit(handle, request, reply);
                }
            }
        }
    }

    private void join(PluginHandle handle, RoomId id, Room joined, VideoRoomRequest request, Reply reply) {
        Room room = joined != null ? joined : room(handle.user().applicationId(), id);
        routes.put(handle.handleId(), room);
        room.submit(handle, request, reply);
    }

    private void existing(long applicationId, RoomId id, PluginHandle handle, VideoRoomRequest request, Reply reply) {
        Room room = rooms.get(new RoomKey(applicationId, id.key()));
        if (room == null) {
            reply.error(VideoRoomError.NO_SUCH_ROOM, "No such room (" + id.value() + ")");
        } else {
            room.submit(handle, request, reply);
        }
    }

    private Room room(long applicationId, RoomId id) {
        RoomKey key = new RoomKey(applicationId, id.key());
        return rooms.computeIfAbsent(key, k -> new Room(k, id, context, this));
    }

    private List<RoomView> list(long applicationId) {
        List<RoomView> views = new ArrayList<>();
        for (Room room : rooms.values()) {
            RoomView view = room.snapshot();
            if (room.key.applicationId() == applicationId && !view.isPrivate()) {
                views.add(view);
            }
        }
        views.sort(Comparator.comparing(view -> view.room().value()));
        return views;
    }

    /** A room let a handle go (left, failed to join, was kicked); from any thread. */
    void released(PluginHandle handle, Room room) {
        core.execute(() -> routes.remove(handle.handleId(), room));
    }

    /** A room closed; from its executor. */
    void removed(Room room) {
        rooms.remove(room.key, room);
    }

    /** A request reached a room that had closed: it goes to the room's successor (or fails as it would there). */
    void reroute(PluginHandle handle, VideoRoomRequest request, Reply reply, Room closed) {
        core.execute(() -> {
            routes.remove(handle.handleId(), closed);
            route(handle, request, reply);
        });
    }
}
