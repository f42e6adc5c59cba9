package dev.parley.conference.testing;

import dev.parley.conference.auth.ConferenceAuth;
import dev.parley.conference.auth.ConferenceUser;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** Token checks from a table: tokens added with {@link #user}, everything else rejected. Thread-safe. */
public final class FakeAuth implements ConferenceAuth {

    private final Map<String, Verification> tokens = new ConcurrentHashMap<>();
    private final AtomicInteger checks = new AtomicInteger();
    private volatile boolean down;
    private volatile CountDownLatch gate;

    /** Registers a token of a user, its session good for a day, and returns the token. */
    public String user(String token, long applicationId, long userId, String email) {
        return user(token, applicationId, userId, email, Duration.ofDays(1));
    }

    /** Registers a token of a user whose session has {@code validFor} left, and returns the token. */
    public String user(String token, long applicationId, long userId, String email, Duration validFor) {
        tokens.put(token, new Verified(new ConferenceUser(applicationId, userId, email), validFor));
        return token;
    }

    /** The token stops being valid, as when its session expires. */
    public void expire(String token) {
        tokens.put(token, new Rejected("session expired"));
    }

    /** While down, every check is {@link Unavailable}, as with the database gone. */
    public void down(boolean isDown) {
        down = isDown;
    }

    /** Until {@link #release}, checks wait (as on a slow database). */
    public void hold() {
        gate = new CountDownLatch(1);
    }

    public void release() {
        gate.countDown();
    }

    /** How many times a token was checked. */
    public int checks() {
        return checks.get();
    }

    @Override
    public Verification verify(String token) {
        checks.incrementAndGet();
        CountDownLatch waiting = gate;
        if (waiting != null) {
            try {
                waiting.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (down) {
            return new Unavailable("database down");
        }
        return tokens.getOrDefault(token, new Rejected("unknown token"));
    }
}
