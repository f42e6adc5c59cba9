package dev.parley.server;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs a test's clients at the same time, one thread each, and fails the test if any of them failed. */
final class Parallel {

    /** One client's work; {@code index} tells the clients apart. */
    interface Task {
        void run(int index) throws Exception;
    }

    private Parallel() {
    }

    static void run(int clients, Task task) throws Exception {
        try (ExecutorService threads = Executors.newFixedThreadPool(clients)) {
            List<Future<?>> results = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int index = i;
                results.add(threads.submit(() -> {
                    task.run(index);
                    return null;
                }));
            }
            for (Future<?> result : results) {
                try {
                    result.get(120, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof Exception cause) {
                        throw cause;
                    }
                    throw new AssertionError(e.getCause());
                }
            }
        }
    }
}
