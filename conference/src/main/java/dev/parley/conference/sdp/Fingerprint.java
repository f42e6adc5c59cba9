package dev.parley.conference.sdp;

import java.util.Locale;

/**
 * {@code a=fingerprint:<hash function> <fingerprint>} (RFC 8122 §5): the hash of the DTLS certificate, uppercase hex
 * bytes separated by colons.
 */
public record Fingerprint(String hashFunction, String value) {

    public static Fingerprint parse(String text) throws SdpException {
        int space = text.indexOf(' ');
        if (space <= 0) {
            throw new SdpException("a=fingerprint needs a hash function and a value: " + text);
        }
        String value = text.substring(space + 1).trim().toUpperCase(Locale.ROOT);
        if (!value.matches("[0-9A-F]{2}(:[0-9A-F]{2})+")) {
            throw new SdpException("a=fingerprint value must be colon-separated hex bytes: " + text);
        }
        return new Fingerprint(text.substring(0, space).toLowerCase(Locale.ROOT), value);
    }

    public String format() {
        return hashFunction + " " + value;
    }
}
