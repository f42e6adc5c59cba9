package dev.parley.server;

import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;

/**
 * Binds one port on several event loops: Vert.x shares a port between servers of one {@link Vertx} that
 * listen on the same host and port from different event-loop contexts, and hands each new connection to one
 * of them in turn; a connection then stays on that loop for good. For "any free port" (0) a free port is
 * found first, since Vert.x would give each server a port of its own.
 */
final class Listeners {

    private static final long START_TIMEOUT_SECONDS = 30;

    private Listeners() {
    }

    /**
     * Runs {@code listen} (create a server, listen on the given port, complete with the port it got) on
     * {@code instances} event loops, all on one port; returns that port.
     *
     * @param what names the port in an error message ("HTTPS")
     */
    static int bind(Vertx vertx, String host, int port, int instances, String what, IntFunction<Future<Integer>> listen) {
        int asked = port == 0 ? freePort(host) : port;
        AtomicInteger actual = new AtomicInteger();
        try {
            vertx.deployVerticle(() -> new VerticleBase() {
                @Override
                public Future<?> start() {
                    return listen.apply(asked).onSuccess(actual::set);
                }
            }, new DeploymentOptions().setInstances(instances)).toCompletionStage().toCompletableFuture()
                    .get(START_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            return actual.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot listen for " + what + " on " + host + ":" + port + ": "
                    + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while starting " + what, e);
        } catch (TimeoutException e) {
            throw new IllegalStateException(what + " on port " + port + " did not start within "
                    + START_TIMEOUT_SECONDS + " s", e);
        }
    }

    private static int freePort(String host) {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(host))) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException("cannot find a free port on " + host + ": " + e.getMessage(), e);
        }
    }
}
