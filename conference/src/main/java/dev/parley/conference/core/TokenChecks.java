package dev.parley.conference.core;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.auth.ConferenceAuth;
import dev.parley.conference.auth.ConferenceAuth.Unavailable;
import dev.parley.conference.auth.ConferenceAuth.Verification;
import dev.parley.conference.auth.ConferenceAuth.Verified;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * The core's token checks. Every Janus request carries its token (docs/protocol.md §4.1), and a client joining a room
 * sends dozens at once (a handle, {@code join}, {@code start} and candidates per feed); asking the database for each
 * made such a burst wait on the workers, past the requests a connection may have waiting. So a token found valid is
 * taken as valid again for {@code recheckInterval} (never past its session's expiry), and requests with a token being
 * checked wait for that one check. Rejections and failed checks are not remembered: the next request asks again. A
 * session ended over REST (logout, deletion) therefore still opens Janus requests for at most the interval.
 *
 * <p>Confined to the core's executor, where {@link #check} is called and its answers are delivered; the checks
 * themselves (blocking) run on {@code blocking}. At most {@value #MAX_REMEMBERED} tokens are remembered, the oldest
 * forgotten first.
 */
final class TokenChecks {

    private static final Logger LOG = LoggerFactory.getLogger(TokenChecks.class);
    static final int MAX_REMEMBERED = 4096;

    private record Remembered(Verified verified, long validUntilNanos) {
    }

    private final ConferenceAuth auth;
    private final Duration recheckInterval;
    private final Scheduler clock;
    private final Executor core;
    private final Executor blocking;
    private final Map<String, Remembered> remembered = new LinkedHashMap<>() {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Remembered> eldest) {
            return size() > MAX_REMEMBERED;
        }
    };
    private final Map<String, List<Consumer<Verification>>> checking = new HashMap<>();

    TokenChecks(ConferenceAuth auth, Duration recheckInterval, Scheduler clock, Executor core, Executor blocking) {
        this.auth = auth;
        this.recheckInterval = recheckInterval;
        this.clock = clock;
        this.core = core;
        this.blocking = blocking;
    }

    /** Gives {@code then} what the token is, on the core's executor; call on the core's executor. */
    void check(String token, Consumer<Verification> then) {
        Remembered known = remembered.get(token);
        if (known != null) {
            if (clock.nanoTime() - known.validUntilNanos() < 0) {
                then.accept(known.verified());
                return;
            }
            remembered.remove(token);
        }
        List<Consumer<Verification>> waiting = checking.get(token);
        if (waiting != null) {
            waiting.add(then);
            return;
        }
        waiting = new ArrayList<>();
        waiting.add(then);
        checking.put(token, waiting);
        try {
            blocking.execute(() -> {
                Verification verification;
                try {
                    verification = auth.verify(token);
                } catch (RuntimeException e) {
                    LOG.warn("Token check failed", e);
                    verification = new Unavailable(e.getMessage());
                }
                Verification result = verification;
                core.execute(() -> checked(token, result));
            });
        } catch (RejectedExecutionException e) {
            checked(token, new Unavailable("no worker free to check the token"));
        }
    }

    private void checked(String token, Verification result) {
        if (result instanceof Verified verified) {
            Duration valid = verified.validFor().compareTo(recheckInterval) < 0 ? verified.validFor() : recheckInterval;
            if (valid.isPositive()) {
                remembered.put(token, new Remembered(verified, clock.nanoTime() + valid.toNanos()));
            }
        }
        for (Consumer<Verification> waiter : checking.remove(token)) {
            waiter.accept(result);
        }
    }
}
