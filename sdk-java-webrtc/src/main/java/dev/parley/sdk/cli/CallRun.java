package dev.parley.sdk.cli;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCClient;
import dev.parley.sdk.call.RTCClientSessionCallbacks;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCConnectionState;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCSession;
import dev.parley.sdk.call.RTCSessionConnectionCallbacks;
import dev.parley.sdk.call.RTCSessionState;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.call.RTCTrackCallbacks;
import dev.parley.sdk.chat.ChatService;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/** One run of {@code parley call}: log in, call or answer, watch the media, hang up, judge. */
final class CallRun {

    record Options(String server, long appId, String authKey, String chatDomain, String login, String password,
                   List<Long> to, boolean audioOnly, int durationSeconds, int waitSeconds, int answerTime,
                   int width, int height, int fps) {
    }

    private final Options options;
    private final Console console;
    private final AtomicReference<RTCSession> session = new AtomicReference<>();
    private final CountDownLatch incoming = new CountDownLatch(1);
    private final CountDownLatch connected = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);
    private final Map<Long, RTCStatsReport> lastReports = new ConcurrentHashMap<>();

    CallRun(Options options, PrintStream out) {
        this.options = options;
        this.console = new Console(out);
    }

    /** True when media flowed both ways with every peer that connected (and at least one did). */
    boolean run() {
        ParleySettings settings = ParleySettings.builder()
                .application(options.appId(), options.authKey())
                .apiUrl(options.server())
                .chatDomain(options.chatDomain())
                .build();
        ParleyClient rest = new ParleyClient(settings);
        ChatService chat = new ChatService(settings);
        MediaEngine engine = null;
        RTCClient rtc = null;
        try {
            ParleyUser me = rest.login(options.login(), options.password());
            say("logged in as %s (user %d)", me.login(), me.id());
            chat.connect(me.id(), rest.token());
            say("chat connected");
            engine = WebrtcJavaEngine.synthetic();
            rtc = new RTCClient(rest, chat, engine, new RTCConfig().setAnswerTimeInterval(options.answerTime())
                    .setStatsReportInterval(1000),
                    new RTCMediaConfig().setMinWidth(options.width()).setMinHeight(options.height())
                            .setMinFrameRate(options.fps()));
            rtc.addSessionCallbacksListener(new SessionEvents());
            rtc.prepareToProcessCalls();
            if (!start(rtc, rest)) return false;
            if (!connected.await(options.answerTime() + 30L, TimeUnit.SECONDS)) {
                say("no connection within %d s", options.answerTime() + 30);
                return false;
            }
            if (options.durationSeconds() == 0) {
                say("in the call until the other side hangs up");
                closed.await();
            } else if (closed.await(options.durationSeconds(), TimeUnit.SECONDS)) {
                say("the call ended before %d s", options.durationSeconds());
            } else {
                say("hanging up after %d s", options.durationSeconds());
                session.get().hangUp(Map.of("reason", "duration reached")).get(5, TimeUnit.SECONDS);
                closed.await(5, TimeUnit.SECONDS);
            }
            return verdict();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            say("interrupted");
            return false;
        } catch (Exception e) {
            say("failed: %s", e.getMessage() != null ? e.getMessage() : e.toString());
            return false;
        } finally {
            if (rtc != null) rtc.destroy();
            chat.disconnect();
            if (engine != null) engine.close();
            try {
                rest.logout();
            } catch (RuntimeException e) {
                // the session token expires by itself
            }
        }
    }

    private boolean start(RTCClient rtc, ParleyClient rest) throws Exception {
        ConferenceType type = options.audioOnly() ? ConferenceType.AUDIO : ConferenceType.VIDEO;
        if (!options.to().isEmpty()) {
            if (!opponentsExist(rest)) return false;
            RTCSession outgoing = rtc.createNewSessionWithOpponents(options.to(), type);
            watch(outgoing);
            say("calling %s (%s call, session %s)", options.to(), type, outgoing.getSessionID());
            outgoing.startCall(Map.of("from", "parley call")).get(30, TimeUnit.SECONDS);
            return true;
        }
        say("waiting up to %d s for a call", options.waitSeconds());
        if (!incoming.await(options.waitSeconds(), TimeUnit.SECONDS)) {
            say("no call came");
            return false;
        }
        RTCSession call = session.get();
        say("accepting the %s call from user %d", call.getConferenceType(), call.getCallerID());
        call.acceptCall(Map.of("from", "parley call")).get(30, TimeUnit.SECONDS);
        return true;
    }

    /**
     * Says at once when an opponent does not exist (no call then), and when one is offline: the call still
     * rings for the answer time, since a push may wake their app.
     */
    private boolean opponentsExist(ParleyClient rest) {
        boolean all = true;
        for (long id : options.to()) {
            try {
                ParleyUser user = rest.getUser(id);
                if (!rest.isOnline(id)) {
                    say("user %d (%s) is offline: ringing anyway for up to %d s, in case a push wakes their app", id,
                            user.login(), options.answerTime());
                }
            } catch (ParleyException e) {
                if (e.status() != 404) throw e;
                say("user %d does not exist in this application", id);
                all = false;
            }
        }
        return all;
    }

    private void watch(RTCSession call) {
        session.set(call);
        call.addConnectionCallbacksListener(new ConnectionEvents());
        call.addTrackCallbacksListener(new TrackEvents());
        call.addStatsReportCallback((s, report) -> {
            lastReports.put(report.userId(), report);
            say("stats user %d: %s", report.userId(), Console.describe(report));
        });
    }

    /** Every peer that connected sent and received media: audio always, video too in a video call. */
    private boolean verdict() {
        if (lastReports.isEmpty()) {
            say("result: no media statistics: no peer connected long enough");
            return false;
        }
        // The call's own type: an answered call is an audio call when the caller made it one.
        boolean audioCall = session.get().getConferenceType() == ConferenceType.AUDIO;
        boolean ok = true;
        for (RTCStatsReport r : lastReports.values()) {
            boolean video = audioCall || r.framesDecoded() > 0;
            boolean audio = r.audioBytesReceived() > 0;
            boolean sent = r.bytesSent() > 0;
            boolean peerOk = video && audio && sent;
            ok &= peerOk;
            say("result user %d: %s (received %s%s, sent %d bytes)", r.userId(), peerOk ? "media flowed both ways" : "NO MEDIA",
                    audioCall ? "" : r.framesDecoded() + " video frames, ", audio ? "audio" : "no audio", r.bytesSent());
        }
        return ok;
    }

    private void say(String format, Object... args) {
        console.say(format, args);
    }

    private final class SessionEvents implements RTCClientSessionCallbacks {
        @Override
        public void onReceiveNewSession(RTCSession s) {
            say("incoming %s call from user %d %s", s.getConferenceType(), s.getCallerID(), s.getUserInfo());
            if (session.get() != null || !options.to().isEmpty()) {
                s.rejectCall(Map.of("reason", "busy"));
                return;
            }
            watch(s);
            incoming.countDown();
        }

        @Override
        public void onCallAcceptByUser(RTCSession s, long userId, Map<String, String> userInfo) {
            say("user %d accepted %s", userId, userInfo);
        }

        @Override
        public void onCallRejectByUser(RTCSession s, long userId, Map<String, String> userInfo) {
            say("user %d rejected %s", userId, userInfo);
        }

        @Override
        public void onUserNotAnswer(RTCSession s, long userId) {
            say("user %d did not answer", userId);
        }

        @Override
        public void onReceiveHangUpFromUser(RTCSession s, long userId, Map<String, String> userInfo) {
            say("user %d hung up %s", userId, userInfo);
        }

        @Override
        public void onUpdateFromUser(RTCSession s, long userId, Map<String, String> userInfo) {
            say("update from user %d: %s", userId, userInfo);
        }

        @Override
        public void onUserNoActions(RTCSession s, long userId) {
            say("the call was not answered in time");
        }

        @Override
        public void onSessionClosed(RTCSession s) {
            if (s != session.get()) return;
            say("session closed");
            closed.countDown();
            connected.countDown(); // nothing more to wait for
        }
    }

    private final class ConnectionEvents implements RTCSessionConnectionCallbacks {
        @Override
        public void onStateChanged(RTCSession s, RTCSessionState state) {
            say("session %s", state);
        }

        @Override
        public void onPeerStateChanged(RTCSession s, long userId, RTCConnectionState state) {
            say("user %d: %s", userId, state);
            if (state == RTCConnectionState.CONNECTED) connected.countDown();
        }
    }

    private final class TrackEvents implements RTCTrackCallbacks {
        @Override
        public void onRemoteVideoTrackReceive(RTCSession s, MediaTrack track, long userId) {
            say("remote video track from user %d", userId);
        }

        @Override
        public void onRemoteAudioTrackReceive(RTCSession s, MediaTrack track, long userId) {
            say("remote audio track from user %d", userId);
        }
    }
}
