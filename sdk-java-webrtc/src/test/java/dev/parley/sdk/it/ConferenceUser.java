package dev.parley.sdk.it;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.conference.ConferenceClient;
import dev.parley.sdk.conference.ConferenceSession;
import dev.parley.sdk.conference.ConferenceSessionCallbacks;
import dev.parley.sdk.conference.ConferenceTrackCallbacks;
import dev.parley.sdk.conference.RTCSessionStateCallback;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

/**
 * A user of the Java SDK's conference client as an app would be one: signed up and logged in over REST, a
 * webrtc-java engine with synthetic media, a ConferenceClient; each session it joins subscribes to every publisher.
 * Records every callback as an event ({@code "publishers [2]"}, {@code "connected 2"}, {@code "media 2 VIDEO false"}...).
 */
final class ConferenceUser implements AutoCloseable {

    static final Duration STEP = Duration.ofSeconds(20);

    final ParleyUser user;
    final WebrtcJavaEngine engine;
    final ConferenceClient client;
    final List<String> events = new CopyOnWriteArrayList<>();
    final Map<Long, RTCStatsReport> lastStats = new ConcurrentHashMap<>();
    /** Mean luma of the last remote video frame, per user: frames decoded and rendered, not only counted. */
    final Map<Long, Double> remoteLuma = new ConcurrentHashMap<>();
    volatile ConferenceSession session;

    static ConferenceUser create(ParleyServerProcess server, String login) throws Exception {
        ParleySettings settings = ParleySettings.builder().application(server.appId, server.authKey).apiUrl(server.base()).build();
        ParleyClient rest = new ParleyClient(settings);
        String password = "pw-" + login + "-secret";
        rest.signUp(login, password, login);
        rest.login(login, password);
        return new ConferenceUser(settings, rest);
    }

    private ConferenceUser(ParleySettings settings, ParleyClient rest) throws Exception {
        this.user = rest.currentUser();
        this.engine = WebrtcJavaEngine.synthetic();
        this.client = new ConferenceClient(settings, rest.token(), engine, new RTCConfig().setStatsReportInterval(500),
                new RTCMediaConfig().setMinWidth(320).setMinHeight(240).setMinFrameRate(15));
    }

    long id() {
        return user.id();
    }

    /** A new session that joins {@code room} and subscribes to every publisher; returns who published already. */
    List<Long> join(String room) throws Exception {
        ConferenceSession created = client.createCallSession(id(), ConferenceType.VIDEO).get(20, TimeUnit.SECONDS);
        session = created;
        lastStats.clear();
        created.addSessionCallbacksListener(new ConferenceSessionCallbacks() {
            @Override
            public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
                events.add("publishers " + publishers);
                publishers.forEach(id -> s.subscribeToPublisher(id).whenComplete((ok, error) -> {
                    if (error != null) events.add("subscribe failed " + id + " " + error);
                }));
            }

            @Override
            public void onPublisherLeft(ConferenceSession s, long userId) {
                events.add("left " + userId);
            }

            @Override
            public void onRemoteMediaState(ConferenceSession s, long userId, MediaTrack.Kind kind, boolean receiving) {
                events.add("media " + userId + " " + kind + " " + receiving);
            }

            @Override
            public void onError(ConferenceSession s, ParleyException error) {
                events.add("error " + error.getMessage());
            }

            @Override
            public void onSessionClosed(ConferenceSession s) {
                events.add("closed");
            }
        });
        created.addSessionStateCallbacksListener(new RTCSessionStateCallback<>() {
            @Override
            public void onConnectedToUser(ConferenceSession s, long userId) {
                events.add("connected " + userId);
            }

            @Override
            public void onConnectionClosedForUser(ConferenceSession s, long userId) {
                events.add("connection closed " + userId);
            }
        });
        created.addTrackCallbacksListener(new ConferenceTrackCallbacks() {
            @Override
            public void onRemoteVideoTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                track.addSink(frame -> remoteLuma.put(userId, frame.meanLuma()));
            }
        });
        created.addStatsReportCallback((s, report) -> lastStats.put(report.userId(), report));
        return created.joinDialog(room, null).get(30, TimeUnit.SECONDS);
    }

    void waitEvent(String event) {
        waitFor(() -> events.contains(event) ? Optional.of(event) : Optional.empty(), "'" + event + "'");
    }

    /** Waits for video frames that keep coming and audio from {@code userId}. */
    void waitMediaFrom(long userId) {
        RTCStatsReport first = waitStats(userId, r -> r.framesDecoded() > 0 && r.audioBytesReceived() > 0, "video and audio");
        waitStats(userId, r -> r.framesDecoded() > first.framesDecoded() + 10 && r.audioBytesReceived() > first.audioBytesReceived(),
                "more video frames and audio");
        waitFor(() -> Optional.ofNullable(remoteLuma.get(userId)).filter(l -> l > 0), "a rendered frame from user " + userId);
    }

    RTCStatsReport waitStats(long userId, Predicate<RTCStatsReport> test, String what) {
        return waitFor(() -> Optional.ofNullable(lastStats.get(userId)).filter(test), what + " from user " + userId);
    }

    <T> T waitFor(Supplier<Optional<T>> probe, String what) {
        return Poll.until(probe, STEP, () -> user.login() + ": timed out waiting for " + what + "; events: " + events
                + "; stats: " + lastStats);
    }

    @Override
    public void close() {
        try {
            client.destroy().get(25, TimeUnit.SECONDS);
        } catch (Exception e) {
            // the server ends what is left when the sockets close
        }
        engine.close();
    }
}
