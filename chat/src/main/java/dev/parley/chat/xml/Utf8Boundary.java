package dev.parley.chat.xml;

/**
 * Finds where a byte range can be cut without splitting a UTF-8 character.
 *
 * <p>Aalto 1.4.0's non-blocking scanner silently drops a four-byte character (an emoji, say) from an
 * attribute value when one buffer ends inside it, so the stream parser never feeds it a partial
 * character: the trailing bytes are held back and fed with the next input.
 *
 * <p>Thread-safety: stateless.
 */
final class Utf8Boundary {

    private Utf8Boundary() {
    }

    /**
     * The end of the longest prefix of {@code bytes[from, to)} that does not stop inside a multi-byte
     * sequence. Malformed sequences are not held back: the parser reports them.
     */
    static int completeEnd(byte[] bytes, int from, int to) {
        for (int i = to - 1; i >= Math.max(from, to - 3); i--) {
            int b = bytes[i] & 0xFF;
            if (b < 0x80) {
                return to;
            }
            if (b >= 0xC0) {
                return i + sequenceLength(b) > to ? i : to;
            }
        }
        return to;
    }

    private static int sequenceLength(int leadByte) {
        if (leadByte >= 0xF8) {
            return 1;
        }
        return leadByte >= 0xF0 ? 4 : leadByte >= 0xE0 ? 3 : 2;
    }
}
