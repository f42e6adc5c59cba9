package dev.parley.chat.transport;

import dev.parley.common.limit.TokenBucket;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.time.Duration;

/**
 * Charges a connection for the bytes it sends, before and after authentication: a token bucket of
 * {@code inbound-bytes-burst}, refilled at {@code inbound-bytes-per-second}. When a read leaves the bucket in
 * debt, the transport stops reading from that connection until the debt is paid, so parsing one connection's
 * input can never take more than its share of the event loop it shares with others. Nothing is dropped: the
 * socket's own buffers and TCP flow control hold the rest.
 *
 * <p>Confined to the connection's event loop.
 */
final class InboundThrottle {

    private final Vertx vertx;
    private final TokenBucket bucket;
    private final Runnable pause;
    private final Runnable resume;
    private long timer = -1;

    InboundThrottle(Vertx vertx, Clock clock, int burstBytes, int bytesPerSecond, Runnable pause, Runnable resume) {
        this.vertx = vertx;
        this.bucket = new TokenBucket(clock, burstBytes, bytesPerSecond);
        this.pause = pause;
        this.resume = resume;
    }

    /** Charges {@code bytes} just read; pauses reading until the bucket is out of debt. */
    void received(int bytes) {
        Duration wait = bucket.charge(bytes);
        if (!wait.isZero() && timer < 0) {
            pause.run();
            timer = vertx.setTimer(Math.max(1, wait.toMillis()), id -> {
                timer = -1;
                resume.run();
            });
        }
    }

    /** Whether reading is paused now. */
    boolean paused() {
        return timer >= 0;
    }

    void close() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
            timer = -1;
        }
    }
}
