package dev.parley.media.udp;

/**
 * What a datagram on the media port is, from its first byte (RFC 7983 §7) and, for RTP/RTCP, its
 * second (RFC 5761 §4: RTCP packet types 192–223 sit where RTP's marker bit and payload type are).
 *
 * <pre>
 *                  +----------------+
 *                  |        [0..3] -+--> STUN
 *                  |                |
 *                  |      [20..63] -+--> DTLS
 *                  |                |
 *  packet -->      |    [128..191] -+--> RTP/RTCP
 *                  |                |
 *                  |   (otherwise) -+--> dropped (TURN channels, ZRTP, QUIC, garbage)
 *                  +----------------+
 * </pre>
 */
public enum PacketKind {
    STUN, DTLS, RTP, RTCP, UNKNOWN;

    public static PacketKind classify(byte[] buf, int off, int len) {
        if (len < 1) {
            return UNKNOWN;
        }
        int first = buf[off] & 0xFF;
        if (first <= 3) {
            return STUN;
        }
        if (first >= 20 && first <= 63) {
            return DTLS;
        }
        if (first >= 128 && first <= 191) {
            if (len < 2) {
                return UNKNOWN;
            }
            int second = buf[off + 1] & 0xFF;
            return second >= 192 && second <= 223 ? RTCP : RTP;
        }
        return UNKNOWN;
    }
}
