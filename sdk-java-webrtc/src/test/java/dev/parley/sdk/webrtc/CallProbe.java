package dev.parley.sdk.webrtc;

import java.lang.management.ManagementFactory;
import java.time.Duration;

import dev.parley.sdk.media.PeerStats;

/**
 * A 1:1 call (320x240 at 15 fps and audio, both ways) between two engines in this JVM for a number
 * of seconds (default 20), then a report of the process CPU time it took. Run it inside the test
 * netns; see the module's README for the command.
 *
 * <p>{@code main} returns without {@code System.exit}: if a native thread outlived the engines,
 * the JVM would not end, which {@link JvmExitTest} checks.
 */
public final class CallProbe {

    private CallProbe() {
    }

    public static void main(String[] args) throws Exception {
        long seconds = args.length > 0 ? Long.parseLong(args[0]) : 20;
        try (TestCall call = TestCall.start()) {
            Waits.until("media both ways", Waits.MEDIA, () -> new PeerStats[] {call.alice.stats(), call.bob.stats()},
                    s -> s[0].framesDecoded() > 15 && s[1].framesDecoded() > 15);
            long cpuBefore = processCpuNanos();
            long wallBefore = System.nanoTime();
            PeerStats aliceBefore = call.alice.stats();
            PeerStats bobBefore = call.bob.stats();
            Waits.sleep(Duration.ofSeconds(seconds).toMillis());
            long cpu = processCpuNanos() - cpuBefore;
            long wall = System.nanoTime() - wallBefore;
            PeerStats alice = call.alice.stats();
            PeerStats bob = call.bob.stats();
            System.out.printf("call: %.1f s, process CPU %.2f s = %.1f%% of one core (%d cores here)%n",
                    wall / 1e9, cpu / 1e9, 100.0 * cpu / wall, Runtime.getRuntime().availableProcessors());
            System.out.printf("frames decoded: Alice %d, Bob %d; video kbit/s sent: Alice %.0f, Bob %.0f%n",
                    alice.framesDecoded() - aliceBefore.framesDecoded(), bob.framesDecoded() - bobBefore.framesDecoded(),
                    (alice.videoBytesSent() - aliceBefore.videoBytesSent()) * 8e6 / wall,
                    (bob.videoBytesSent() - bobBefore.videoBytesSent()) * 8e6 / wall);
        }
        System.out.println("closed");
    }

    /** CPU time of every thread of the process, native ones included. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }
}
