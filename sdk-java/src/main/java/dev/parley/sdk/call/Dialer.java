package dev.parley.sdk.call;

import dev.parley.sdk.call.signal.CallSignal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A session's outgoing calls (docs/protocol.md §3.3): to each opponent the {@code call} signal, then again every
 * dialing interval until it accepts or rejects, within the answer time; when that runs out, no answer. The k-th
 * re-send goes at k dialing intervals only while that is still inside the answer time, so the count does not
 * depend on which of two timers due at the same moment fires first.
 *
 * <p>SDK thread only, except {@link #callsSent}, which app threads read.
 */
final class Dialer {

    /** What dialing does: send a call, and give up on an opponent. */
    interface Events {
        void sendCall(long userId, CallSignal.Call call);

        void noAnswer(long userId);
    }

    private final Scheduler scheduler;
    private final long dialingMs;
    private final long answerMs;
    private final Events events;
    private final Map<Long, Dial> dialing = new HashMap<>();
    private final Map<Long, Integer> callsSent = new ConcurrentHashMap<>();

    private static final class Dial {
        final CallSignal.Call call;
        int sent;
        Scheduler.Task resend;
        Scheduler.Task answerTimeout;

        Dial(CallSignal.Call call) {
            this.call = call;
        }
    }

    Dialer(Scheduler scheduler, RTCConfig config, Events events) {
        this.scheduler = scheduler;
        this.dialingMs = config.dialingTimeInterval() * 1000L;
        this.answerMs = config.answerTimeInterval() * 1000L;
        this.events = events;
    }

    /** Calls the user now, and again until {@link #stop} or the answer time. */
    void dial(long userId, CallSignal.Call call) {
        stop(userId);
        Dial dial = new Dial(call);
        dialing.put(userId, dial);
        dial.resend = scheduler.repeat(() -> {
            if ((long) dial.sent * dialingMs < answerMs) send(userId, dial);
        }, dialingMs);
        dial.answerTimeout = scheduler.schedule(() -> {
            if (dialing.get(userId) != dial) return;
            stop(userId);
            events.noAnswer(userId);
        }, answerMs);
        send(userId, dial);
    }

    /** Whether the user has been called and has not answered yet. */
    boolean isDialing(long userId) {
        return dialing.containsKey(userId);
    }

    /** Stops calling the user; returns whether it was being called. */
    boolean stop(long userId) {
        Dial dial = dialing.remove(userId);
        if (dial == null) return false;
        dial.resend.cancel();
        dial.answerTimeout.cancel();
        return true;
    }

    void stopAll() {
        for (long userId : new ArrayList<>(dialing.keySet())) stop(userId);
    }

    /** {@code call} signals sent to the user, re-sends included (any thread). */
    int callsSent(long userId) {
        return callsSent.getOrDefault(userId, 0);
    }

    private void send(long userId, Dial dial) {
        dial.sent++;
        callsSent.put(userId, dial.sent);
        events.sendCall(userId, dial.call);
    }
}
