package dev.parley.media.sctp;

import java.time.Duration;

/**
 * An association's bounds and timers.
 *
 * @param maxPacketSize    the largest SCTP packet sent: it must fit one DTLS record in one datagram under the path
 *                         MTU (RFC 8261 §5 leaves it to the implementation; 1200 as browsers use)
 * @param receiveWindow    bytes of received data held for reassembly and ordering, advertised as a_rwnd
 * @param maxMessageSize   the largest message accepted or sent ({@code a=max-message-size}, RFC 8841 §6)
 * @param sendQueueLimit   bytes of messages queued or unacknowledged towards the peer; a send beyond it is refused
 * @param streams          outbound and inbound streams offered in INIT / INIT-ACK
 * @param rtoInitial       RFC 9260 §16 RTO.Initial
 * @param rtoMin           RTO.Min
 * @param rtoMax           RTO.Max
 * @param maxRetransmissions Association.Max.Retrans: consecutive timeouts before the association is given up
 * @param cookieLifetime   how long a State Cookie stays valid (RFC 9260 §5.1.3, Valid.Cookie.Life)
 */
public record SctpSettings(int maxPacketSize, int receiveWindow, int maxMessageSize, int sendQueueLimit, int streams,
        Duration rtoInitial, Duration rtoMin, Duration rtoMax, int maxRetransmissions, Duration cookieLifetime) {

    /** The defaults: 256 KiB messages, as Chrome's own {@code a=max-message-size}. */
    public static final SctpSettings DEFAULTS = new SctpSettings(1200, 512 * 1024, 256 * 1024, 1024 * 1024, 1024,
            Duration.ofSeconds(1), Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));

    public SctpSettings {
        if (maxPacketSize < 256 || maxPacketSize > 65_535) {
            throw new IllegalArgumentException("maxPacketSize must be within 256..65535: " + maxPacketSize);
        }
        if (maxMessageSize < 1 || receiveWindow < maxMessageSize) {
            throw new IllegalArgumentException("receiveWindow (" + receiveWindow + ") must hold a whole message ("
                    + maxMessageSize + ")");
        }
        if (sendQueueLimit < maxMessageSize) {
            throw new IllegalArgumentException("sendQueueLimit (" + sendQueueLimit + ") must hold a whole message ("
                    + maxMessageSize + ")");
        }
        if (streams < 1 || streams > 65_535) {
            throw new IllegalArgumentException("streams must be within 1..65535: " + streams);
        }
        if (maxRetransmissions < 1) {
            throw new IllegalArgumentException("maxRetransmissions must be positive: " + maxRetransmissions);
        }
    }

    /** The most user data one DATA chunk carries: a packet less the common header (12) and the DATA header (16). */
    int maxFragment() {
        return maxPacketSize - 12 - 16;
    }
}
