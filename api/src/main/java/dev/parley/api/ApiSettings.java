package dev.parley.api;

import com.typesafe.config.Config;
import dev.parley.api.push.PushService;
import dev.parley.api.session.PasswordHasher;
import dev.parley.api.turn.TurnSettings;

import java.time.Duration;
import java.util.List;

/** The REST API's knobs, read from the {@code parley} configuration (see reference.conf for each). */
public record ApiSettings(
        Duration sessionTtl,
        Duration guestSessionTtl,
        Duration sessionTouchInterval,
        Duration sessionCleanupInterval,
        Duration signatureMaxSkew,
        int signatureReplayCache,
        PasswordHasher.Cost passwordCost,
        int passwordMinLength,
        int passwordMaxLength,
        int hashingThreads,
        int hashingQueue,
        int authBurst,
        double authPerSecond,
        int signalBurst,
        double signalsPerSecond,
        int pushBurst,
        double pushPerSecond,
        int maxTrackedClients,
        int defaultPageSize,
        int maxPageSize,
        int maxBodySize,
        List<String> corsAllowedOrigins,
        boolean trustForwardedFor,
        Duration requestTimeout,
        boolean metricsEnabled,
        String metricsToken,
        PushService.Limits push,
        TurnSettings turn) {

    public static ApiSettings from(Config c) {
        return new ApiSettings(
                c.getDuration("sessions.ttl"),
                c.getDuration("sessions.guest-ttl"),
                c.getDuration("sessions.touch-interval"),
                c.getDuration("sessions.cleanup-interval"),
                c.getDuration("sessions.signature-max-skew"),
                c.getInt("sessions.signature-replay-cache"),
                new PasswordHasher.Cost(c.getInt("passwords.argon2-memory-kib"), c.getInt("passwords.argon2-iterations"),
                        c.getInt("passwords.argon2-parallelism")),
                c.getInt("passwords.min-length"),
                c.getInt("passwords.max-length"),
                c.getInt("passwords.hashing-threads"),
                c.getInt("passwords.hashing-queue"),
                c.getInt("rate-limit.auth-burst"),
                c.getDouble("rate-limit.auth-per-second"),
                c.getInt("rate-limit.signal-burst"),
                c.getDouble("rate-limit.signals-per-second"),
                c.getInt("rate-limit.push-burst"),
                c.getDouble("rate-limit.push-per-second"),
                c.getInt("rate-limit.max-tracked-clients"),
                c.getInt("users.default-page-size"),
                c.getInt("users.max-page-size"),
                Math.toIntExact(c.getBytes("http.max-body-size")),
                c.getStringList("http.cors-allowed-origins"),
                c.getBoolean("http.trust-forwarded-for"),
                c.getDuration("http.request-timeout"),
                c.getBoolean("metrics.enabled"),
                c.getString("metrics.token"),
                new PushService.Limits(c.getInt("push.max-subscriptions-per-user"), c.getInt("push.max-recipients"),
                        c.getLong("push.max-queued-per-application"), c.getBoolean("push.allow-private-endpoints")),
                TurnSettings.from(c));
    }
}
