package dev.parley.conference.room.message;

/**
 * One entry of a subscriber's {@code streams} ({@code join}, {@code subscribe}, {@code update.subscribe}): a feed and
 * optionally one of its mids (all its streams when null).
 */
public record StreamRequest(long feed, String mid) {
}
