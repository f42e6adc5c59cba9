package dev.parley.conference.room.message;

import java.util.List;
import java.util.Optional;

/**
 * The video room's requests (Janus's {@code janus_videoroom.c} API, docs/protocol.md §4.3), read from a {@code
 * message}'s body by {@link VideoRoomRequests}. Plain data; the behaviour lives in {@code conference.room}.
 */
public sealed interface VideoRoomRequest {

    /** Janus answers these in the request's own transaction ({@code success}); the others with an ack and an event. */
    default boolean synchronous() {
        return false;
    }

    enum Ptype { PUBLISHER, SUBSCRIBER }

    /**
     * {@code join}. A publisher may name its participant {@code id} (0: Parley picks one); a subscriber names
     * {@code streams}, or one {@code feed} in the legacy form ({@code ptype:"listener"}, or {@code subscriber} with
     * {@code feed}), whose {@code attached} event carries the feed's id. {@code offerData} is Janus's
     * {@code offer_data}, null when not given: then, as in Janus, a subscriber that takes a whole feed (no
     * {@code mid}) also gets the feed's data channel messages.
     */
    record Join(RoomId room, Ptype ptype, long id, String display, String token, List<StreamRequest> streams,
                boolean legacy, Boolean offerData) implements VideoRoomRequest {
        public Join {
            streams = List.copyOf(streams);
        }
    }

    /** {@code joinandconfigure}: a publisher's join and configure in one. */
    record JoinAndConfigure(Join join, Configure configure) implements VideoRoomRequest {
    }

    /**
     * {@code configure}, for publishers ({@code audio}, {@code video}, {@code bitrate}, {@code keyframe}, {@code
     * display}, {@code streams:[{mid, send, keyframe}]}, with or without an offer) and subscribers ({@code
     * streams:[{mid, send, substream, temporal}]}, {@code restart}, and Janus's older top-level {@code substream}
     * and {@code temporal}, for {@code mid} or every video stream).
     *
     * @param bitrate -1 when not given
     * @param layers the top-level {@code substream}/{@code temporal} (-1 each when not given), with the top-level
     *     {@code mid} or a null one for every video stream
     */
    record Configure(Boolean audio, Boolean video, long bitrate, boolean keyframe, String display,
                     List<StreamSetting> streams, boolean restart, Optional<String> audioCodec,
                     Optional<String> videoCodec, StreamSetting layers) implements VideoRoomRequest {
        public Configure {
            streams = List.copyOf(streams);
        }

        public Configure(Boolean audio, Boolean video, long bitrate, boolean keyframe, String display,
                         List<StreamSetting> streams, boolean restart, Optional<String> audioCodec,
                         Optional<String> videoCodec) {
            this(audio, video, bitrate, keyframe, display, streams, restart, audioCodec, videoCodec,
                    new StreamSetting(null, null, false));
        }
    }

    /** {@code publish}: start publishing with an offer. */
    record Publish(Configure settings) implements VideoRoomRequest {
    }

    record Unpublish() implements VideoRoomRequest {
    }

    /** {@code start}: a subscriber's answer, or resuming after {@code pause}. */
    record Start() implements VideoRoomRequest {
    }

    record Pause() implements VideoRoomRequest {
    }

    record Subscribe(List<StreamRequest> streams) implements VideoRoomRequest {
        public Subscribe {
            streams = List.copyOf(streams);
        }
    }

    record Unsubscribe(List<StreamRef> streams) implements VideoRoomRequest {
        public Unsubscribe {
            streams = List.copyOf(streams);
        }
    }

    record Update(List<StreamRequest> subscribe, List<StreamRef> unsubscribe) implements VideoRoomRequest {
        public Update {
            subscribe = List.copyOf(subscribe);
            unsubscribe = List.copyOf(unsubscribe);
        }
    }

    record Switch(List<SwitchRequest> streams) implements VideoRoomRequest {
        public Switch {
            streams = List.copyOf(streams);
        }
    }

    /** {@code leave}; the ConnectyCube client sends {@code room:null}, which is fine: the handle knows its room. */
    record Leave() implements VideoRoomRequest {
    }

    record ListParticipants(RoomId room) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    record Exists(RoomId room) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    record ListRooms() implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    /**
     * {@code create}.
     *
     * @param room       null when Parley is to pick one
     * @param publishers 0 when not given
     * @param allowed    null when the room has no access list
     */
    record Create(RoomId room, String description, int publishers, boolean isPrivate, List<String> allowed)
            implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    /** {@code edit}; unset values are null (or 0 for publishers). */
    record Edit(RoomId room, String description, int publishers, Boolean isPrivate) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    record Destroy(RoomId room) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    record Kick(RoomId room, long id) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    record Moderate(RoomId room, long id, String mid, boolean mute) implements VideoRoomRequest {
        @Override
        public boolean synchronous() {
            return true;
        }
    }

    /** {@code allowed}: {@code action} is enable, disable, add or remove. */
    record Allowed(RoomId room, String action, List<String> allowed) implements VideoRoomRequest {
        public Allowed {
            allowed = List.copyOf(allowed);
        }

        @Override
        public boolean synchronous() {
            return true;
        }
    }
}
