package dev.parley.sdk.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Parley server of a media test class ({@code @RegisterExtension static final MediaServer server}): started
 * before the class's tests, inside scripts/netns-run only (the tests skip outside it), stopped after them; and
 * fresh logins for the users the tests make.
 */
final class MediaServer implements BeforeAllCallback, AfterAllCallback {

    private final AtomicInteger logins = new AtomicInteger();
    private ParleyServerProcess process;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(System.getenv("PARLEY_NETNS") != null, "media tests run inside scripts/netns-run");
        process = ParleyServerProcess.start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (process != null) process.close();
    }

    ParleyServerProcess process() {
        return process;
    }

    /** A login no other test of this JVM has used: {@code prefix}, a counter, the pid. */
    String login(String prefix) {
        return prefix + logins.incrementAndGet() + "x" + ProcessHandle.current().pid();
    }

    /** The last counter {@link #login} used (rooms named after it are this test's own). */
    int lastLogin() {
        return logins.get();
    }
}
