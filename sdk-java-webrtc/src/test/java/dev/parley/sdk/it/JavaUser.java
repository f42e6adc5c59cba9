package dev.parley.sdk.it;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.RTCClient;
import dev.parley.sdk.call.RTCClientSessionCallbacks;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCConnectionState;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCSession;
import dev.parley.sdk.call.RTCSessionConnectionCallbacks;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.call.RTCTrackCallbacks;
import dev.parley.sdk.chat.ChatService;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A user of the Java SDK as an app would be one: signed up and logged in over REST, chat connected,
 * a webrtc-java engine with synthetic media, an RTCClient. Records every callback as an event.
 */
final class JavaUser implements AutoCloseable {

    static final Duration STEP = Duration.ofSeconds(20);

    /** One callback: its name, the user it is about, its userInfo, the callback thread. */
    record Event(String name, long userId, Map<String, String> userInfo, String thread, Object detail) {
    }

    final ParleyUser user;
    final ParleyClient rest;
    final ChatService chat;
    final WebrtcJavaEngine engine;
    final RTCClient rtc;
    final List<Event> events = new CopyOnWriteArrayList<>();
    final List<RTCSession> sessions = new CopyOnWriteArrayList<>();
    /** Mean luma of the last remote video frame, per user. */
    final Map<Long, Double> remoteLuma = new ConcurrentHashMap<>();
    final Map<Long, Integer> remoteFrameWidth = new ConcurrentHashMap<>();
    final Map<Long, RTCStatsReport> lastStats = new ConcurrentHashMap<>();

    static JavaUser create(ParleyServerProcess server, String login, Consumer<RTCConfig> configure) throws MediaException {
        ParleySettings settings = ParleySettings.builder().application(server.appId, server.authKey).apiUrl(server.base()).build();
        ParleyClient rest = new ParleyClient(settings);
        String password = "pw-" + login + "-secret";
        rest.signUp(login, password, login);
        rest.login(login, password);
        RTCConfig config = new RTCConfig().setStatsReportInterval(500);
        configure.accept(config);
        return new JavaUser(settings, rest, config);
    }

    private JavaUser(ParleySettings settings, ParleyClient rest, RTCConfig config) throws MediaException {
        this.rest = rest;
        this.user = rest.currentUser();
        this.chat = new ChatService(settings);
        chat.connect(user.id(), rest.token());
        this.engine = WebrtcJavaEngine.synthetic();
        this.rtc = new RTCClient(rest, chat, engine, config, new RTCMediaConfig().setMinWidth(320).setMinHeight(240).setMinFrameRate(15));
        rtc.addSessionCallbacksListener(new Recorder());
        rtc.prepareToProcessCalls();
    }

    long id() {
        return user.id();
    }

    RTCSession call(Map<String, String> userInfo, dev.parley.sdk.call.ConferenceType type, JavaUser... callees) throws Exception {
        List<Long> ids = java.util.Arrays.stream(callees).map(JavaUser::id).toList();
        RTCSession session = rtc.createNewSessionWithOpponents(ids, type);
        watch(session);
        session.startCall(userInfo).get(STEP.toSeconds(), TimeUnit.SECONDS);
        return session;
    }

    RTCSession last() {
        return sessions.get(sessions.size() - 1);
    }

    void watch(RTCSession session) {
        sessions.add(session);
        Recorder recorder = new Recorder();
        session.addConnectionCallbacksListener(recorder);
        session.addTrackCallbacksListener(recorder);
        session.addStatsReportCallback((s, report) -> lastStats.put(report.userId(), report));
    }

    Event waitEvent(String name, long userId) {
        return waitEvent(e -> e.name().equals(name) && e.userId() == userId, name + " about user " + userId);
    }

    Event waitEvent(Predicate<Event> predicate, String what) {
        return waitFor(() -> events.stream().filter(predicate).findFirst(), what);
    }

    long count(String name) {
        return events.stream().filter(e -> e.name().equals(name)).count();
    }

    /** Polls until {@code probe} gives a value, for at most {@link #STEP}. */
    <T> T waitFor(Supplier<Optional<T>> probe, String what) {
        return Poll.until(probe, STEP, () -> user.login() + ": timed out waiting for " + what + "; events: " + events);
    }

    /** The stats of the connection with {@code userId} now (rates since the last sample). */
    RTCStatsReport getStatsNow(RTCSession session, long userId) throws Exception {
        return session.getStats(userId).get(STEP.toSeconds(), TimeUnit.SECONDS);
    }

    /** Waits for stats of {@code userId} that satisfy {@code test}. */
    RTCStatsReport waitStats(long userId, Predicate<RTCStatsReport> test, String what) {
        return waitFor(() -> Optional.ofNullable(lastStats.get(userId)).filter(test), what + " from user " + userId);
    }

    @Override
    public void close() {
        try {
            rtc.destroy();
            chat.disconnect();
        } finally {
            // Give the SDK thread a moment to close the sessions' peers before the factory goes.
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            engine.close();
        }
    }

    private void record(String name, long userId, Map<String, String> info, Object detail) {
        events.add(new Event(name, userId, info, Thread.currentThread().getName(), detail));
    }

    private final class Recorder implements RTCClientSessionCallbacks, RTCSessionConnectionCallbacks, RTCTrackCallbacks {
        @Override
        public void onReceiveNewSession(RTCSession session) {
            watch(session);
            record("new", session.getCallerID(), session.getUserInfo(), session);
        }

        @Override
        public void onUserNotAnswer(RTCSession session, long userId) {
            record("notAnswer", userId, Map.of(), session.getCallsSent(userId));
        }

        @Override
        public void onUserNoActions(RTCSession session, long userId) {
            record("noActions", userId, Map.of(), null);
        }

        @Override
        public void onCallRejectByUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("reject", userId, userInfo, null);
        }

        @Override
        public void onCallAcceptByUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("accept", userId, userInfo, null);
        }

        @Override
        public void onReceiveHangUpFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("hangUp", userId, userInfo, null);
        }

        @Override
        public void onUpdateFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
            record("update", userId, userInfo, null);
        }

        @Override
        public void onSessionClosed(RTCSession session) {
            record("closed", 0, Map.of(), session.getSessionID());
        }

        @Override
        public void onPeerStateChanged(RTCSession session, long userId, RTCConnectionState state) {
            record("peer " + state, userId, Map.of(), session.getSessionID());
        }

        @Override
        public void onRemoteVideoTrackReceive(RTCSession session, MediaTrack track, long userId) {
            record("remoteVideo", userId, Map.of(), null);
            track.addSink(frame -> {
                remoteLuma.put(userId, frame.meanLuma());
                remoteFrameWidth.put(userId, frame.width());
            });
        }

        @Override
        public void onRemoteAudioTrackReceive(RTCSession session, MediaTrack track, long userId) {
            record("remoteAudio", userId, Map.of(), null);
        }
    }
}
