package dev.parley.conference.room.message;

/**
 * One entry of a subscriber's {@code streams} ({@code join}, {@code subscribe}, {@code update.subscribe}): a feed and
 * optionally one of its mids (all its streams when null), and the simulcast layers wanted of its video
 * ({@code substream}, {@code temporal}: 0 to 2, -1 when not given).
 */
public record StreamRequest(long feed, String mid, int substream, int temporal) {

    public StreamRequest(long feed, String mid) {
        this(feed, mid, -1, -1);
    }
}
