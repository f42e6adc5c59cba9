package dev.parley.conference.testing;

import dev.parley.conference.meeting.MeetingDirectory;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A meeting directory from a table, counting its lookups. Thread-safe. */
public final class FakeMeetings implements MeetingDirectory {

    private record Key(long applicationId, String roomId) {
    }

    private final Map<Key, Lookup> meetings = new ConcurrentHashMap<>();
    private final AtomicInteger lookups = new AtomicInteger();
    private volatile boolean down;

    public void meeting(long applicationId, String roomId, long hostId, Set<Long> attendeeIds, Set<String> emails) {
        meetings.put(new Key(applicationId, roomId), new Meeting(hostId, attendeeIds, emails));
    }

    public void down(boolean isDown) {
        down = isDown;
    }

    public int lookups() {
        return lookups.get();
    }

    @Override
    public Lookup find(long applicationId, String roomId) {
        lookups.incrementAndGet();
        if (down) {
            return new Unavailable("database down");
        }
        return meetings.getOrDefault(new Key(applicationId, roomId), new NotAMeeting());
    }
}
