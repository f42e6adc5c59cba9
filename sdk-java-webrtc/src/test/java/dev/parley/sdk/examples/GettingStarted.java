package dev.parley.sdk.examples;

// The code of docs/sdk-java.md, compiled with the tests so that the guide cannot go stale.

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCClient;
import dev.parley.sdk.call.RTCClientSessionCallbacks;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCSession;
import dev.parley.sdk.call.RTCSessionConnectionCallbacks;
import dev.parley.sdk.call.RTCTrackCallbacks;
import dev.parley.sdk.chat.ChatService;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

import java.util.List;
import java.util.Map;

final class GettingStarted {

    private GettingStarted() {
    }

    // [connect]
    static RTCClient connect(String login, String password) throws MediaException {
        ParleySettings settings = ParleySettings.builder()
                .application(1, "your-auth-key")          // from data/default-app.json or `parley app create`
                .apiUrl("http://127.0.0.1:8080")          // the chat WebSocket is ws://127.0.0.1:8080/xmpp
                .build();
        ParleyClient rest = new ParleyClient(settings);
        ParleyUser me = rest.login(login, password);

        ChatService chat = new ChatService(settings);
        chat.connect(me.id(), rest.token());             // the session token works as the chat password

        WebrtcJavaEngine engine = WebrtcJavaEngine.builder().build();
        RTCConfig config = new RTCConfig()
                .setAnswerTimeInterval(45)
                .setStatsReportInterval(1000);
        RTCMediaConfig media = new RTCMediaConfig().setMinWidth(640).setMinHeight(480).setMinFrameRate(30);
        RTCClient rtc = new RTCClient(rest, chat, engine, config, media);
        rtc.prepareToProcessCalls();
        return rtc;
    }
    // [/connect]

    // [call]
    static RTCSession call(RTCClient rtc, long bobId) {
        RTCSession session = rtc.createNewSessionWithOpponents(List.of(bobId), ConferenceType.VIDEO);
        session.addConnectionCallbacksListener(new RTCSessionConnectionCallbacks() {
            @Override
            public void onConnectedToUser(RTCSession s, long userId) {
                System.out.println("talking with " + userId);
            }
        });
        session.addTrackCallbacksListener(new RTCTrackCallbacks() {
            @Override
            public void onRemoteVideoTrackReceive(RTCSession s, MediaTrack track, long userId) {
                track.addSink(frame -> System.out.println(userId + " sent a " + frame.width() + "x" + frame.height() + " frame"));
            }
        });
        session.addStatsReportCallback((s, report) ->
                System.out.printf("%d: mic %.2f, video %.0f kbit/s%n", report.userId(), report.micLevel(), report.videoBitrateKbps()));
        session.startCall(Map.of("topic", "weekly sync"));
        return session;
    }
    // [/call]

    // [receive]
    static void receiveCalls(RTCClient rtc) {
        rtc.addSessionCallbacksListener(new RTCClientSessionCallbacks() {
            @Override
            public void onReceiveNewSession(RTCSession session) {
                System.out.println("call from " + session.getCallerID() + " " + session.getUserInfo());
                session.acceptCall(Map.of("device", "desktop"));   // or rejectCall(Map.of("reason", "busy"))
            }

            @Override
            public void onReceiveHangUpFromUser(RTCSession session, long userId, Map<String, String> userInfo) {
                System.out.println(userId + " hung up");
            }

            @Override
            public void onSessionClosed(RTCSession session) {
                System.out.println("call over");
            }
        });
    }
    // [/receive]

    // [controls]
    static void controls(RTCClient rtc, RTCSession session, WebrtcJavaEngine engine) {
        session.setAudioEnabled(false);                        // mute the microphone
        session.setVideoEnabled(false);                        // camera off: the others see black
        List<MediaDevice> cameras = engine.devices(MediaDevice.Kind.CAMERA);
        session.switchCamera(cameras.get(cameras.size() - 1).id());
        session.startScreenSharing(null);                      // the first screen, where the engine has one
        session.setMaxBandwidth(256);                          // kbit/s per outgoing video stream
        session.update(Map.of("status", "presenting"));
        session.hangUp(Map.of());
        rtc.destroy();                                         // closes calls; the app closes chat and engine
    }
    // [/controls]
}
