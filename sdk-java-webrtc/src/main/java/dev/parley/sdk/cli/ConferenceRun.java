package dev.parley.sdk.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

/** One run of {@code parley conference}: log in, join, subscribe to every publisher, watch the media, leave, judge. */
final class ConferenceRun {

    record Options(String server, long appId, String authKey, String login, String password, String room, boolean audioOnly,
                   int durationSeconds, int width, int height, int fps) {
    }

    /** What this participant saw of one other publisher. */
    private static final class Seen {
        volatile boolean audioTrack;
        volatile boolean videoTrack;
        volatile boolean left;
        volatile RTCStatsReport last;
        volatile String size = "";
    }

    private final Options options;
    private final Console console;
    private final Map<Long, Seen> publishers = new ConcurrentHashMap<>();
    /** Whether the room receives our audio / video: the server's {@code media} events on our publisher handle. */
    private final Map<String, Boolean> roomReceives = new ConcurrentHashMap<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    /** Set when a line {@code leave} arrives on standard input: leave before the duration is up. */
    private volatile boolean leaveAsked;
    private volatile ConferenceSession session;

    ConferenceRun(Options options, PrintStream out) {
        this.options = options;
        this.console = new Console(out);
    }

    /**
     * Reads standard input on a daemon thread: a line {@code leave} ends the stay early (the verdict is the same).
     * The end of input (a terminal closed, {@code </dev/null}) changes nothing; lines are read at most 1 KiB long.
     */
    private void listenForLeave(java.io.InputStream in) {
        Thread reader = new Thread(() -> {
            try (var input = new java.io.BufferedReader(new java.io.InputStreamReader(in, StandardCharsets.UTF_8))) {
                StringBuilder line = new StringBuilder();
                for (int c; (c = input.read()) >= 0; ) {
                    if (c != '\n') {
                        if (line.length() < 1024) line.append((char) c);
                        continue;
                    }
                    if ("leave".equals(line.toString().strip())) {
                        leaveAsked = true;
                        return;
                    }
                    line.setLength(0);
                }
            } catch (java.io.IOException e) {
                // no input to read: the duration alone ends the stay
            }
        }, "conference-stdin");
        reader.setDaemon(true);
        reader.start();
    }

    boolean run() {
        ParleySettings settings = ParleySettings.builder().application(options.appId(), options.authKey()).apiUrl(options.server()).build();
        ParleyClient rest = new ParleyClient(settings);
        MediaEngine engine = null;
        ConferenceClient client = null;
        try {
            ParleyUser me = rest.login(options.login(), options.password());
            console.say("logged in as %s (user %d)", me.login(), me.id());
            engine = WebrtcJavaEngine.synthetic();
            client = new ConferenceClient(settings, rest.token(), engine, new RTCConfig().setStatsReportInterval(1000),
                    new RTCMediaConfig().setMinWidth(options.width()).setMinHeight(options.height()).setMinFrameRate(options.fps()));
            ConferenceType type = options.audioOnly() ? ConferenceType.AUDIO : ConferenceType.VIDEO;
            session = client.createCallSession(me.id(), type).get(30, TimeUnit.SECONDS);
            watch(session, rest);
            List<Long> already = session.joinDialog(options.room(), null).get(40, TimeUnit.SECONDS);
            console.say("joined room %s as participant %d (%s); publishing already: %s", options.room(), me.id(), type, already);
            RTCStatsReport sent = null;
            listenForLeave(System.in);
            int second = 0;
            for (; second < options.durationSeconds() && !leaveAsked; second++) {
                if (closed.await(1, TimeUnit.SECONDS)) {
                    console.say("the session ended before %d s", options.durationSeconds());
                    return false;
                }
                // A message to the room each second (docs/conference.md "Data channels"); the others print theirs.
                session.sendData("hello from " + me.login() + " " + second);
                sent = session.getStats(me.id()).get(10, TimeUnit.SECONDS);
                console.say("stats sent: %d bytes %.0f kbit/s", sent.bytesSent(), sent.sentBitrateKbps());
            }
            boolean ok = verdict(sent);
            console.say(leaveAsked ? "leaving after %d s, as asked" : "leaving after %d s", second);
            return ok;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            console.say("interrupted");
            return false;
        } catch (Exception e) {
            Throwable cause = e instanceof java.util.concurrent.ExecutionException && e.getCause() != null ? e.getCause() : e;
            console.say("failed: %s", cause.getMessage() != null ? cause.getMessage() : cause.toString());
            return false;
        } finally {
            if (client != null) {
                try {
                    client.destroy().get(25, TimeUnit.SECONDS);
                } catch (Exception e) {
                    console.say("leaving did not finish: %s", e.toString());
                }
            }
            if (engine != null) engine.close();
            try {
                rest.logout();
            } catch (RuntimeException e) {
                // the session token expires by itself
            }
        }
    }

