package dev.parley.sdk.examples;

// The conference code of docs/sdk-java.md, compiled with the tests so that the guide cannot go stale.

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.conference.ConferenceClient;
import dev.parley.sdk.conference.ConferenceSession;
import dev.parley.sdk.conference.ConferenceSessionCallbacks;
import dev.parley.sdk.conference.ConferenceTrackCallbacks;
import dev.parley.sdk.conference.RTCSessionStateCallback;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

import java.util.List;
import java.util.concurrent.TimeUnit;

final class ConferenceExample {

    private ConferenceExample() {
    }

    // [conference]
    static void meet(String login, String password, String roomId) throws Exception {
        ParleySettings settings = ParleySettings.builder()
                .application(1, "your-auth-key")
                .apiUrl("http://127.0.0.1:8080")          // the Janus WebSocket is ws://127.0.0.1:8080/janus
                .build();
        ParleyClient rest = new ParleyClient(settings);
        ParleyUser me = rest.login(login, password);

        WebrtcJavaEngine engine = WebrtcJavaEngine.builder().build();
        ConferenceClient conference = new ConferenceClient(settings, rest.token(), engine,
                new RTCConfig().setStatsReportInterval(1000), new RTCMediaConfig().setMinWidth(640).setMinHeight(480));
        ConferenceSession session = conference.createCallSession(me.id(), ConferenceType.VIDEO).get(20, TimeUnit.SECONDS);

        session.addSessionCallbacksListener(new ConferenceSessionCallbacks() {
            @Override
            public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
                publishers.forEach(s::subscribeToPublisher);        // receive everyone who publishes
            }

            @Override
            public void onPublisherLeft(ConferenceSession s, long userId) {
                System.out.println(userId + " left");
            }

            @Override
            public void onRemoteMediaState(ConferenceSession s, long userId, MediaTrack.Kind kind, boolean receiving) {
                System.out.println(userId + (receiving ? " resumed " : " stopped ") + kind);   // muted, camera off
            }

            @Override
            public void onError(ConferenceSession s, ParleyException error) {
                System.out.println("conference failed: " + error.getMessage());
            }
        });
        session.addSessionStateCallbacksListener(new RTCSessionStateCallback<>() {
            @Override
            public void onConnectedToUser(ConferenceSession s, long userId) {
                System.out.println("receiving " + userId);
            }
        });
        session.addTrackCallbacksListener(new ConferenceTrackCallbacks() {
            @Override
            public void onRemoteVideoTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                track.addSink(frame -> System.out.println(userId + " sent a " + frame.width() + "x" + frame.height() + " frame"));
            }
        });
        session.addStatsReportCallback((s, report) ->
                System.out.printf("%d: mic %.2f, video %.0f kbit/s%n", report.userId(), report.micLevel(), report.videoBitrateKbps()));

        List<Long> already = session.joinDialog(roomId, publishers -> System.out.println("in the room: " + publishers))
                .get(30, TimeUnit.SECONDS);                    // onPublishersReceived hears them too

        session.setMicrophoneMute(true);                       // the others get onRemoteMediaState(AUDIO, false)
        session.setVideoEnabled(false);
        session.switchCamera(session.getCameras().get(0).id());
        session.enableScreenSharing(true, null);               // the first screen, where the engine has one
        session.setMaxBandwidth(256);                          // kbit/s
        if (!already.isEmpty()) session.unsubscribeFromPublisher(already.get(0));   // stop receiving one

        session.leave().get(20, TimeUnit.SECONDS);
        conference.destroy().get(25, TimeUnit.SECONDS);        // leaves what is left; the app closes the engine
        engine.close();
    }
    // [/conference]
}
