package dev.parley.media;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * A transport's {@link TransportStats} as it counts: written only on the media event loop (an ordered
 * store, no lock, no allocation), read from any thread.
 */
final class TransportCounters {

    private static final int RTP_RECEIVED = 0;
    private static final int RTCP_RECEIVED = 1;
    private static final int BYTES_RECEIVED = 2;
    private static final int RTP_SENT = 3;
    private static final int RTCP_SENT = 4;
    private static final int BYTES_SENT = 5;
    private static final int SRTP_FAILURES = 6;

    private final AtomicLongArray values = new AtomicLongArray(7);

    void rtpReceived(int bytes) {
        add(RTP_RECEIVED, 1);
        add(BYTES_RECEIVED, bytes);
    }

    void rtcpReceived(int bytes) {
        add(RTCP_RECEIVED, 1);
        add(BYTES_RECEIVED, bytes);
    }

    void rtpSent(int bytes) {
        add(RTP_SENT, 1);
        add(BYTES_SENT, bytes);
    }

    void rtcpSent(int bytes) {
        add(RTCP_SENT, 1);
        add(BYTES_SENT, bytes);
    }

    void srtpFailure() {
        add(SRTP_FAILURES, 1);
    }

    TransportStats snapshot() {
        return new TransportStats(values.get(RTP_RECEIVED), values.get(RTCP_RECEIVED), values.get(BYTES_RECEIVED),
                values.get(RTP_SENT), values.get(RTCP_SENT), values.get(BYTES_SENT), values.get(SRTP_FAILURES));
    }

    /** Single writer: a plain read and an ordered write are enough. */
    private void add(int index, long delta) {
        values.lazySet(index, values.get(index) + delta);
    }
}
