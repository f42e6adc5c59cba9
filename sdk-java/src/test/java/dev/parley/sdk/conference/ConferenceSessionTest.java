package dev.parley.sdk.conference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

import dev.parley.sdk.ParleyException;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.FakeEngine;
import dev.parley.sdk.call.FakeScheduler;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerStats;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The conference session's behaviour over a fake Janus session, a fake engine and a fake clock: joining
 * (docs/protocol.md §4.3 {@code joined}, {@code configure} with the offer), the room's events, the multistream
 * subscription, failures and timeouts, local media and stats.
 */
class ConferenceSessionTest {

    private static final long ME = 7;

    private final FakeScheduler clock = new FakeScheduler();
    private final FakeEngine engine = new FakeEngine("me");
    private final FakeJanus janus = new FakeJanus();
    private final List<String> events = new ArrayList<>();
    private final List<RTCStatsReport> reports = new ArrayList<>();
    private ConferenceSession session;

    @BeforeEach
    void createSession() throws Exception {
        ConferenceClient client = new ConferenceClient(thread -> CompletableFuture.completedFuture(janus), engine,
                new RTCConfig().setStatsReportInterval(1000), new RTCMediaConfig(), clock, Runnable::run, 30_000);
        CompletableFuture<ConferenceSession> created = client.createCallSession(ME, ConferenceType.VIDEO);
        clock.runPending();
        session = created.get();
        session.addSessionCallbacksListener(new ConferenceSessionCallbacks() {
            @Override
            public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
                events.add("publishers " + publishers);
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
            public void onTalkingChanged(ConferenceSession s, long userId, boolean talking) {
                events.add((talking ? "talking " : "stopped talking ") + userId);
            }

            @Override
            public void onDominantSpeakerChanged(ConferenceSession s, long userId) {
                events.add("speaker " + userId);
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
        session.addSessionStateCallbacksListener(new RTCSessionStateCallback<>() {
            @Override
            public void onConnectedToUser(ConferenceSession s, long userId) {
                events.add("connected " + userId);
            }

            @Override
            public void onDisconnectedFromUser(ConferenceSession s, long userId) {
                events.add("disconnected " + userId);
            }

            @Override
            public void onConnectionClosedForUser(ConferenceSession s, long userId) {
                events.add("connection closed " + userId);
            }
        });
        session.addTrackCallbacksListener(new ConferenceTrackCallbacks() {
            @Override
            public void onRemoteAudioTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                events.add("audio of " + userId);
            }

            @Override
            public void onRemoteVideoTrackReceive(ConferenceSession s, MediaTrack track, long userId) {
                events.add("video of " + userId);
            }
        });
        session.addStatsReportCallback((s, report) -> reports.add(report));
    }

    /** Joins with publishers 2 and 3 in the room already; the publisher handle is 1. */
    private List<Long> join() throws Exception {
        CompletableFuture<List<Long>> joined = session.joinDialog("room-1", null);
        clock.runPending();
        FakeJanus.Sent join = janus.last("join");
        assertEquals("publisher", join.body().path("ptype").asText());
        assertEquals("room-1", join.body().path("room").asText());
        assertEquals(ME, join.body().path("id").asLong());
        FakeJanus.answer(join, "{\"videoroom\":\"joined\",\"publishers\":[{\"id\":2},{\"id\":3},{\"id\":" + ME + "}]}", null, null);
        clock.runPending();
        FakeJanus.Sent configure = janus.last("configure");
        assertEquals("offer", configure.jsepType());
        assertTrue(configure.body().path("audio").asBoolean() && configure.body().path("video").asBoolean());
        FakeJanus.answer(configure, "{\"videoroom\":\"event\",\"configured\":\"ok\"}", "answer", "v=0 answer");
        clock.runPending();
        events.clear();
        return joined.get();
    }

    @Test
    void joinsAsPublisherAndListsWhoPublishesAlready() throws Exception {
        assertEquals(List.of(2L, 3L), join());
        assertEquals(ConferenceState.JOINED, session.getState());
        assertEquals(List.of("v=0 answer"), engine.lastPeer().remoteDescriptions());
        assertEquals(1, engine.media().size());
    }

    @Test
    void aPublisherAnnouncedWhileJoiningIsAmongThoseJoinDialogReturns() throws Exception {
        CompletableFuture<List<Long>> joined = session.joinDialog("room-1", null);
        clock.runPending();
        FakeJanus.answer(janus.last("join"), "{\"videoroom\":\"joined\",\"publishers\":[{\"id\":2}]}", null, null);
        clock.runPending();
        // Publisher 3 joined just before us and configures while we publish: the room announces it now, once.
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"publishers\":[{\"id\":3}]}", null, null));
        FakeJanus.answer(janus.last("configure"), "{\"videoroom\":\"event\",\"configured\":\"ok\"}", "answer", "v=0 answer");
        clock.runPending();
        assertEquals(List.of(2L, 3L), joined.get());
        assertEquals(List.of("publishers [2, 3]"), events);
    }

