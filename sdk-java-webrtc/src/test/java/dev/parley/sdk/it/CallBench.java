package dev.parley.sdk.it;

import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCSession;
import dev.parley.sdk.call.RTCTrackCallbacks;
import dev.parley.sdk.media.MediaTrack;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The Java SDK's call benchmark (bench/java-call.sh runs it inside the test namespace): call set-up
 * time, from {@code startCall()} to the first decoded remote frame on each side, over N calls; then
 * the CPU of one call at 320x240/15 fps held for S seconds (this JVM runs both ends; the server is
 * another process).
 */
public final class CallBench {

    private CallBench() {
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int cpuSeconds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        try (ParleyServerProcess server = ParleyServerProcess.start();
             JavaUser alice = JavaUser.create(server, "bench-alice", c -> { });
             JavaUser bob = JavaUser.create(server, "bench-bob", c -> { })) {
            bob.rtc.addSessionCallbacksListener(new dev.parley.sdk.call.RTCClientSessionCallbacks() {
                @Override
                public void onReceiveNewSession(RTCSession session) {
                    session.acceptCall(Map.of());
                }
            });
            List<Double> callerMs = new ArrayList<>();
            List<Double> calleeMs = new ArrayList<>();
            for (int i = 0; i <= calls; i++) {
                double[] times = oneCall(alice, bob);
                if (i == 0) {
                    System.out.printf(Locale.ROOT, "warm-up call: caller %.0f ms, callee %.0f ms%n", times[0], times[1]);
                    continue;
                }
                callerMs.add(times[0]);
                calleeMs.add(times[1]);
                System.out.printf(Locale.ROOT, "call %d: caller %.0f ms, callee %.0f ms%n", i, times[0], times[1]);
            }
            System.out.printf(Locale.ROOT, "set-up over %d calls: caller median %.0f ms p90 %.0f ms; callee median %.0f ms p90 %.0f ms%n",
                    calls, percentile(callerMs, 50), percentile(callerMs, 90), percentile(calleeMs, 50), percentile(calleeMs, 90));
            cpu(alice, bob, cpuSeconds);
        }
    }

    /** One call; returns {caller, callee} ms from startCall() to their first remote frame. */
    private static double[] oneCall(JavaUser alice, JavaUser bob) throws Exception {
        CompletableFuture<Long> callerFrame = new CompletableFuture<>();
        CompletableFuture<Long> calleeFrame = new CompletableFuture<>();
        RTCTrackCallbacks firstFrame = new RTCTrackCallbacks() {
            @Override
            public void onRemoteVideoTrackReceive(RTCSession session, MediaTrack track, long userId) {
                CompletableFuture<Long> target = session.isOutgoing() ? callerFrame : calleeFrame;
                track.addSink(frame -> target.complete(System.nanoTime()));
            }
        };
        dev.parley.sdk.call.RTCClientSessionCallbacks watchIncoming = new dev.parley.sdk.call.RTCClientSessionCallbacks() {
            @Override
            public void onReceiveNewSession(RTCSession session) {
                session.addTrackCallbacksListener(firstFrame);
            }
        };
        bob.rtc.addSessionCallbacksListener(watchIncoming);
        RTCSession session = alice.rtc.createNewSessionWithOpponents(List.of(bob.id()), ConferenceType.VIDEO);
        session.addTrackCallbacksListener(firstFrame);
        long start = System.nanoTime();
        session.startCall(Map.of());
        long caller = callerFrame.get(20, TimeUnit.SECONDS);
        long callee = calleeFrame.get(20, TimeUnit.SECONDS);
        session.hangUp(Map.of()).get(5, TimeUnit.SECONDS);
        bob.rtc.removeSessionCallbacksListener(watchIncoming);
        bob.waitFor(() -> Optional.of(bob.rtc.getSessions()).filter(List::isEmpty), "the callee's session closed");
        return new double[]{(caller - start) / 1e6, (callee - start) / 1e6};
    }

    /** CPU of this JVM (both ends of one call) while the call runs. */
    private static void cpu(JavaUser alice, JavaUser bob, int seconds) throws Exception {
        RTCSession session = alice.call(Map.of(), ConferenceType.VIDEO, bob);
        alice.waitFor(() -> Optional.of(session).filter(s -> s.getPeerState(bob.id()) == dev.parley.sdk.call.RTCConnectionState.CONNECTED),
                "CONNECTED");
        Thread.sleep(3_000); // past the encoder's ramp-up
        Duration cpuBefore = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        long wallBefore = System.nanoTime();
        Thread.sleep(seconds * 1000L);
        Duration cpuAfter = ProcessHandle.current().info().totalCpuDuration().orElseThrow();
        double wall = (System.nanoTime() - wallBefore) / 1e9;
        double percent = cpuAfter.minus(cpuBefore).toNanos() / 1e9 / wall * 100;
        var stats = alice.getStatsNow(session, bob.id());
        System.out.printf(Locale.ROOT, "CPU of one 320x240/15 fps call over %d s, both ends in this JVM: %.1f %% of one core "
                + "(%.1f %% per participant); video received %.0f kbit/s at %dx%d%n", seconds, percent, percent / 2,
                stats.videoBitrateKbps(), stats.frameWidth(), stats.frameHeight());
        session.hangUp(Map.of()).get(5, TimeUnit.SECONDS);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
