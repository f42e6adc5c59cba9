package dev.parley.media.rtp;

/**
 * The transport-wide sequence number extension (draft-holmer-rmcat-transport-wide-cc-extensions-01 §2): a
 * 16-bit counter the sender increments for every RTP packet on the transport, whatever its stream, so that the
 * receiver's feedback (see {@code rtcp.TransportCcFeedback}) tells the sender about each packet it sent.
 *
 * <pre>
 *  0                   1                   2
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |  ID   | L=1   |transport-wide sequence number |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class TransportSequenceNumber {

    /** Bytes of data the element carries. */
    public static final int LENGTH = 2;

    private TransportSequenceNumber() {
    }

    /** The sequence number in the data at {@code off} (an element of {@link #LENGTH} bytes). */
    public static int read(byte[] buf, int off) {
        return BigEndian.u16(buf, off);
    }

    /** Rewrites the sequence number in place, as a forwarder does per outgoing transport. */
    public static void write(byte[] buf, int off, int sequenceNumber) {
        BigEndian.put16(buf, off, sequenceNumber);
    }
}
