package dev.parley.conference.meeting;

import dev.parley.conference.auth.ConferenceUser;

import java.util.Locale;
import java.util.Set;

/**
 * Tells a video room whether its id is one of the application's meetings and who may join it (docs/protocol.md §2.3,
 * §4.5). Implemented in {@code server} over the meetings repository of {@code storage}.
 *
 * <p>Blocking (database): rooms call it on a worker, and the joining handle's later requests wait for it; it must
 * return within a bounded time (the database's connection timeout), {@link Unavailable} when it cannot tell.
 * Thread-safe.
 */
public interface MeetingDirectory {

    /** The meeting of this application whose {@code _id} is {@code roomId}, if any. */
    Lookup find(long applicationId, String roomId);

    /** What a lookup found. */
    sealed interface Lookup {
    }

    /** The room id is no meeting of the application: any of its users may join. */
    record NotAMeeting() implements Lookup {
    }

    /**
     * A meeting: its host and attendees may join (attendees named by user id or by e-mail).
     *
     * @param attendeeEmails lower-cased
     */
    record Meeting(long hostId, Set<Long> attendeeIds, Set<String> attendeeEmails) implements Lookup {

        public Meeting {
            attendeeIds = Set.copyOf(attendeeIds);
            attendeeEmails = attendeeEmails.stream().map(email -> email.toLowerCase(Locale.ROOT))
                    .collect(java.util.stream.Collectors.toUnmodifiableSet());
        }

        public boolean admits(ConferenceUser user) {
            return user.userId() == hostId || attendeeIds.contains(user.userId())
                    || user.email() != null && attendeeEmails.contains(user.email().toLowerCase(Locale.ROOT));
        }
    }

    /** The lookup could not be made (database down): the join fails with "try again", nobody is let in. */
    record Unavailable(String reason) implements Lookup {
    }
}
