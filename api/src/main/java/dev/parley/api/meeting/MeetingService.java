package dev.parley.api.meeting;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.api.session.Auth;
import dev.parley.storage.MeetingRepository;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.Meeting;
import dev.parley.storage.model.MeetingQuery;
import dev.parley.storage.model.User;
import dev.parley.storage.model.UserField;
import dev.parley.storage.model.UserQuery;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Meetings (docs/protocol.md section 2.3), for the session's user. A user may read a meeting they host or attend (by
 * id or e-mail address), and any public meeting of their application; to anyone else it does not exist (404),
 * so that a private meeting's id reveals nothing. Only the host may change or delete a meeting they can read
 * (403 for the others). Meetings of other applications are never found. Methods block on the database; they
 * run on worker threads. Thread-safe.
 */
public final class MeetingService {

    private final MeetingRepository meetings;
    private final UserRepository users;
    private final Clock clock;

    public MeetingService(MeetingRepository meetings, UserRepository users, Clock clock) {
        this.meetings = meetings;
        this.users = users;
        this.clock = clock;
    }

    /** A page of the user's meetings and the query that chose it. */
    public record Listing(MeetingQuery query, MeetingQuery.Page page) {
    }

    /** {@code POST /meetings}: the session's user becomes the host. */
    public Meeting create(Auth auth, Params body) {
        User host = auth.requireUser();
        Meeting.Details details = MeetingInput.create(body, clock.instant().getEpochSecond());
        checkAttendees(auth.applicationId(), details.attendees());
        return meetings.create(auth.applicationId(), host.id(), details, now());
    }

    /** {@code GET /meetings?_id=...}. */
    public Meeting get(Auth auth, String id) {
        return readable(auth, id);
    }

    /** {@code GET /meetings} and {@code GET /meetings/paged}: the meetings the user hosts or attends. */
    public Listing list(Auth auth, Params params) {
        MeetingQuery query = MeetingListQuery.parse(auth.applicationId(), auth.requireUser(), params);
        return new Listing(query, meetings.list(query));
    }

    /** {@code PUT /meetings/{id}}: a partial change by the host. */
    public Meeting update(Auth auth, String id, Params body) {
        Meeting meeting = hosted(auth, id, "change");
        Meeting.Details details = MeetingInput.update(body, meeting.details());
        if (!details.attendees().equals(meeting.details().attendees())) {
            checkAttendees(auth.applicationId(), details.attendees());
        }
        return meetings.update(auth.applicationId(), meeting.id(), details, now()).orElseThrow(MeetingService::notFound);
    }

    /** {@code DELETE /meetings/{id}}: by the host. */
    public void delete(Auth auth, String id) {
        Meeting meeting = hosted(auth, id, "delete");
        if (!meetings.delete(auth.applicationId(), meeting.id())) {
            throw notFound();
        }
    }

    /**
     * {@code GET /meetings/recordings/{id}}, for a user who may read the meeting. Parley does not record
     * conference rooms yet, so no meeting has recordings and the list is empty.
     */
    public List<Object> recordings(Auth auth, String id) {
        readable(auth, id);
        return List.of();
    }

    private Meeting readable(Auth auth, String id) {
        User user = auth.requireUser();
        return meetings.findById(auth.applicationId(), id)
                .filter(meeting -> meeting.readableBy(user.id(), user.email()))
                .orElseThrow(MeetingService::notFound);
    }

    private Meeting hosted(Auth auth, String id, String action) {
        Meeting meeting = readable(auth, id);
        if (meeting.hostId() != auth.user().id()) {
            throw ApiException.forbidden("Only the meeting's host may " + action + " it");
        }
        return meeting;
    }

    /** Attendees named by id must be users of the application (422 otherwise). */
    private void checkAttendees(long applicationId, List<Meeting.Attendee> attendees) {
        List<Object> ids = attendees.stream().map(Meeting.Attendee::userId).filter(Objects::nonNull)
                .map(id -> (Object) id).toList();
        if (ids.isEmpty()) {
            return;
        }
        Set<Long> found = users.list(new UserQuery(applicationId,
                        List.of(new UserQuery.Condition(UserField.ID, UserQuery.Operator.IN, ids)), UserField.ID, true, 0,
                        ids.size()))
                .items().stream().map(User::id).collect(Collectors.toSet());
        List<String> missing = ids.stream().filter(id -> !found.contains((Long) id)).map(String::valueOf).toList();
        if (!missing.isEmpty()) {
            throw ApiException.invalid("attendees", "no such user in this application: " + String.join(", ", missing));
        }
    }

    private static ApiException notFound() {
        return ApiException.notFound("Meeting not found");
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