    @Test
    void hearsPublishersThatComeAndGo() throws Exception {
        join();
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"publishers\":[{\"id\":4},{\"id\":2}]}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"unpublished\":3}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"leaving\":3}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"publishers\":[{\"id\":5,\"streams\":[]}]}", null, null));
        assertEquals(List.of("publishers [4]", "left 3"), events);
        assertEquals(List.of(2L, 4L), session.getPublishers().get());
    }

    @Test
    void hearsWhoTalksAndWhoHoldsTheFloor() throws Exception {
        join();
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"publishers\":[{\"id\":4,\"talking\":true,"
                + "\"streams\":[{\"type\":\"audio\",\"mid\":\"0\"},{\"type\":\"video\",\"mid\":\"1\"}]}]}", null, null));
        talk("talking", 2, "0");
        talk("talking", 2, "2");
        talk("stopped-talking", 2, "0");
        talk("talking", ME, "0");
        talk("talking", 99, "0");
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"dominant-speaker\",\"room\":\"room-1\",\"id\":2}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"dominant-speaker\",\"room\":\"room-1\",\"id\":2}", null, null));
        talk("stopped-talking", 2, "2");

        assertEquals(List.of("talking 4", "publishers [4]", "talking 2", "talking " + ME, "speaker 2", "stopped talking 2"), events);
        assertEquals(Set.of(4L, ME), session.getTalking());
        assertEquals(OptionalLong.of(2), session.getDominantSpeaker());

        events.clear();
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"unpublished\":4}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"leaving\":2}", null, null));
        assertEquals(List.of("stopped talking 4", "left 4", "left 2"), events);
        assertEquals(Set.of(ME), session.getTalking());
        assertEquals(OptionalLong.empty(), session.getDominantSpeaker());
    }

    private void talk(String videoroom, long id, String mid) {
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"" + videoroom + "\",\"room\":\"room-1\",\"id\":" + id
                + ",\"mid\":\"" + mid + "\",\"audio-level-dBov-avg\":20}", null, null));
    }

    @Test
    void subscribesToEveryFeedOnOneConnection() throws Exception {
        join();
        CompletableFuture<Void> first = session.subscribeToPublisher(2);
        clock.runPending();
        FakeJanus.Sent subscriberJoin = janus.last("join");
        assertEquals(2, subscriberJoin.handle());
        assertEquals("subscriber", subscriberJoin.body().path("ptype").asText());
        assertEquals(2, subscriberJoin.body().path("streams").get(0).path("feed").asLong());
        assertTrue(subscriberJoin.body().path("offer_data").asBoolean(), "the subscription asks for the feeds' data");
        FakeEngine.FakePeer subscriber = null;
        FakeJanus.answer(subscriberJoin, "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},{\"mid\":\"1\",\"feed_id\":2}]}",
                "offer", "v=0 offer 1");
        subscriber = engine.lastPeer();
        subscriber.tracksByMid.put("0", new FakeEngine.FakeTrack(MediaTrack.Kind.AUDIO, "a0"));
        subscriber.tracksByMid.put("1", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v1"));
        clock.runPending();
        FakeJanus.Sent start = janus.last("start");
        assertEquals("answer", start.jsepType());
        FakeJanus.answer(start, "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        first.get();
        assertEquals(List.of("audio of 2", "video of 2"), events);
        subscriber.ice(IceConnectionState.CONNECTED);
        clock.runPending();
        assertEquals("connected 2", events.get(2));

        events.clear();
        CompletableFuture<Void> second = session.subscribeToPublisher(3);
        clock.runPending();
        FakeJanus.Sent subscribe = janus.last("subscribe");
        assertEquals(2, subscribe.handle());
        subscriber.tracksByMid.put("2", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v2"));
        FakeJanus.answer(subscribe, "{\"videoroom\":\"updated\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},{\"mid\":\"1\",\"feed_id\":2},"
                + "{\"mid\":\"2\",\"feed_id\":3}]}", "offer", "v=0 offer 2");
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        second.get();
        assertEquals(1, engine.peers().size() - 1, "one subscriber connection besides the publisher's");
        assertEquals(List.of("video of 3", "connected 3"), events);

        events.clear();
        janus.raise(2, FakeJanus.core(2, "{\"janus\":\"media\",\"type\":\"video\",\"receiving\":false,\"mid\":\"2\"}"));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"leaving\":2}", null, null));
        assertEquals(List.of("media 3 VIDEO false", "connection closed 2", "left 2"), events);
    }

    @Test
    void setPreferredLayersAsksForSimulcastLayersOfAFeedsVideo() throws Exception {
        join();
        CompletableFuture<Void> subscribed = session.subscribeToPublisher(2);
        clock.runPending();
        FakeJanus.answer(janus.last("join"), "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},"
                + "{\"mid\":\"1\",\"feed_id\":2}]}", "offer", "v=0 offer 1");
        FakeEngine.FakePeer subscriber = engine.lastPeer();
        subscriber.tracksByMid.put("0", new FakeEngine.FakeTrack(MediaTrack.Kind.AUDIO, "a0"));
        subscriber.tracksByMid.put("1", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v1"));
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        subscribed.get();

        CompletableFuture<Void> layers = session.setPreferredLayers(2, 0, 1);
        clock.runPending();
        FakeJanus.Sent configure = janus.last("configure");
        assertEquals(2, configure.handle());
        assertEquals("[{\"mid\":\"1\",\"substream\":0,\"temporal\":1}]", configure.body().path("streams").toString());
        FakeJanus.answer(configure, "{\"videoroom\":\"event\",\"configured\":\"ok\"}", null, null);
        clock.runPending();
        layers.get();

        CompletableFuture<Void> nobody = session.setPreferredLayers(3, 0, 0);
        clock.runPending();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, nobody::get);
        assertTrue(failure.getCause().getMessage().contains("no video from user 3"));
        org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> session.setPreferredLayers(2, 3, 0).get());
    }

    @Test
    void sendDataGoesOnThePublishersDataChannelAndMessagesArriveWithTheirSendersId() throws Exception {
        List<String> received = new ArrayList<>();
        session.addDataCallback((s, userId, data, binary) ->
                received.add(userId + (binary ? " binary " : " text ") + new String(data, StandardCharsets.UTF_8)));
        assertFalse(session.sendData("too early"), "nothing to send on before publishing");
        join();
        FakeEngine.FakePeer publisher = engine.peers().get(0);

        assertTrue(session.sendData("hello"));
        assertTrue(session.sendData("bytes".getBytes(StandardCharsets.UTF_8), true));
        assertEquals(Map.of("parley", List.of("text:hello", "binary:bytes")), publisher.dataSent);

        session.subscribeToPublisher(2);
        clock.runPending();
        FakeJanus.answer(janus.last("join"), "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2}]}",
                "offer", "v=0 offer 1");
        clock.runPending();
        FakeEngine.FakePeer subscriber = engine.lastPeer();
        subscriber.dataMessage("JanusDataChannel", "2", "from two", false);
        subscriber.dataMessage("chat", "3", "from three", true);
        subscriber.dataMessage("other", "not a feed", "dropped", false);
        clock.runPending();
        assertEquals(List.of("2 text from two", "3 binary from three"), received);
    }

    @Test
    void aRefusedJoinFailsAndClosesTheSession() throws Exception {
        CompletableFuture<List<Long>> joined = session.joinDialog("full", publishers -> events.add("callback"));
        clock.runPending();
        janus.last("join").answer().completeExceptionally(new JanusException(432, "Maximum number of publishers (12) already reached"));
        clock.runPending();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, joined::get);
        assertEquals(432, assertInstanceOf(JanusException.class, failure.getCause()).code());
        assertEquals(ConferenceState.CLOSED, session.getState());
        assertTrue(engine.media().get(0).isClosed());
        assertTrue(janus.closed);
        assertEquals(List.of("closed"), events);
    }

    @Test
    void aJoinNotAnsweredTimesOut() throws Exception {
        CompletableFuture<List<Long>> joined = session.joinDialog("slow", null);
        clock.advance(29_999);
        assertFalse(joined.isDone());
        clock.advance(1);
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class, joined::get);
        assertTrue(failure.getCause().getMessage().contains("not joined within 30000 ms"), failure.getCause().getMessage());
        assertEquals(ConferenceState.CLOSED, session.getState());
    }

    @Test
    void joiningTwiceIsRefused() throws Exception {
        join();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> session.joinDialog("room-1", null).get());
        assertInstanceOf(IllegalStateException.class, failure.getCause());
        assertEquals(ConferenceState.JOINED, session.getState());
    }

    @Test
    void subscribingToSomeoneWhoDoesNotPublishIsRefused() throws Exception {
        join();
        ExecutionException failure = org.junit.jupiter.api.Assertions.assertThrows(ExecutionException.class,
                () -> session.subscribeToPublisher(99).get());
        assertInstanceOf(IllegalArgumentException.class, failure.getCause());
    }

    @Test
    void theServerHangingUpEndsTheSessionWithAnError() throws Exception {
        join();
        janus.raise(1, FakeJanus.core(1, "{\"janus\":\"hangup\",\"reason\":\"ICE consent expired\"}"));
        clock.runPending();
        assertEquals(List.of("error the server closed the publishing connection (ICE consent expired)", "closed"), events);
        assertTrue(engine.lastPeer().isClosed());
    }

    /** Subscribes to 2 and 3 on handle 2 and connects; returns the subscriber peer. */
    private FakeEngine.FakePeer subscribeToBoth() throws Exception {
        CompletableFuture<Void> first = session.subscribeToPublisher(2);
        clock.runPending();
        FakeJanus.answer(janus.last("join"), "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2}]}", "offer", "v=0 offer 1");
        FakeEngine.FakePeer subscriber = engine.lastPeer();
        subscriber.tracksByMid.put("0", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v0"));
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        CompletableFuture<Void> second = session.subscribeToPublisher(3);
        clock.runPending();
        subscriber.tracksByMid.put("1", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v1"));
        FakeJanus.answer(janus.last("subscribe"), "{\"videoroom\":\"updated\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},"
                + "{\"mid\":\"1\",\"feed_id\":3}]}", "offer", "v=0 offer 2");
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        first.get();
        second.get();
        subscriber.ice(IceConnectionState.CONNECTED);
        clock.runPending();
        assertEquals(List.of("video of 2", "video of 3", "connected 2", "connected 3"), events);
        events.clear();
        return subscriber;
    }

    /** Answers the restart's subscriber join (on {@code handle}) for feeds 2 and 3; returns the new peer. */
    private FakeEngine.FakePeer answerRestart(long handle) {
        FakeJanus.Sent rejoin = janus.last("join");
        assertEquals(handle, rejoin.handle());
        assertEquals("subscriber", rejoin.body().path("ptype").asText());
        assertEquals("[{\"feed\":2},{\"feed\":3}]", rejoin.body().path("streams").toString(), "one join asks for every feed");
        FakeJanus.answer(rejoin, "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},{\"mid\":\"1\",\"feed_id\":3}]}",
                "offer", "v=0 offer again");
        FakeEngine.FakePeer peer = engine.lastPeer();
        peer.tracksByMid.put("0", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v0 again"));
        peer.tracksByMid.put("1", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v1 again"));
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        return peer;
    }

    @Test
    void aSubscriptionTheServerHangsUpIsSetUpAgainWithEveryFeed() throws Exception {
        join();
        FakeEngine.FakePeer first = subscribeToBoth();

        janus.raise(2, FakeJanus.core(2, "{\"janus\":\"hangup\",\"reason\":\"DTLS error\"}"));
        clock.runPending();
        assertEquals(List.of("disconnected 2", "disconnected 3"), events, "no error, no closed session: the feeds wait");
        assertTrue(first.isClosed());
        assertEquals(List.of(2L), janus.detached);
        int sent = janus.sent.size();
        clock.advance(Subscription.RESTART_DELAY_MS - 1);
        assertEquals(sent, janus.sent.size(), "the restart waits its delay");
        clock.advance(1);
        FakeEngine.FakePeer second = answerRestart(3);
        assertTrue(second != first);
        second.ice(IceConnectionState.CONNECTED);
        clock.runPending();
        assertEquals(List.of("disconnected 2", "disconnected 3", "video of 2", "video of 3", "connected 2", "connected 3"), events);
        assertEquals(ConferenceState.JOINED, session.getState());

        events.clear();
        janus.raise(2, FakeJanus.core(2, "{\"janus\":\"hangup\",\"reason\":\"late\"}"));
        first.ice(IceConnectionState.FAILED);
        clock.advance(10_000);
        assertEquals(List.of(), events, "the old handle and peer are not heard any more");
    }

    @Test
    void aPublisherWhoLeavesAndComesBackIsSubscribedToAgain() throws Exception {
        join();
        subscribeToBoth();
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"leaving\":3}", null, null));
        janus.raise(1, FakeJanus.event(1, "{\"videoroom\":\"event\",\"publishers\":[{\"id\":3}]}", null, null));
        int sent = janus.sent.size();
        session.subscribeToPublisher(3);
        clock.runPending();
        FakeJanus.Sent again = janus.last("subscribe");
        assertTrue(janus.sent.indexOf(again) >= sent, "a new subscribe for the publisher who came back");
        assertEquals(3, again.body().path("streams").get(0).path("feed").asLong());
    }

    @Test
    void aSubscriberConnectionWhoseIceFailsIsSetUpAgain() throws Exception {
        join();
        FakeEngine.FakePeer first = subscribeToBoth();
        first.ice(IceConnectionState.FAILED);
        clock.runPending();
        assertEquals(List.of("disconnected 2", "disconnected 3"), events);
        clock.advance(Subscription.RESTART_DELAY_MS);
        answerRestart(3).ice(IceConnectionState.CONNECTED);
        clock.runPending();
        assertEquals(List.of("connected 2", "connected 3"), events.subList(4, 6));
    }

    @Test
    void aSubscriptionThatNeverConnectsAgainFailsTheSessionAfterItsRestarts() throws Exception {
        join();
        subscribeToBoth();
        long handle = 2;
        long delay = Subscription.RESTART_DELAY_MS;
        for (int restart = 0; restart < Subscription.MAX_RESTARTS; restart++) {
            janus.raise(handle, FakeJanus.core(handle, "{\"janus\":\"hangup\",\"reason\":\"DTLS error\"}"));
            clock.advance(delay - 1);
            assertFalse(janus.handles.containsKey(handle + 1), "restart " + (restart + 1) + " waits " + delay + " ms");
            clock.advance(1);
            handle++;
            answerRestart(handle);
            delay *= 2;
        }
        assertEquals(ConferenceState.JOINED, session.getState());
        janus.raise(handle, FakeJanus.core(handle, "{\"janus\":\"hangup\",\"reason\":\"DTLS error\"}"));
        clock.runPending();
        assertEquals(List.of("error the server closed the subscription's connection (DTLS error), 3 restarts did not bring it back",
                "connection closed 2", "connection closed 3", "closed"), events.subList(events.size() - 4, events.size()));
        assertEquals(ConferenceState.CLOSED, session.getState());
    }

    @Test
    void aSubscriptionHungUpWhileLeavingIsNotSetUpAgain() throws Exception {
        join();
        subscribeToBoth();
        CompletableFuture<Void> left = session.leave();
        clock.runPending();
        janus.raise(2, FakeJanus.core(2, "{\"janus\":\"hangup\",\"reason\":\"leaving\"}"));
        FakeJanus.answer(janus.last("leave"), "{\"videoroom\":\"event\",\"leaving\":\"ok\"}", null, null);
        clock.advance(10_000);
        left.get();
        assertFalse(janus.sent.stream().anyMatch(m -> m.handle() > 2), "nothing sent on a new handle");
        assertFalse(events.stream().anyMatch(e -> e.startsWith("error")), "leaving is no failure: " + events);
    }

    @Test
    void leavingSendsLeaveAndReleasesEverything() throws Exception {
        join();
        CompletableFuture<Void> left = session.leave();
        clock.runPending();
        FakeJanus.answer(janus.last("leave"), "{\"videoroom\":\"event\",\"left\":\"ok\"}", null, null);
        clock.runPending();
        left.get();
        assertEquals(List.of("closed"), events);
        assertTrue(janus.closed);
        assertTrue(engine.media().get(0).isClosed());
        session.leave().get();
        assertEquals(List.of("closed"), events, "leaving a closed session does nothing");
    }

    @Test
    void mutingTellsTheRoom() throws Exception {
        join();
        session.setMicrophoneMute(true);
        clock.runPending();
        FakeJanus.Sent configure = janus.last("configure");
        assertFalse(configure.body().path("audio").asBoolean(true));
        assertTrue(session.isMicrophoneMuted());
        session.setVideoEnabled(false);
        assertFalse(janus.last("configure").body().path("video").asBoolean(true));
        assertFalse(session.isVideoEnabled());
        session.setMaxBandwidth(256);
        clock.runPending();
        assertEquals(256, engine.lastPeer().maxBitrate());
        assertEquals(256_000, janus.last("configure").body().path("bitrate").asInt());
    }

    @Test
    void reportsEachReceivedPublishersMicLevelAndVideoBitrate() throws Exception {
        join();
        session.subscribeToPublisher(2);
        clock.runPending();
        FakeJanus.answer(janus.last("join"), "{\"videoroom\":\"attached\",\"streams\":[{\"mid\":\"0\",\"feed_id\":2},{\"mid\":\"1\",\"feed_id\":2}]}",
                "offer", "v=0 offer");
        FakeEngine.FakePeer subscriber = engine.lastPeer();
        subscriber.tracksByMid.put("0", new FakeEngine.FakeTrack(MediaTrack.Kind.AUDIO, "a"));
        subscriber.tracksByMid.put("1", new FakeEngine.FakeTrack(MediaTrack.Kind.VIDEO, "v"));
        clock.runPending();
        FakeJanus.answer(janus.last("start"), "{\"videoroom\":\"event\",\"started\":\"ok\"}", null, null);
        clock.runPending();
        subscriber.midStats.put("0", audio(1_000_000, 0, 0.5));
        subscriber.midStats.put("1", video(1_000_000, 0));
        clock.advance(1000);
        subscriber.midStats.put("0", audio(2_000_000, 4_000, 0.25));
        subscriber.midStats.put("1", video(2_000_000, 50_000));
        clock.advance(1000);
        RTCStatsReport last = reports.get(reports.size() - 1);
        assertEquals(2, last.userId());
        assertEquals(0.25, last.micLevel(), 1e-9);
        assertEquals(400.0, last.videoBitrateKbps(), 1e-9);
        assertEquals(32.0, last.audioBitrateKbps(), 1e-9);
        assertEquals(Set.of(2L), Set.copyOf(reports.stream().map(RTCStatsReport::userId).toList()));
    }

    private static PeerStats audio(long timestampUs, long bytes, double level) {
        return new PeerStats(timestampUs, bytes, bytes / 100, 0, level, 0, 0, 0, 0, 0, 0, 0, 0, 0, -1);
    }

    private static PeerStats video(long timestampUs, long bytes) {
        return new PeerStats(timestampUs, 0, 0, 0, 0, 0, bytes, bytes / 1000, bytes / 1000, 320, 240, 0, 0, 0, -1);
    }
}
