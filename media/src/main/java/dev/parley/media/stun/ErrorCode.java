package dev.parley.media.stun;

import java.nio.charset.StandardCharsets;

/**
 * ERROR-CODE (RFC 8489 §14.8): a class (hundreds) and number, then a UTF-8 reason phrase.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |           Reserved, should be 0         |Class|     Number    |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |      Reason Phrase (variable)                                ..
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * @param code   300–699
 * @param reason the reason phrase, at most 127 characters (§14.8)
 */
public record ErrorCode(int code, String reason) {

    /** §9.1.3: no USERNAME or no MESSAGE-INTEGRITY. */
    public static final ErrorCode BAD_REQUEST = new ErrorCode(400, "Bad Request");
    /** §9.1.3: unknown username, or the integrity does not verify. */
    public static final ErrorCode UNAUTHENTICATED = new ErrorCode(401, "Unauthenticated");
    /** §6.3.1: comprehension-required attributes not understood. */
    public static final ErrorCode UNKNOWN_ATTRIBUTE = new ErrorCode(420, "Unknown Attribute");
    /** RFC 8445 §7.3.1.1: both agents claim the same role. */
    public static final ErrorCode ROLE_CONFLICT = new ErrorCode(487, "Role Conflict");

    public ErrorCode {
        if (code < 300 || code > 699) {
            throw new IllegalArgumentException("STUN error codes are 300-699: " + code);
        }
        if (reason.length() > 127) {
            throw new IllegalArgumentException("reason phrase longer than 127 characters");
        }
    }

    byte[] reasonBytes() {
        return reason.getBytes(StandardCharsets.UTF_8);
    }

    /** Reads ERROR-CODE from {@code message}, or null when absent or malformed. */
    public static ErrorCode read(StunMessage message) {
        int i = message.find(StunAttributeType.ERROR_CODE);
        if (i < 0 || message.valueLength(i) < 4) {
            return null;
        }
        byte[] buf = message.buffer();
        int at = message.valueOffset(i);
        int code = (buf[at + 2] & 0x07) * 100 + (buf[at + 3] & 0xFF);
        String reason = new String(buf, at + 4, message.valueLength(i) - 4, StandardCharsets.UTF_8);
        try {
            return new ErrorCode(code, reason);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
