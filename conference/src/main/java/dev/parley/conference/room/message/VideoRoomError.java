package dev.parley.conference.room.message;

/** The video room's error codes (Janus's {@code janus_videoroom.c}, docs/protocol.md §4.3). */
public enum VideoRoomError {
    UNKNOWN_ERROR(499),
    NO_MESSAGE(421),
    INVALID_JSON(422),
    INVALID_REQUEST(423),
    JOIN_FIRST(424),
    ALREADY_JOINED(425),
    NO_SUCH_ROOM(426),
    ROOM_EXISTS(427),
    NO_SUCH_FEED(428),
    MISSING_ELEMENT(429),
    INVALID_ELEMENT(430),
    INVALID_SDP_TYPE(431),
    PUBLISHERS_FULL(432),
    UNAUTHORIZED(433),
    ALREADY_PUBLISHED(434),
    NOT_PUBLISHED(435),
    ID_EXISTS(436),
    INVALID_SDP(437);

    private final int code;

    VideoRoomError(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }
}
