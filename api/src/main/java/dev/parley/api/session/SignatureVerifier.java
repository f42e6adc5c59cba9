package dev.parley.api.session;

import dev.parley.api.http.ApiException;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.PriorityQueue;
import java.util.Set;

/**
 * Checks QuickBlox-style signed session requests (docs/protocol.md section 2.1): the hex HMAC, keyed by the
 * application's {@code auth_secret}, over the {@code key=value} pairs sorted and joined with {@code &}.
 * HMAC-SHA1 (40 hex digits) and HMAC-SHA256 (64) are both accepted.
 * <p>
 * A timestamp is acceptable while the server's clock, in whole seconds, is at most the allowed skew away
 * from it: from {@code (timestamp - skew) s} up to but not including {@code (timestamp + skew + 1) s}. A
 * signature seen before is refused (replay); it is remembered until its own timestamp leaves that window,
 * whenever it was first accepted, so no replay can fit between forgetting it and the timestamp expiring.
 * Thread-safe: the replay cache is guarded by its own lock.
 */
public final class SignatureVerifier {

    private final Clock clock;
    private final Duration maxSkew;
    private final int replayCapacity;
    /** Remembered signatures; each leaves {@link #byExpiry} and this set together. */
    private final Set<String> seen = new HashSet<>();
    /** The same signatures, the one whose timestamp leaves the window first (then the oldest) at the head. */
    private final PriorityQueue<Remembered> byExpiry = new PriorityQueue<>(
            Comparator.comparingLong(Remembered::expiresAtMillis).thenComparingLong(Remembered::order));
    private long accepted;

    /**
     * A signature, the first instant (epoch millis) at which its timestamp can no longer be accepted, and
     * its place in the order of acceptance.
     */
    private record Remembered(String key, long expiresAtMillis, long order) {
    }

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
        long skewSeconds = maxSkew.toSeconds();
        long nowSeconds = Math.floorDiv(clock.millis(), 1000);
        if (seconds < nowSeconds - skewSeconds || seconds > nowSeconds + skewSeconds) {
            throw ApiException.invalid("timestamp", "is more than " + skewSeconds + " s away from the server clock ("
                    + nowSeconds + ")");
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
        rememberOrRefuse(applicationId + ":" + given, (seconds + skewSeconds + 1) * 1000);
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

    /** @param expiresAtMillis the first instant at which the signed timestamp is outside the window */
    private synchronized void rememberOrRefuse(String key, long expiresAtMillis) {
        long now = clock.millis();
        while (!byExpiry.isEmpty() && byExpiry.peek().expiresAtMillis() <= now) {
            seen.remove(byExpiry.poll().key());
        }
        if (seen.contains(key)) {
            throw ApiException.base(401, "This signature has already been used; sign each request with a new nonce");
        }
        seen.add(key);
        byExpiry.add(new Remembered(key, expiresAtMillis, accepted++));
        // Over the bound, forget the signature that would have been forgotten first anyway.
        if (byExpiry.size() > replayCapacity) {
            seen.remove(byExpiry.poll().key());
        }
    }
}
