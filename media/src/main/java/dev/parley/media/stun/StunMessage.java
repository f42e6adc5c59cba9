package dev.parley.media.stun;

import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A STUN message read in place from a datagram (RFC 8489 §5, §14): the header and an index of its
 * attributes, checked for bounds when parsed so that no accessor reads outside the message.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0|     STUN Message Type     |         Message Length        |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                         Magic Cookie                          |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                                                               |
 *  |                     Transaction ID (96 bits)                  |
 *  |                                                               |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         Type                  |            Length             |  attributes, each
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+  padded to 4 bytes
 *  |                         Value (variable)                ....
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Strict: the datagram must hold exactly one message; attributes must fit; the attributes ICE uses
 * must have their fixed sizes; FINGERPRINT must be last (§14.7). Attributes after MESSAGE-INTEGRITY
 * other than FINGERPRINT are ignored, as §14.5 requires. Of a repeated attribute the first counts.
 *
 * <p>Buffer ownership: the view reads the caller's buffer and copies nothing; the caller keeps the buffer
 * and must not change the message's bytes while it uses the view. Not thread-safe; used where parsed. A view made
 * with {@link #StunMessage()} is read into again for each message ({@link #read}), allocating nothing.
 */
public final class StunMessage {

    public static final int HEADER_LENGTH = 20;
    public static final int MAGIC_COOKIE = 0x2112A442;
    public static final int TRANSACTION_ID_LENGTH = 12;
    /** More attributes than ICE ever sends; a message with more is refused rather than indexed. */
    static final int MAX_ATTRIBUTES = 32;
    /** RFC 8489 §14.3: USERNAME is fewer than 509 bytes. */
    static final int MAX_USERNAME_BYTES = 508;

    private final int[] types = new int[MAX_ATTRIBUTES];
    private final int[] valueOffsets = new int[MAX_ATTRIBUTES];
    private final int[] valueLengths = new int[MAX_ATTRIBUTES];
    private byte[] buf;
    private int off;
    private int length;
    private int count;

    /**
     * A view to {@link #read} messages into, again and again without allocating (the media loop keeps one); it
     * describes the last message read, until the next {@link #read}.
     */
    public StunMessage() {
    }

    /**
     * Whether the datagram can be a STUN message at all: long enough, the first two bits zero (RFC 7983
     * demultiplexing puts STUN at first bytes 0–3) and the magic cookie in place.
     */
    public static boolean looksLikeStun(byte[] buf, int off, int len) {
        return len >= HEADER_LENGTH && (buf[off] & 0xC0) == 0 && readInt(buf, off + 4) == MAGIC_COOKIE;
    }

    /** Parses and bounds-checks the message in {@code buf[off, off+len)}; the view reads that buffer in place. */
    public static StunMessage parse(byte[] buf, int off, int len) throws StunParseException {
        return new StunMessage().read(buf, off, len);
    }

    /**
     * As {@link #parse}, into this view, which then describes that message; on an exception it describes none
     * ({@link #attributeCount()} 0).
     */
    public StunMessage read(byte[] buf, int off, int len) throws StunParseException {
        this.buf = buf;
        this.off = off;
        this.length = 0;
        this.count = 0;
        if (off < 0 || len < 0 || off > buf.length - len) {
            throw new IllegalArgumentException("range outside the buffer");
        }
        if (len < HEADER_LENGTH) {
            throw new StunParseException("shorter than a STUN header: " + len + " bytes");
        }
        if ((buf[off] & 0xC0) != 0) {
            throw new StunParseException("first two bits are not zero");
        }
        if (readInt(buf, off + 4) != MAGIC_COOKIE) {
            throw new StunParseException("no magic cookie");
        }
        int messageLength = readShort(buf, off + 2);
        if ((messageLength & 3) != 0) {
            throw new StunParseException("message length " + messageLength + " is not a multiple of 4");
        }
        if (HEADER_LENGTH + messageLength != len) {
            throw new StunParseException("message length " + messageLength + " does not match the datagram's " + (len - HEADER_LENGTH));
        }
        int count = 0;
        boolean afterIntegrity = false;
        boolean afterFingerprint = false;
        int position = off + HEADER_LENGTH;
        int end = off + len;
        while (position < end) {
            if (afterFingerprint) {
                throw new StunParseException("attributes after FINGERPRINT");
            }
            if (end - position < 4) {
                throw new StunParseException("truncated attribute header");
            }
            int type = readShort(buf, position);
            int valueLength = readShort(buf, position + 2);
            int valueOffset = position + 4;
            int padded = (valueLength + 3) & ~3;
            if (padded > end - valueOffset) {
                throw new StunParseException("attribute 0x" + Integer.toHexString(type) + " overruns the message");
            }
            checkFixedLength(type, valueLength);
            position = valueOffset + padded;
            if (type == StunAttributeType.FINGERPRINT) {
                afterFingerprint = true;
            } else if (afterIntegrity) {
                continue;
            }
            if (type == StunAttributeType.MESSAGE_INTEGRITY) {
                afterIntegrity = true;
            }
            if (count == MAX_ATTRIBUTES) {
                throw new StunParseException("more than " + MAX_ATTRIBUTES + " attributes");
            }
            types[count] = type;
            valueOffsets[count] = valueOffset;
            valueLengths[count] = valueLength;
            count++;
        }
        this.length = len;
        this.count = count;
        return this;
    }

    private static void checkFixedLength(int type, int valueLength) throws StunParseException {
        int expected = switch (type) {
            case StunAttributeType.MESSAGE_INTEGRITY -> MessageIntegrity.LENGTH;
            case StunAttributeType.FINGERPRINT -> 4;
            case StunAttributeType.PRIORITY -> 4;
            case StunAttributeType.USE_CANDIDATE -> 0;
            case StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING -> 8;
            default -> -1;
        };
        if (expected >= 0 && valueLength != expected) {
            throw new StunParseException("attribute 0x" + Integer.toHexString(type) + " has length " + valueLength + ", not " + expected);
        }
        if (type == StunAttributeType.USERNAME && valueLength > MAX_USERNAME_BYTES) {
            throw new StunParseException("USERNAME longer than " + MAX_USERNAME_BYTES + " bytes");
        }
    }

    public int type() {
        return readShort(buf, off);
    }

    public int method() {
        return StunMessageType.method(type());
    }

    public int messageClass() {
        return StunMessageType.messageClass(type());
    }

    /** The whole message's length in bytes, header included. */
    public int length() {
        return length;
    }

    byte[] buffer() {
        return buf;
    }

    int offset() {
        return off;
    }

    /** Copies the 96-bit transaction id into {@code dst} at {@code dstOff}. */
    public void copyTransactionId(byte[] dst, int dstOff) {
        System.arraycopy(buf, off + 8, dst, dstOff, TRANSACTION_ID_LENGTH);
    }

    public byte[] transactionId() {
        return Arrays.copyOfRange(buf, off + 8, off + 8 + TRANSACTION_ID_LENGTH);
    }

    /** How many attributes were indexed (those after MESSAGE-INTEGRITY but FINGERPRINT are not). */
    public int attributeCount() {
        return count;
    }

    public int attributeType(int index) {
        return types[index];
    }

    /** Index of the first attribute of {@code type}, or -1. */
    public int find(int type) {
        for (int i = 0; i < count; i++) {
            if (types[i] == type) {
                return i;
            }
        }
        return -1;
    }

    public boolean has(int type) {
        return find(type) >= 0;
    }

    /** Absolute offset in the buffer of attribute {@code index}'s value. */
    public int valueOffset(int index) {
        return valueOffsets[index];
    }

    public int valueLength(int index) {
        return valueLengths[index];
    }

    /** Absolute offset of attribute {@code index}'s header (type and length). */
    int attributeOffset(int index) {
        return valueOffsets[index] - 4;
    }

    /** The USERNAME as UTF-8 text, or null when absent or not valid UTF-8. */
    public String username() {
        int i = find(StunAttributeType.USERNAME);
        if (i < 0) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(buf, valueOffsets[i], valueLengths[i]))
                    .toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /**
     * Whether USERNAME is {@code first ":" second} (RFC 8445 §7.2.2: the receiver's ufrag, then the sender's), or,
     * with {@code second} null, starts with {@code first ":"}; compared byte by byte with the strings' characters,
     * as ufrags are ASCII (ice-chars, RFC 8839 §5.4), without decoding the attribute.
     */
    public boolean usernameIs(String first, String second) {
        int i = find(StunAttributeType.USERNAME);
        if (i < 0) {
            return false;
        }
        int at = valueOffsets[i];
        int size = valueLengths[i];
        int colon = first.length();
        if (size <= colon || buf[at + colon] != ':' || !asciiEquals(at, first)) {
            return false;
        }
        return second == null || size == colon + 1 + second.length() && asciiEquals(at + colon + 1, second);
    }

    private boolean asciiEquals(int at, String text) {
        for (int k = 0; k < text.length(); k++) {
            char c = text.charAt(k);
            if (c > 0x7F || buf[at + k] != (byte) c) {
                return false;
            }
        }
        return true;
    }

    /** The PRIORITY (RFC 8445 §16.1) as an unsigned value, or -1 when absent. */
    public long priority() {
        int i = find(StunAttributeType.PRIORITY);
        return i < 0 ? -1 : readInt(buf, valueOffsets[i]) & 0xFFFFFFFFL;
    }

    /** The 64-bit tie-breaker of ICE-CONTROLLING or ICE-CONTROLLED ({@code type}); absent is 0 with {@link #has}. */
    public long tieBreaker(int type) {
        int i = find(type);
        return i < 0 ? 0 : ((long) readInt(buf, valueOffsets[i]) << 32) | (readInt(buf, valueOffsets[i] + 4) & 0xFFFFFFFFL);
    }

    /** Whether there is any comprehension-required attribute this agent does not understand (RFC 8489 §6.3.1). */
    public boolean hasUnknownComprehensionRequired() {
        for (int i = 0; i < count; i++) {
            if (!StunAttributeType.isUnderstood(types[i])) {
                return true;
            }
        }
        return false;
    }

    /** Comprehension-required attribute types this agent does not understand (RFC 8489 §6.3.1), or an empty array. */
    public int[] unknownComprehensionRequired() {
        int[] unknown = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (!StunAttributeType.isUnderstood(types[i])) {
                unknown[n++] = types[i];
            }
        }
        return Arrays.copyOf(unknown, n);
    }

    /** Whether FINGERPRINT is present and matches (RFC 8489 §14.7). */
    public boolean hasValidFingerprint() {
        int i = find(StunAttributeType.FINGERPRINT);
        return i >= 0 && Fingerprint.compute(buf, off, attributeOffset(i) - off) == readInt(buf, valueOffsets[i]);
    }

    static int readShort(byte[] b, int at) {
        return ((b[at] & 0xFF) << 8) | (b[at + 1] & 0xFF);
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }

    static void writeShort(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 8);
        b[at + 1] = (byte) value;
    }

    static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
