package dev.parley.api.session;

import dev.parley.api.http.ApiException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;

/**
 * Checks QuickBlox-style signed session requests (docs/protocol.md section 2.1): the hex HMAC, keyed by the
 * application's {@code auth_secret}, over the {@code key=value} pairs sorted and joined with {@code &}.
 * HMAC-SHA1 (40 hex digits) and HMAC-SHA256 (64) are both accepted. A timestamp further than the allowed
 * skew from the server clock is refused, and so is a signature seen before within that window (replay).
 * Thread-safe: the replay cache is guarded by its own lock.
 */
public final class SignatureVerifier {

    private final Clock clock;
    private final Duration maxSkew;
    private final int replayCapacity;
    /** signature → expiry millis, oldest first. */
    private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

    public SignatureVerifier(Clock clock, Duration maxSkew, int replayCapacity) {
        this.clock = clock;
        this.maxSkew = maxSkew;
        this.replayCapacity = replayCapacity;
    }

    /**
     * @param pairs     the request's {@code key=value} pairs, {@code signature} excluded
     * @param timestamp the request's {@code timestamp} parameter (Unix seconds)
     */
    public void verify(long applicationId, String secret, List<String> pairs, String timestamp, String signature) {
        long seconds;
        try {
            seconds = Long.parseLong(timestamp.trim());
        } catch (NumberFormatException | NullPointerException e) {
            throw ApiException.invalid("timestamp", "must be Unix time in seconds");
        }
        long skew = Math.abs(clock.millis() / 1000 - seconds);
        if (skew > maxSkew.toSeconds()) {
            throw ApiException.invalid("timestamp", "is " + skew + " s away from the server clock (at most "
                    + maxSkew.toSeconds() + " s allowed)");
        }
        String given = signature.trim().toLowerCase(Locale.ROOT);
        String algorithm = switch (given.length()) {
            case 40 -> "HmacSHA1";
            case 64 -> "HmacSHA256";
            default -> throw ApiException.base(401, "Unexpected signature");
        };
        String expected = hmacHex(algorithm, secret, canonical(pairs));
        if (!MessageDigest.isEqual(expected.getBytes(StandardCharsets.US_ASCII), given.getBytes(StandardCharsets.US_ASCII))) {
            throw ApiException.base(401, "Unexpected signature");
        }
        rememberOrRefuse(applicationId + ":" + given);
    }

    /** The signed text: pairs sorted as strings and joined with {@code &}, as the QuickBlox SDK builds it. */
    public static String canonical(List<String> pairs) {
        return String.join("&", pairs.stream().sorted().toList());
    }

    public static String hmacHex(String algorithm, String secret, String text) {
        try {
            Mac mac = Mac.getInstance(algorithm);
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), algorithm));
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }

    private synchronized void rememberOrRefuse(String key) {
        long now = clock.millis();
        // Entries are added with a constant lifetime, so they expire in insertion order.
        var oldestFirst = seen.values().iterator();
        while (oldestFirst.hasNext() && oldestFirst.next() < now) {
            oldestFirst.remove();
        }
        if (seen.containsKey(key)) {
            throw ApiException.base(401, "This signature has already been used; sign each request with a new nonce");
        }
        // A signature stays replayable while its timestamp is within the skew on either side.
        seen.put(key, now + 2 * maxSkew.toMillis());
        if (seen.size() > replayCapacity) {
            seen.pollFirstEntry();
        }
    }
}
