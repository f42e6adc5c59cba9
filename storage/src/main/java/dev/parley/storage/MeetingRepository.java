package dev.parley.storage;

import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.MeetingQuery;

import java.time.Instant;
import java.util.Optional;

/**
 * Meetings, always scoped by application: no method finds, changes or lists a meeting of another application.
 * A meeting's id is 24 lowercase hex characters, made of random bits; ids of any other shape find nothing.
 * Deleting a user deletes the meetings they host and removes them from attendee lists. Implementations are
 * thread-safe; every method blocks on the database.
 */
public interface MeetingRepository {

    /** Stores a new meeting with a fresh id; {@code now} is its creation and update time. */
    Meeting create(long applicationId, long hostId, Meeting.Details details, Instant now);

    /**
     * The meeting with this id in this application, with its host and attendees. This is also the conference
     * layer's question "is room {@code id} one of the application's meetings, and whom does it admit"
     * ({@link Meeting#admits}, docs/protocol.md section 4).
     */
    Optional<Meeting> findById(long applicationId, String id);

    /** Replaces the writable part, attendees included; empty when there is no such meeting (any more). */
    Optional<Meeting> update(long applicationId, String id, Meeting.Details details, Instant now);

    boolean delete(long applicationId, String id);

    MeetingQuery.Page list(MeetingQuery query);
}
