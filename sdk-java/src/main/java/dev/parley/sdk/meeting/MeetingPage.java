package dev.parley.sdk.meeting;

import java.util.List;

/** A page of {@link Meetings#getMeetingsPaged}: {@code items} from {@code skip}, of {@code totalEntries} in all. */
public record MeetingPage(int limit, int skip, int totalEntries, List<Meeting> items) {

    public MeetingPage {
        items = List.copyOf(items);
    }
}
