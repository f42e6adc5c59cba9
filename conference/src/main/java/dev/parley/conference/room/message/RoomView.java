package dev.parley.conference.room.message;

/** A room as {@code list} lists it. */
public record RoomView(RoomId room, String description, boolean isPrivate, int maxPublishers, int participants,
                       String audioCodecs, String videoCodecs) {
}
