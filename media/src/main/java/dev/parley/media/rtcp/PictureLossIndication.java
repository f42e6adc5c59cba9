package dev.parley.media.rtcp;

/**
 * Picture loss indication (RFC 4585 §6.3.1): PSFB with FMT 1 and no FCI; the receiver of the media source asks
 * its sender for a picture it can decode from, in practice a keyframe.
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |    PT=206     |          length=2             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class PictureLossIndication {

    public static final int LENGTH = RtcpFeedback.HEADER_LENGTH;

    private PictureLossIndication() {
    }

    /** Whether the packet at {@code off}, {@code len} bytes without padding, is a well-formed PLI. */
    public static boolean isPli(byte[] buf, int off, int len) {
        return len >= LENGTH && RtcpHeader.packetType(buf, off) == RtcpHeader.PSFB
                && RtcpHeader.countOrFormat(buf, off) == RtcpFeedback.FMT_PLI;
    }

    /** Writes a PLI and returns its length. */
    public static int write(byte[] buf, int off, int senderSsrc, int mediaSsrc) {
        RtcpFeedback.writeHeader(buf, off, RtcpFeedback.FMT_PLI, RtcpHeader.PSFB, LENGTH, senderSsrc, mediaSsrc);
        return LENGTH;
    }
}
