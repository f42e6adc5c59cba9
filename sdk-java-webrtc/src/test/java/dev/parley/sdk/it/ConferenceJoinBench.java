package dev.parley.sdk.it;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.ParleyClient;
import dev.parley.sdk.ParleySettings;
import dev.parley.sdk.ParleyUser;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.conference.ConferenceClient;
import dev.parley.sdk.conference.ConferenceSession;
import dev.parley.sdk.conference.ConferenceSessionCallbacks;
import dev.parley.sdk.conference.ConferenceTrackCallbacks;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.webrtc.WebrtcJavaEngine;

/**
 * The Java SDK's conference join benchmark (bench/conference-join.mjs runs it inside the test namespace): from
 * {@code joinDialog()} to the first decoded video frame of a publisher already in the room (a {@code VideoSink} on its
 * remote track), over N joins, each a new session of one client that leaves before the next. Prints one line per join,
 * {@code join-ms N}. Arguments: server base URL, app id, auth key, login, password, room, publisher id, joins.
 */
public final class ConferenceJoinBench {

    private ConferenceJoinBench() {
    }

    public static void main(String[] args) throws Exception {
        ParleySettings settings = ParleySettings.builder().application(Long.parseLong(args[1]), args[2]).apiUrl(args[0]).build();
        ParleyClient rest = new ParleyClient(settings);
        ParleyUser me = rest.login(args[3], args[4]);
        String room = args[5];
        long publisher = Long.parseLong(args[6]);
        int joins = Integer.parseInt(args[7]);
        try (WebrtcJavaEngine engine = WebrtcJavaEngine.synthetic()) {
            ConferenceClient client = new ConferenceClient(settings, rest.token(), engine,
                    new RTCConfig(), new RTCMediaConfig().setMinWidth(320).setMinHeight(240).setMinFrameRate(15));
            for (int i = 0; i < joins; i++) {
                ConferenceSession session = client.createCallSession(me.id(), ConferenceType.VIDEO).get(20, TimeUnit.SECONDS);
                CompletableFuture<Long> firstFrame = new CompletableFuture<>();
                session.addSessionCallbacksListener(new ConferenceSessionCallbacks() {
                    @Override
                    public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
                        if (publishers.contains(publisher)) s.subscribeToPublisher(publisher);
                    }
                });
                session.addTrackCallbacksListener(new ConferenceTrackCallbacks() {
                    @Override
                    public void onRemoteVideoTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                        if (userId == publisher) track.addSink(frame -> firstFrame.complete(System.nanoTime()));
                    }
                });
                long start = System.nanoTime();
                session.joinDialog(room, null).get(30, TimeUnit.SECONDS);
                long frame = firstFrame.get(30, TimeUnit.SECONDS);
                System.out.printf("join-ms %.1f%n", (frame - start) / 1e6);
                System.out.flush();
                session.leave().get(20, TimeUnit.SECONDS);
                Thread.sleep(500);
            }
            client.destroy().get(25, TimeUnit.SECONDS);
        }
    }
}
