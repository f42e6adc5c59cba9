package dev.parley.chat.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;

/**
 * The SASL PLAIN message (RFC 4616 §2): {@code [authzid] NUL authcid NUL passwd}, base64-encoded in the
 * XMPP {@code <auth>} element (RFC 6120 §6.4.2).
 */
public record SaslPlain(String authzid, String authcid, String password) {

    /** Largest decoded message accepted (RFC 4616 allows 255 bytes per field). */
    private static final int MAX_BYTES = 3 * 1024;

    /** Empty when the text is not base64, too long, or not three NUL-separated fields. */
    public static Optional<SaslPlain> decode(String base64) {
        if (base64 == null || base64.length() > MAX_BYTES * 4 / 3 + 4) {
            return Optional.empty();
        }
        byte[] bytes;
        try {
            bytes = Base64.getMimeDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String text = new String(bytes, StandardCharsets.UTF_8);
        String[] parts = text.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty() || parts[2].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new SaslPlain(parts[0], parts[1], parts[2]));
    }

    /** The user an authcid names; the application is absent when only the user id was given. */
    public record Subject(long userId, Optional<Long> applicationId) {
    }

    /**
     * The user named by the authcid: {@code {userId}-{applicationId}}, or leniently {@code {userId}};
     * also accepted as a bare JID whose node has that shape.
     */
    public Optional<Subject> subject() {
        String id = authcid.contains("@") ? authcid.substring(0, authcid.indexOf('@')) : authcid;
        String[] parts = id.split("-");
        try {
            if (parts.length == 1) {
                return Optional.of(new Subject(Long.parseLong(parts[0]), Optional.empty()));
            }
            if (parts.length == 2) {
                return Optional.of(new Subject(Long.parseLong(parts[0]), Optional.of(Long.parseLong(parts[1]))));
            }
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }
}
