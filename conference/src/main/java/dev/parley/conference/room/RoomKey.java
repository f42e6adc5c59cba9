package dev.parley.conference.room;

/** A room within its application: the same id in two applications is two rooms (docs/protocol.md §4.5). */
record RoomKey(long applicationId, String roomId) {
}
