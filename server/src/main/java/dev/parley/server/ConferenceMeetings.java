package dev.parley.server;

import dev.parley.conference.meeting.MeetingDirectory;
import dev.parley.storage.MeetingRepository;
import dev.parley.storage.StorageException;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Video rooms' meetings from storage (docs/protocol.md §2.3, §4.5): a room whose id is one of the application's
 * meetings admits its host and attendees. Ids that cannot be a meeting's (24 lowercase hex characters) are no meeting
 * without asking the database. Blocking; called on the conference's workers. Thread-safe.
 */
final class ConferenceMeetings implements MeetingDirectory {

    private static final Pattern MEETING_ID = Pattern.compile("[0-9a-f]{24}");

    private final MeetingRepository meetings;

    ConferenceMeetings(MeetingRepository meetings) {
        this.meetings = meetings;
    }

    @Override
    public Lookup find(long applicationId, String roomId) {
        if (!MEETING_ID.matcher(roomId).matches()) {
            return new NotAMeeting();
        }
        // The storage model shares its name with the directory's answer, hence the full name.
        Optional<dev.parley.storage.model.Meeting> found;
        try {
            found = meetings.findById(applicationId, roomId);
        } catch (StorageException e) {
            return new Unavailable("the meeting database cannot be reached");
        }
        if (found.isEmpty()) {
            return new NotAMeeting();
        }
        Set<Long> ids = new HashSet<>();
        Set<String> emails = new HashSet<>();
        for (dev.parley.storage.model.Meeting.Attendee attendee : found.get().details().attendees()) {
            if (attendee.userId() != null) {
                ids.add(attendee.userId());
            }
            if (attendee.email() != null) {
                emails.add(attendee.email());
            }
        }
        return new Meeting(found.get().hostId(), ids, emails);
    }
}