    private void watch(ConferenceSession conference, ParleyClient rest) {
        conference.addSessionCallbacksListener(new RoomEvents(rest));
        conference.addSessionStateCallbacksListener(new RTCSessionStateCallback<>() {
            @Override
            public void onConnectedToUser(ConferenceSession s, long userId) {
                console.say("user %d: CONNECTED", userId);
            }

            @Override
            public void onDisconnectedFromUser(ConferenceSession s, long userId) {
                console.say("user %d: DISCONNECTED", userId);
            }

            @Override
            public void onConnectionClosedForUser(ConferenceSession s, long userId) {
                console.say("user %d: CLOSED", userId);
            }
        });
        conference.addTrackCallbacksListener(new ConferenceTrackCallbacks() {
            @Override
            public void onRemoteAudioTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                seen(userId).audioTrack = true;
                console.say("remote audio track from user %d", userId);
            }

            @Override
            public void onRemoteVideoTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                seen(userId).videoTrack = true;
                console.say("remote video track from user %d", userId);
            }
        });
        conference.addDataCallback((s, userId, data, binary) -> console.say("data from user %d: %s", userId,
                binary ? data.length + " bytes" : new String(data, StandardCharsets.UTF_8)));
        conference.addStatsReportCallback((s, report) -> {
            Seen seen = seen(report.userId());
            seen.last = report;
            String size = report.frameWidth() + "x" + report.frameHeight();
            if (report.frameWidth() > 0 && !seen.size.isEmpty() && !size.equals(seen.size)) {
                console.say("user %d: video now %s (was %s)", report.userId(), size, seen.size);
            }
            if (report.frameWidth() > 0) seen.size = size;
            console.say("stats user %d: %s", report.userId(), Console.received(report));
        });
    }

    private Seen seen(long userId) {
        return publishers.computeIfAbsent(userId, id -> new Seen());
    }

    /**
     * Media flowed both ways with every other participant: from each publisher seen, audio (and video when they send a
     * camera) arrived, and was still arriving in the last second from those still in the room; and the room receives
     * ours (the server's {@code media} events on our publisher handle) while our connection sends. Whether each other
     * participant decodes ours only they can see (the SFU ends RTCP): their own tool or page tells, and the tests
     * check it there.
     */
    private boolean verdict(RTCStatsReport sent) {
        boolean ok = !publishers.isEmpty();
        if (publishers.isEmpty()) console.say("result: nobody else published in room %s", options.room());
        for (Map.Entry<Long, Seen> entry : publishers.entrySet()) {
            Seen seen = entry.getValue();
            RTCStatsReport r = seen.last;
            // One who left is judged on what arrived while there; one still here must still be sending.
            boolean video = !seen.videoTrack || (r != null && r.framesDecoded() > 0 && (seen.left || r.videoBitrateKbps() > 0));
            boolean audio = !seen.audioTrack || (r != null && r.audioBytesReceived() > 0 && (seen.left || r.audioBitrateKbps() > 0));
            boolean flowed = (seen.audioTrack || seen.videoTrack) && video && audio;
            ok &= flowed;
            console.say("result user %d: %s%s (received %d video frames, %d audio bytes)", entry.getKey(),
                    flowed ? "media received" : "NO MEDIA", seen.left ? ", then left" : "",
                    r == null ? 0 : r.framesDecoded(), r == null ? 0 : r.audioBytesReceived());
        }
        boolean audioIn = Boolean.TRUE.equals(roomReceives.get("audio"));
        boolean videoIn = options.audioOnly() || Boolean.TRUE.equals(roomReceives.get("video"));
        boolean sending = audioIn && videoIn && sent != null && sent.sentBitrateKbps() > 0;
        console.say("result sent: %s (the room receives our audio: %s, video: %s; sent %d bytes, %.0f kbit/s)",
                sending ? "the room receives our media" : "THE ROOM DOES NOT RECEIVE OUR MEDIA", audioIn,
                options.audioOnly() ? "not sent" : videoIn, sent == null ? 0 : sent.bytesSent(), sent == null ? 0 : sent.sentBitrateKbps());
        return ok && sending;
    }

    /** The room's events, printed; every publisher is subscribed to. */
    private final class RoomEvents implements ConferenceSessionCallbacks {
        private final ParleyClient rest;

        RoomEvents(ParleyClient rest) {
            this.rest = rest;
        }

        @Override
        public void onPublishersReceived(ConferenceSession s, List<Long> ids) {
            for (long id : ids) {
                Seen seen = seen(id);
                seen.left = false;
                console.say("user %d (%s) publishes: subscribing", id, login(id));
                s.subscribeToPublisher(id).whenComplete((ok, error) -> {
                    if (error != null) console.say("subscribing to user %d failed: %s", id, error.getMessage());
                });
            }
        }

        @Override
        public void onPublisherLeft(ConferenceSession s, long userId) {
            seen(userId).left = true;
            console.say("user %d left", userId);
        }

        @Override
        public void onMediaReceived(ConferenceSession s, String kind, boolean receiving) {
            roomReceives.put(kind, receiving);
            console.say("the room %s our %s", receiving ? "receives" : "no longer receives", kind);
        }

        @Override
        public void onRemoteMediaState(ConferenceSession s, long userId, MediaTrack.Kind kind, boolean receiving) {
            console.say("user %d: %s %s", userId, kind.name().toLowerCase(), receiving ? "resumed" : "stopped");
        }

        @Override
        public void onSlowLink(ConferenceSession s, boolean uplink, int lost) {
            console.say("slow link (%s): %d packets lost", uplink ? "what we send" : "what we receive", lost);
        }

        @Override
        public void onError(ConferenceSession s, ParleyException error) {
            console.say("error: %s", error.getMessage());
        }

        @Override
        public void onSessionClosed(ConferenceSession s) {
            console.say("session closed");
            closed.countDown();
        }

        private String login(long id) {
            try {
                return rest.getUser(id).login();
            } catch (ParleyException e) {
                return "not a user of this application";
            }
        }
    }
}
