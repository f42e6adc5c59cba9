package dev.parley.chat.xml;

import java.nio.charset.StandardCharsets;

/**
 * Spots {@code <!DOCTYPE} in the bytes of a document's prolog, wherever input is split.
 *
 * <p>Needed because Aalto's non-blocking scanner fails with a generic syntax error on a DOCTYPE with
 * an internal subset (the form every entity-expansion attack takes) instead of reporting a DTD event;
 * with this the failure is reported as restricted-xml, as
 * <a href="https://www.rfc-editor.org/rfc/rfc6120#section-11.1">RFC 6120 §11.1</a> wants.
 *
 * <p>Thread-safety: not thread-safe; owned by one document.
 */
final class DoctypeDetector {

    private static final byte[] DOCTYPE = "<!DOCTYPE".getBytes(StandardCharsets.US_ASCII);

    private int matched;
    private boolean seen;

    void scan(byte[] bytes, int offset, int length) {
        for (int i = offset; i < offset + length && !seen; i++) {
            byte b = bytes[i];
            if (b == DOCTYPE[matched]) {
                matched++;
            } else {
                // '<' occurs only at the start of the pattern, so a mismatch can restart only there.
                matched = b == '<' ? 1 : 0;
            }
            seen = matched == DOCTYPE.length;
        }
    }

    boolean seen() {
        return seen;
    }
}
