package dev.parley.conference.room.message;

/** A participant as {@code listparticipants} lists it. */
public record ParticipantView(long id, String display, boolean publisher, boolean talking) {
}
