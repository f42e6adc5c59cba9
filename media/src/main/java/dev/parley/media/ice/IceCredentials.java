package dev.parley.media.ice;

import dev.parley.common.security.SecureTokens;

/**
 * A transport's ICE username fragment and password (RFC 8445 §5.3), as written in SDP's
 * {@code a=ice-ufrag} and {@code a=ice-pwd}.
 *
 * @param ufrag 4 to 256 ice-chars (RFC 8839 §5.4)
 * @param pwd   22 to 256 ice-chars
 */
public record IceCredentials(String ufrag, String pwd) {

    /** Letters and digits only: ice-chars, and safe in every SDP and JSON a client builds around them. */
    private static final int UFRAG_LENGTH = 8;
    private static final int PWD_LENGTH = 24;

    public IceCredentials {
        requireIceChars("ufrag", ufrag, 4);
        requireIceChars("pwd", pwd, 22);
    }

    /**
     * Fresh random credentials: 8 alphanumeric characters of ufrag (about 48 random bits, RFC 8445 §5.3
     * asks for at least 24) and 24 of password (about 143 bits; at least 128 asked).
     */
    public static IceCredentials random() {
        return new IceCredentials(SecureTokens.alphanumeric(UFRAG_LENGTH), SecureTokens.alphanumeric(PWD_LENGTH));
    }

    /**
     * Checks a ufrag, e.g. the peer's from its SDP.
     *
     * @throws IllegalArgumentException when it is not 4 to 256 ice-chars
     */
    public static String requireValidUfrag(String ufrag) {
        requireIceChars("ufrag", ufrag, 4);
        return ufrag;
    }

    /** ice-char = ALPHA / DIGIT / "+" / "/" (RFC 8839 §5.4). */
    static void requireIceChars(String what, String value, int minLength) {
        if (value == null || value.length() < minLength || value.length() > 256) {
            throw new IllegalArgumentException("ICE " + what + " must have " + minLength + " to 256 characters");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean iceChar = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '+' || c == '/';
            if (!iceChar) {
                throw new IllegalArgumentException("ICE " + what + " has a character outside ALPHA / DIGIT / \"+\" / \"/\"");
            }
        }
    }

    @Override
    public String toString() {
        return "IceCredentials[ufrag=" + ufrag + ", pwd=(hidden)]";
    }
}
