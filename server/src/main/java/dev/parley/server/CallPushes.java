package dev.parley.server;

import dev.parley.api.push.PushService;
import dev.parley.chat.router.CallSignalObserver;
import dev.parley.common.json.Json;
import dev.parley.storage.PushCredentialsRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;

/**
 * The server-side call push (docs/push.md, {@code parley.push.call-push}, which an application may override with
 * {@code parley app push call-push}): when a {@code call} signal goes to a
 * callee with no connected chat resource, the callee gets the push an app would send for the CallKit flow
 * (docs/protocol.md section 2.4 keys, in both SDKs' spellings), at most once per call session and callee however
 * often the caller re-dials; when the caller then hangs up before the callee answered, an "end call" push follows
 * so that the incoming-call screen goes away. Whether the application wants it is read, and pushes are queued, on
 * the worker executor (the observer is called on
 * an event loop). The sessions pushed for are remembered for {@link #REMEMBER} and at most {@link #MAX_TRACKED} at a
 * time, oldest dropped first. Thread-safe: one lock around the table.
 */
final class CallPushes implements CallSignalObserver {

    static final Duration REMEMBER = Duration.ofMinutes(10);
    static final int MAX_TRACKED = 100_000;
    private static final Logger LOG = LoggerFactory.getLogger(CallPushes.class);

    private record Key(long applicationId, String sessionId, long calleeId) {
    }

    private final PushService push;
    private final PushCredentialsRepository settings;
    private final boolean serverDefault;
    private final Executor workers;
    private final Clock clock;
    private final MeterRegistry metrics;
    /** Call sessions a start push went out for, and when; insertion order is age order. */
    private final LinkedHashMap<Key, Instant> pushed = new LinkedHashMap<>();

    /**
     * @param settings      where each application's override is kept
     * @param serverDefault {@code parley.push.call-push}, for applications without an override
     */
    CallPushes(PushService push, PushCredentialsRepository settings, boolean serverDefault, Executor workers, Clock clock,
               MeterRegistry metrics) {
        this.metrics = metrics;
        this.push = push;
        this.settings = settings;
        this.serverDefault = serverDefault;
        this.workers = workers;
        this.clock = clock;
    }

    @Override
    public void observed(long applicationId, long fromUserId, long toUserId, boolean recipientConnected, Signal signal) {
        if (signal.sessionId() == null) {
            return;
        }
        switch (signal.signalType()) {
            case "call" -> {
                if (!recipientConnected && firstPush(new Key(applicationId, signal.sessionId(), toUserId))) {
                    send(applicationId, fromUserId, toUserId, startCall(fromUserId, signal));
                }
            }
            case "accept", "reject" -> forget(new Key(applicationId, signal.sessionId(), fromUserId));
            case "hangUp" -> {
                if (forget(new Key(applicationId, signal.sessionId(), toUserId))) {
                    send(applicationId, fromUserId, toUserId, endCall(fromUserId, signal));
                }
            }
            default -> {
            }
        }
    }

    /** Records a start push for the key; false when one went out already. */
    private synchronized boolean firstPush(Key key) {
        Instant now = clock.instant();
        for (Iterator<Map.Entry<Key, Instant>> it = pushed.entrySet().iterator(); it.hasNext(); ) {
            Map.Entry<Key, Instant> oldest = it.next();
            if (pushed.size() < MAX_TRACKED && oldest.getValue().plus(REMEMBER).isAfter(now)) {
                break;
            }
            it.remove();
        }
        return pushed.putIfAbsent(key, now) == null;
    }

    /** Forgets the key; true when a start push had gone out for it (and not been answered). */
    private synchronized boolean forget(Key key) {
        return pushed.remove(key) != null;
    }

    private void send(long applicationId, long fromUserId, long toUserId, Map<String, Object> message) {
        workers.execute(() -> {
            try {
                String outcome;
                if (!settings.callPush(applicationId).orElse(serverDefault)) {
                    outcome = "off";
                } else {
                    outcome = push.pushToUser(applicationId, fromUserId, toUserId, Json.write(message)).isPresent()
                            ? "queued" : "no_subscription";
                }
                Counter.builder("parley.push.call_pushes").description("Call pushes by kind and what became of them")
                        .tag("kind", String.valueOf(message.get("signal_type"))).tag("outcome", outcome)
                        .register(metrics).increment();
            } catch (RuntimeException e) {
                LOG.warn("Call push to user {} of application {} failed: {}", toUserId, applicationId, e.getMessage());
            }
        });
    }

    /** The CallKit push the hosted products document: a VoIP push on iOS, a high-priority data message elsewhere. */
    static Map<String, Object> startCall(long callerId, Signal signal) {
        Map<String, Object> message = common(callerId, signal);
        message.put("message", "2".equals(signal.callType()) ? "Incoming Audio call" : "Incoming Video call");
        message.put("signal_type", "startCall");
        message.put("ios_voip", 1);
        return message;
    }

    /** The caller hung up before an answer: not a VoIP push (iOS wants each of those to report a new call). */
    static Map<String, Object> endCall(long callerId, Signal signal) {
        Map<String, Object> message = common(callerId, signal);
        message.put("message", "Missed call");
        message.put("signal_type", "endCall");
        return message;
    }

    private static Map<String, Object> common(long callerId, Signal signal) {
        Map<String, Object> message = new LinkedHashMap<>();
        String opponents = String.join(",", signal.opponentIds());
        message.put("session_id", signal.sessionId());
        message.put("uuid", signal.sessionId());
        message.put("caller_id", callerId);
        message.put("initiatorId", callerId);
        message.put("call_opponents", opponents);
        message.put("opponentsIds", opponents);
        message.put("call_type", "2".equals(signal.callType()) ? 2 : 1);
        return message;
    }
}
