package dev.parley.media.rtp;

/**
 * The RTP retransmission payload format (RFC 4588 §4): a retransmitted packet travels in its own stream (the RTX
 * SSRC, negotiated with {@code a=ssrc-group:FID}), under its own payload type (whose {@code apt} names the
 * original one) and sequence numbers, with the original sequence number (OSN) in front of the original payload.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                         RTP Header                            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            OSN                |                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
 * |                  Original RTP Packet Payload                  |
 * |                                                               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Senders also use the RTX stream for padding when probing bandwidth: such packets carry no OSN.
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class Rtx {

    public static final int OSN_LENGTH = 2;

    private Rtx() {
    }

    /** Whether the RTX packet carries no retransmission: padding only (bandwidth probing). */
    public static boolean isPaddingOnly(RtpPacket rtx) {
        return rtx.payloadLength() == 0;
    }

    /** Whether the packet is long enough to carry an OSN. */
    public static boolean hasOriginalSequenceNumber(RtpPacket rtx) {
        return rtx.payloadLength() >= OSN_LENGTH;
    }

    public static int originalSequenceNumber(RtpPacket rtx) {
        return BigEndian.u16(rtx.buffer(), rtx.payloadOffset());
    }

    /**
     * Turns the RTX packet back into the original in the same array (RFC 4588 §4: OSN, original SSRC and payload
     * type restored; marker, timestamp, CSRCs and extensions kept) by moving the header over the OSN, and points
     * {@code rtx} at the result, which starts {@link #OSN_LENGTH} bytes later. The caller checked
     * {@link #hasOriginalSequenceNumber}; it keeps owning the array.
     */
    public static void restoreOriginal(RtpPacket rtx, int originalSsrc, int originalPayloadType) {
        byte[] buf = rtx.buffer();
        int off = rtx.offset();
        int sequenceNumber = originalSequenceNumber(rtx);
        System.arraycopy(buf, off, buf, off + OSN_LENGTH, rtx.headerLength());
        rtx.wrap(buf, off + OSN_LENGTH, rtx.length() - OSN_LENGTH);
        rtx.setSequenceNumber(sequenceNumber);
        rtx.setSsrc(originalSsrc);
        rtx.setPayloadType(originalPayloadType);
    }
}
