package dev.parley.conference.room;

import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.meeting.MeetingDirectory;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Who may enter a room and who owns it (docs/protocol.md §4.5). A room whose id is one of the application's meetings
 * admits the meeting's host and attendees, by user id or e-mail, and its host owns it; any other room admits every
 * user of the application and is owned by whoever made it. The meeting is looked up again at every admission, so that
 * attendee changes count; a room found to be no meeting stays so for its life. Janus's token access list ({@code
 * allowed}) comes on top. Confined to its room's executor.
 */
final class Admission {

    enum Kind { UNKNOWN, OPEN, MEETING }

    enum Verdict { ADMITTED, REFUSED, UNAVAILABLE }

    private Kind kind = Kind.UNKNOWN;
    private MeetingDirectory.Meeting meeting;
    private Long creator;
    private boolean listEnabled;
    private final Set<String> allowed = new LinkedHashSet<>();

    /** Whether admitting needs a lookup first. */
    boolean needsLookup() {
        return kind != Kind.OPEN;
    }

    /** Takes in a lookup's result and judges the user by it. */
    Verdict judge(MeetingDirectory.Lookup lookup, ConferenceUser user) {
        switch (lookup) {
            case MeetingDirectory.NotAMeeting ignored -> {
                kind = Kind.OPEN;
                return Verdict.ADMITTED;
            }
            case MeetingDirectory.Meeting found -> {
                kind = Kind.MEETING;
                meeting = found;
                return found.admits(user) ? Verdict.ADMITTED : Verdict.REFUSED;
            }
            case MeetingDirectory.Unavailable ignored -> {
                return Verdict.UNAVAILABLE;
            }
        }
    }

    /** For a room known to be no meeting. */
    Verdict judgeOpen() {
        return Verdict.ADMITTED;
    }

    boolean isMeeting() {
        return kind == Kind.MEETING;
    }

    /** The first admitted user of a room that is no meeting becomes its owner. */
    void admitted(ConferenceUser user) {
        if (kind == Kind.OPEN && creator == null) {
            creator = user.userId();
        }
    }

    boolean owns(ConferenceUser user) {
        return kind == Kind.MEETING ? meeting.hostId() == user.userId() : creator != null && creator == user.userId();
    }

    /** Janus's {@code allowed} list: when enabled, a join must carry one of its tokens. */
    boolean passesList(String token) {
        return !listEnabled || token != null && allowed.contains(token);
    }

    /** Applies an {@code allowed} request; returns the list as it now is. */
    List<String> changeList(String action, List<String> tokens) {
        switch (action) {
            case "enable" -> listEnabled = true;
            case "disable" -> listEnabled = false;
            case "add" -> allowed.addAll(tokens.subList(0, Math.min(tokens.size(), 1024 - allowed.size())));
            case "remove" -> tokens.forEach(allowed::remove);
            default -> throw new IllegalArgumentException(action);
        }
        return List.copyOf(allowed);
    }

    /** The list given to {@code create}. */
    void startList(List<String> tokens) {
        listEnabled = true;
        allowed.addAll(tokens);
    }
}
