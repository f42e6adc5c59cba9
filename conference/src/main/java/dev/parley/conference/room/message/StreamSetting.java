package dev.parley.conference.room.message;

/**
 * One entry of {@code configure}'s {@code streams}: for a publisher, whether its stream {@code mid} is relayed
 * ({@code send}) and whether to ask it for a keyframe; for a subscriber, whether Parley sends it that mid.
 *
 * @param send null when not given
 */
public record StreamSetting(String mid, Boolean send, boolean keyframe) {
}
