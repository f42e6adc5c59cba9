package dev.parley.conference.room.message;

/**
 * One entry of {@code configure}'s {@code streams}: for a publisher, whether its stream {@code mid} is relayed
 * ({@code send}) and whether to ask it for a keyframe; for a subscriber, whether Parley sends it that mid and which
 * simulcast layers it wants of it ({@code substream}, {@code temporal}: 0 the lowest to 2 the highest).
 *
 * @param send null when not given
 * @param substream -1 when not given
 * @param temporal -1 when not given
 */
public record StreamSetting(String mid, Boolean send, boolean keyframe, int substream, int temporal) {

    /** Without layers. */
    public StreamSetting(String mid, Boolean send, boolean keyframe) {
        this(mid, send, keyframe, -1, -1);
    }
}
