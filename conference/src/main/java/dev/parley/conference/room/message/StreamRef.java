package dev.parley.conference.room.message;

/**
 * One entry of {@code unsubscribe} (or {@code update.unsubscribe}): a feed (0 when not given), a mid of that feed,
 * or a mid of the subscription ({@code sub_mid}); unset parts are null.
 */
public record StreamRef(long feed, String mid, String subMid) {
}
