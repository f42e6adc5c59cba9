package dev.parley.sdk.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import dev.parley.sdk.ParleySettings;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/**
 * The real Parley server of a test class ({@code @RegisterExtension static final RealServer server =
 * RealServer.forMedia()}): started before the class's tests, stopped after them; and fresh logins for the users the
 * tests make. It is the built server ({@code ./parley run}), so these tests run after the build, inside
 * scripts/netns-run (scripts/test-java-media.sh runs the JUnit tags {@code media} and {@code server}), and skip in
 * the module's own Maven run: the reactor builds this module beside the server's, not after it.
 */
final class RealServer implements BeforeAllCallback, AfterAllCallback, TestWatcher {

    /** The server's lines shown with a failed test: warnings, errors and what media transports did. */
    private static final Pattern WORTH_SHOWING = Pattern.compile(" (WARN|ERROR) |MediaTransport|Exception");

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

    /** For tests without media (REST, chat); their class is tagged {@code server}. */
    static RealServer withoutMedia() {
        return withoutMedia(Map.of());
    }

    /** The same with {@code environment} ({@code PARLEY_*} settings) for the server. */
    static RealServer withoutMedia(Map<String, String> environment) {
        return new RealServer(false, environment);
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        assumeTrue(System.getenv("PARLEY_NETNS") != null, (media ? "media tests" : "tests with the built server")
                + " run inside scripts/netns-run, after the build: scripts/test-java-media.sh");
        process = ParleyServerProcess.start(environment);
    }

    /** A failed test's output ends with what the server said meanwhile. */
    @Override
    public void testFailed(ExtensionContext context, Throwable cause) {
        if (process == null) return;
        System.out.println(context.getRequiredTestClass().getSimpleName() + " " + context.getDisplayName() + " failed; the server's log (" + process.port
                + ": warnings, errors and media transports, the last 150 lines):");
        process.logTail(150, line -> WORTH_SHOWING.matcher(line).find()).forEach(line -> System.out.println("  | " + line));
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
