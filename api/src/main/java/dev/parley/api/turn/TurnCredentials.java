package dev.parley.api.turn;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Time-limited TURN credentials in the convention of the "TURN REST API" draft
 * (draft-uberti-behave-turn-rest-00 §2.2), which coturn implements with {@code use-auth-secret}: the username is
 * {@code <expiry unix seconds>:<user id>} and the password the base64 HMAC-SHA1 of the username keyed with the
 * secret shared with coturn ({@code static-auth-secret}). coturn recomputes the password from the username and
 * refuses a username whose expiry has passed, so Parley keeps no state per credential.
 *
 * <p>Thread-safe: every call makes its own {@link Mac}.
 */
public final class TurnCredentials {

    private final TurnSettings settings;
    private final SecretKeySpec key;
    private final Clock clock;
    private final Counter issued;

    public TurnCredentials(TurnSettings settings, String secret, Clock clock, MeterRegistry registry) {
        if (secret.isBlank()) {
            throw new IllegalArgumentException("the TURN shared secret is empty");
        }
        this.settings = settings;
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA1");
        this.clock = clock;
        this.issued = Counter.builder("parley.turn.credentials").description("TURN credentials issued")
                .register(registry);
    }

    /** The configured servers, the relays with a fresh credential for {@code userId}. */
    public IceServers issue(long userId) {
        long ttl = settings.ttl().toSeconds();
        List<String> stun = settings.urls().stream().filter(url -> !TurnSettings.isRelay(url)).toList();
        List<String> turn = settings.urls().stream().filter(TurnSettings::isRelay).toList();
        List<IceServers.Server> servers = new ArrayList<>();
        if (!stun.isEmpty()) {
            servers.add(new IceServers.Server(stun, null, null));
        }
        if (!turn.isEmpty()) {
            String username = (clock.instant().getEpochSecond() + ttl) + ":" + userId;
            servers.add(new IceServers.Server(turn, username, password(username)));
            issued.increment();
        }
        return new IceServers(servers, ttl);
    }

    /** base64(HMAC-SHA1(secret, username)), the password coturn derives for {@code username}. */
    String password(String username) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(key);
            return Base64.getEncoder().encodeToString(mac.doFinal(username.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA1 is part of every JDK", e);
        }
    }
}
