package dev.parley.sdk.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.parley.sdk.ParleySettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The real Parley server of a test class ({@code @RegisterExtension static final RealServer server =
 * RealServer.forMedia()}): started before the class's tests, stopped after them; for media tests only inside
 * scripts/netns-run (they skip outside it); and fresh logins for the users the tests make.
 */
final class RealServer implements BeforeAllCallback, AfterAllCallback {

    private final boolean media;
    private final Map<String, String> environment;
    private final AtomicInteger logins = new AtomicInteger();
    private ParleyServerProcess process;

    private RealServer(boolean media, Map<String, String> environment) {
        this.media = media;
        this.environment = Map.copyOf(environment);
    }

    /** For tests that carry media: they run inside scripts/netns-run. */
    static RealServer forMedia() {
        return new RealServer(true, Map.of());
    }

    /** For tests without media (REST, chat): they run anywhere. */
    static RealServer anywhere() {
        return anywhere(Map.of());
    }

    /** The same with {@code environment} ({@code PARLEY_*} settings) for the server. */
    static RealServer anywhere(Map<String, String> environment) {
        return new RealServer(false, environment);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        if (media) assumeTrue(System.getenv("PARLEY_NETNS") != null, "media tests run inside scripts/netns-run");
        process = ParleyServerProcess.start(environment);
    }

    /** Where the server is and which application its default one is. */
    ParleySettings settings() {
        return ParleySettings.builder().application(process.appId, process.authKey).apiUrl(process.base()).build();
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
