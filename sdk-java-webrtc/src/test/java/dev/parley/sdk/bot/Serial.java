package dev.parley.sdk.bot;

import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

/** Hands work from native and HTTP threads to a participant's serial executor, which may have shut down. */
final class Serial {

    private Serial() {
    }

    /** Runs {@code task} on {@code serial}; dropped once the participant has closed its executor. */
    static void run(Executor serial, Runnable task) {
        try {
            serial.execute(task);
        } catch (RejectedExecutionException e) {
            // closed: nothing to do for a participant that left
        }
    }
}
