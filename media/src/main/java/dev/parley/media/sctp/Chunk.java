package dev.parley.media.sctp;

/**
 * One chunk of a received packet (RFC 9260 §3.2), a view over the packet's array: {@code offset} is where the
 * value starts (after type, flags and length), {@code length} the value's length without padding.
 */
record Chunk(int type, int flags, byte[] buf, int offset, int length) {

    static final int DATA = 0;
    static final int INIT = 1;
    static final int INIT_ACK = 2;
    static final int SACK = 3;
    static final int HEARTBEAT = 4;
    static final int HEARTBEAT_ACK = 5;
    static final int ABORT = 6;
    static final int SHUTDOWN = 7;
    static final int SHUTDOWN_ACK = 8;
    static final int ERROR = 9;
    static final int COOKIE_ECHO = 10;
    static final int COOKIE_ACK = 11;
    static final int SHUTDOWN_COMPLETE = 14;
    /** RFC 6525 §3.1. */
    static final int RE_CONFIG = 130;
    /** RFC 4820 §3. */
    static final int PAD = 0x84;
    /** RFC 3758 §3.2. */
    static final int FORWARD_TSN = 192;

    int u8(int at) {
        return buf[offset + at] & 0xff;
    }

    int u16(int at) {
        return ((buf[offset + at] & 0xff) << 8) | (buf[offset + at + 1] & 0xff);
    }

    long u32(int at) {
        return ((long) u16(at) << 16) | u16(at + 2);
    }
}
