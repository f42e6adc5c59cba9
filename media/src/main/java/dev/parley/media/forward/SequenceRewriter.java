package dev.parley.media.forward;

import dev.parley.media.rtp.RtpSequence;

/**
 * One subscriber's sequence number and timestamp space for one subscription. What it receives is a series of
 * segments, each a run of one publisher stream's packets from a keyframe on; within a segment the timestamp is the
 * publisher's plus a fixed offset and sequence numbers follow the publisher's one for one (so real loss and
 * reordering show through unchanged) except for packets left out on purpose (a temporal layer the subscriber does
 * not get, {@link #drop}), which take no number ({@link GaplessNumbering}). Each new segment (a new publisher, a
 * simulcast layer switch, a resume after pause) continues right after the last packet sent: the next sequence
 * number, and a timestamp advanced by the time that passed. The subscriber sees one continuous stream.
 *
 * <p>Confined to the room's thread.
 */
final class SequenceRewriter {

    private final int initialSequenceNumber;
    private final int initialTimestamp;
    private final GaplessNumbering sequenceNumbers = new GaplessNumbering(1 << 16);
    private boolean started;
    private int timestampOffset;
    /** The publisher's extended sequence number that opened the current segment. */
    private long segmentStart;
    /** The subscriber's sequence number that opened the current segment. */
    private int segmentFirst;
    private int highestSequenceNumber;
    private int highestTimestamp;
    private long highestSentAt;
    private boolean highestEndsFrame;

    /** What {@link #publisherSequenceNumber} answers for a packet of padding the subscriber got ({@link #padding}). */
    static final int PADDING = GaplessNumbering.INSERTED;

    /** Starts the subscriber's space at random values, as RFC 3550 §5.1 asks of a new source. */
    SequenceRewriter(int initialSequenceNumber, int initialTimestamp) {
        this.initialSequenceNumber = initialSequenceNumber & 0xFFFF;
        this.initialTimestamp = initialTimestamp;
    }

    /** Opens a segment at the publisher's packet {@code sequenceNumber}/{@code timestamp}, about to be sent. */
    void startSegment(int sequenceNumber, long extendedSequenceNumber, int timestamp, int clockRate, long nowNanos) {
        int first;
        int firstTimestamp;
        if (!started) {
            started = true;
            first = initialSequenceNumber;
            firstTimestamp = initialTimestamp;
        } else {
            first = (highestSequenceNumber + 1) & 0xFFFF;
            long elapsedTicks = Math.max(0, nowNanos - highestSentAt) / 1_000 * clockRate / 1_000_000;
            firstTimestamp = highestTimestamp + (int) Math.max(1, elapsedTicks);
        }
        sequenceNumbers.start(sequenceNumber, first);
        timestampOffset = firstTimestamp - timestamp;
        segmentStart = extendedSequenceNumber;
        segmentFirst = first;
        highestSequenceNumber = (first - 1) & 0xFFFF;
        highestTimestamp = firstTimestamp;
    }

    /** Whether the publisher's packet belongs to the current segment (packets from before it are not sent). */
    boolean inSegment(long extendedSequenceNumber) {
        return started && extendedSequenceNumber >= segmentStart;
    }

    /** The subscriber's number for a packet of the segment to send, or -1 if it must not be sent: it was left out,
     * or is older than what the numbering remembers. */
    int sequenceNumber(int publisherSequenceNumber) {
        return sequenceNumbers.forward(publisherSequenceNumber);
    }

    /** Leaves a packet of the segment out without a gap in the subscriber's numbers (when it is the newest). */
    void drop(int publisherSequenceNumber) {
        sequenceNumbers.drop(publisherSequenceNumber);
    }

    int timestamp(int publisherTimestamp) {
        return publisherTimestamp + timestampOffset;
    }

    /** Notes a packet sent with these subscriber values; {@code marker}: it ends a frame. */
    void sent(int sequenceNumber, int timestamp, boolean marker, long nowNanos) {
        if (RtpSequence.isNewer(sequenceNumber, highestSequenceNumber)) {
            highestSequenceNumber = sequenceNumber;
            highestTimestamp = timestamp;
            highestSentAt = nowNanos;
            highestEndsFrame = marker;
        }
    }

    /**
     * Whether the newest packet sent ended a frame (or was padding after one): a packet of padding sent now falls
     * between two frames, where a receiver takes it as such, instead of inside one, which it could not put together.
     */
    boolean atFrameEnd() {
        return started && highestEndsFrame;
    }

    /**
     * The subscriber's sequence number for a packet of padding to send now, after everything numbered so far, or -1
     * before the first segment. It carries the newest timestamp sent; the packets after it follow it without a gap.
     */
    int padding() {
        if (!started) {
            return -1;
        }
        int sequenceNumber = sequenceNumbers.insert();
        highestSequenceNumber = sequenceNumber;
        return sequenceNumber;
    }

    /**
     * The publisher's sequence number behind a subscriber's, {@link #PADDING} for a packet of padding, or -1 when it
     * lies outside the current segment (sent before a switch, or never sent): what a subscriber's NACK refers to.
     */
    int publisherSequenceNumber(int subscriberSequenceNumber) {
        if (!started || RtpSequence.diff(subscriberSequenceNumber, segmentFirst) < 0
                || RtpSequence.diff(subscriberSequenceNumber, highestSequenceNumber) > 0) {
            return -1;
        }
        return sequenceNumbers.inputOf(subscriberSequenceNumber);
    }
}
