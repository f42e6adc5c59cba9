package dev.parley.media.stun;

/**
 * The 14-bit STUN message type: a method and a class interleaved (RFC 8489 §5).
 *
 * <pre>
 *   0                 1
 *   2  3  4 5 6 7 8 9 0 1 2 3 4 5
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |M |M |M|M|M|C|M|M|M|C|M|M|M|M|
 *  |11|10|9|8|7|1|6|5|4|0|3|2|1|0|
 *  +--+--+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class StunMessageType {

    /** The Binding method, the only one ICE uses (RFC 8489 §18.2). */
    public static final int BINDING = 0x001;

    public static final int CLASS_REQUEST = 0b00;
    public static final int CLASS_INDICATION = 0b01;
    public static final int CLASS_SUCCESS_RESPONSE = 0b10;
    public static final int CLASS_ERROR_RESPONSE = 0b11;

    public static final int BINDING_REQUEST = of(BINDING, CLASS_REQUEST);
    public static final int BINDING_INDICATION = of(BINDING, CLASS_INDICATION);
    public static final int BINDING_SUCCESS_RESPONSE = of(BINDING, CLASS_SUCCESS_RESPONSE);
    public static final int BINDING_ERROR_RESPONSE = of(BINDING, CLASS_ERROR_RESPONSE);

    private StunMessageType() {
    }

    /** The message type of {@code method} (12 bits) in {@code messageClass} (2 bits). */
    public static int of(int method, int messageClass) {
        return (method & 0x000F)
                | ((method & 0x0070) << 1)
                | ((method & 0x0F80) << 2)
                | ((messageClass & 0b01) << 4)
                | ((messageClass & 0b10) << 7);
    }

    public static int method(int type) {
        return (type & 0x000F) | ((type & 0x00E0) >> 1) | ((type & 0x3E00) >> 2);
    }

    public static int messageClass(int type) {
        return ((type >> 4) & 0b01) | ((type >> 7) & 0b10);
    }
}
