package dev.parley.chat.xml;

/**
 * Checks that input is well-formed UTF-8 (<a href="https://www.rfc-editor.org/rfc/rfc3629#section-4">RFC 3629
 * §4</a>), wherever it is split, before Aalto decodes it.
 *
 * <p>Why: Aalto 1.4.0 decodes overlong sequences instead of refusing them, and XML never sees what they hide:
 * {@code C0 8F} becomes U+000F and {@code E0 80 81} U+0001, control characters XML forbids (which Aalto refuses
 * when they come as single bytes), and {@code C1 81} becomes "A". RFC 3629 §3 requires a decoder to refuse them,
 * as it must refuse encoded surrogates and code points above U+10FFFF; XML 1.0 §4.3.3 makes input that is not in
 * its encoding a fatal error, which XMPP reports as not-well-formed (RFC 6120 §4.9.3.13, §11.6).
 *
 * <p>Linear and allocation-free. Thread-safety: not thread-safe; owned by one document.
 */
final class Utf8Validator {

    private static final int TAIL_LOWEST = 0x80;
    private static final int TAIL_HIGHEST = 0xBF;

    /** Continuation bytes the current character still needs. */
    private int needed;
    /** The range of the next continuation byte: narrower after E0, ED, F0 and F4 (RFC 3629 §4's UTF8-3, UTF8-4). */
    private int lowest = TAIL_LOWEST;
    private int highest = TAIL_HIGHEST;

    /**
     * Checks {@code bytes[offset, offset + length)}, the input that follows what was checked before.
     *
     * @throws XmlException not-well-formed at the first byte that cannot be there
     */
    void check(byte[] bytes, int offset, int length) throws XmlException {
        for (int i = offset; i < offset + length; i++) {
            int b = bytes[i] & 0xFF;
            if (needed > 0) {
                if (b < lowest || b > highest) {
                    throw invalid(b);
                }
                lowest = TAIL_LOWEST;
                highest = TAIL_HIGHEST;
                needed--;
            } else if (b >= 0x80) {
                lead(b);
            }
        }
    }

    /** Whether the input checked so far ends between characters. */
    boolean atCharacterBoundary() {
        return needed == 0;
    }

    private void lead(int b) throws XmlException {
        if (b >= 0xC2 && b <= 0xDF) {
            needed = 1;
        } else if (b >= 0xE0 && b <= 0xEF) {
            needed = 2;
            lowest = b == 0xE0 ? 0xA0 : TAIL_LOWEST;
            highest = b == 0xED ? 0x9F : TAIL_HIGHEST;
        } else if (b >= 0xF0 && b <= 0xF4) {
            needed = 3;
            lowest = b == 0xF0 ? 0x90 : TAIL_LOWEST;
            highest = b == 0xF4 ? 0x8F : TAIL_HIGHEST;
        } else {
            throw invalid(b);
        }
    }

    private static XmlException invalid(int b) {
        return new XmlException(StreamError.NOT_WELL_FORMED,
                String.format("invalid UTF-8: byte 0x%02X cannot be there (RFC 3629 §4)", b));
    }
}
