package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.testing.FakeMedia;
import dev.parley.conference.testing.JanusHarness;
import dev.parley.conference.testing.Peer;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/protocol.md §4.3: multistream and legacy subscriptions, Parley's offers, their answers, and their updates. */
class SubscribingTest {

    final JanusHarness harness = new JanusHarness();
    final Peer alice = Peer.connect(harness, harness.auth.user("alice", 1, 10, null));
    final Peer bob = Peer.connect(harness, harness.auth.user("bob", 1, 11, null));
    final Peer carol = Peer.connect(harness, harness.auth.user("carol", 1, 12, null));

    SubscribingTest() {
        alice.join("r", 10, "Alice");
        alice.publish();
        bob.join("r", 11, "Bob");
        bob.publish();
        carol.join("r", 12, "Carol");
    }

    static SessionDescription offer(Peer peer) throws Exception {
        ObjectNode jsep = peer.client.lastJsep(peer.handle);
        assertThat(jsep.path("type").asText()).isEqualTo("offer");
        return SdpParser.parse(jsep.path("sdp").asText());
    }

    @Test
    void aMultistreamSubscriptionGetsOneSectionPerStream() throws Exception {
        Peer feeds = carol.newHandle();

        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10},"
                + "{\"feed\":11,\"mid\":\"1\"}],\"use_msid\":true,\"offer_data\":false}");

        ObjectNode attached = feeds.lastEvent();
        assertThat(attached.path("videoroom").asText()).isEqualTo("attached");
        assertThat(attached.has("id")).isFalse();
        assertThat(attached.path("streams").toString()).isEqualTo("["
                + "{\"type\":\"audio\",\"active\":true,\"mindex\":0,\"mid\":\"0\",\"ready\":false,\"send\":true,\"feed_id\":10,\"feed_display\":\"Alice\",\"feed_mid\":\"0\",\"codec\":\"opus\"},"
                + "{\"type\":\"video\",\"active\":true,\"mindex\":1,\"mid\":\"1\",\"ready\":false,\"send\":true,\"feed_id\":10,\"feed_display\":\"Alice\",\"feed_mid\":\"1\",\"codec\":\"vp8\"},"
                + "{\"type\":\"video\",\"active\":true,\"mindex\":2,\"mid\":\"2\",\"ready\":false,\"send\":true,\"feed_id\":11,\"feed_display\":\"Bob\",\"feed_mid\":\"1\",\"codec\":\"vp8\"}]");
        SessionDescription offer = offer(feeds);
        assertThat(offer.bundle()).containsExactly("0", "1", "2");
        assertThat(offer.media()).extracting(MediaDescription::direction).containsOnly(Direction.SENDONLY);
        assertThat(offer.media().get(2).msid().orElseThrow().streamId()).isEqualTo("11");
        assertThat(offer.media().get(1).ssrcGroups()).hasSize(1);
    }

    @Test
    void startWithTheAnswerStartsForwarding() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}],\"offer_data\":false}");
        SessionDescription offer = offer(feeds);

        // Chromium's own answer to an offer of this layout (audio 0, video 1, VP8 96 + RTX 97).
        feeds.request("{\"request\":\"start\"}", "answer", Sdps.text("chromium-answer-to-parley.sdp"));

        assertThat(feeds.lastEvent().path("started").asText()).isEqualTo("ok");
        FakeMedia.Subscriber endpoint = harness.media.lastSubscriber();
        assertThat(endpoint.remote.iceUfrag()).isEqualTo("GTUs");
        assertThat(endpoint.streams).hasSize(2);
        ForwardedStream video = endpoint.streams.get(1);
        assertThat(video.source()).isSameAs(harness.media.publishers.get(0));
        assertThat(video.sourceMid()).isEqualTo("1");
        assertThat(video.codec().payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType()).isEqualTo(97);
        assertThat(video.ssrc()).isEqualTo(offer.media().get(1).ssrcGroups().getFirst().ssrcs().get(0));
        assertThat(video.rtxSsrc()).isEqualTo(offer.media().get(1).ssrcGroups().getFirst().ssrcs().get(1));
        assertThat(video.extensions()).containsEntry(HeaderExtension.MID, 4);
        endpoint.listener.connected();
        assertThat(feeds.coreEvents("webrtcup")).hasSize(1);
    }

    @Test
    void theLegacyListenerFormCarriesTheFeedsId() {
        Peer feed = carol.newHandle();

        ObjectNode attached = feed.listen("r", 11);

        assertThat(attached.path("videoroom").asText()).isEqualTo("attached");
        assertThat(attached.path("id").asLong()).isEqualTo(11);
        assertThat(attached.path("display").asText()).isEqualTo("Bob");
        assertThat(feed.client.lastJsep(feed.handle).path("type").asText()).isEqualTo("offer");
        assertThat(feed.answer().path("started").asText()).isEqualTo("ok");
    }

    @Test
    void refusesFeedsThatDoNotPublish() {
        Peer unknown = carol.newHandle();
        unknown.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":99}]}");
        Peer notPublishing = alice.newHandle();
        notPublishing.listen("r", 12);
        Peer noSuchMid = carol.newHandle();
        noSuchMid.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10,\"mid\":\"7\"}]}");
        Peer dataOnly = Peer.connect(harness, harness.auth.user("dave", 1, 13, null));
        dataOnly.join("r", 13, "Dave");
        dataOnly.publish(Sdps.text("chromium-offer-data-only.sdp"));
        Peer toDataOnly = carol.newHandle(); // a feed of data channels only, its data refused: nothing to offer
        toDataOnly.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":13}],"
                + "\"offer_data\":false}");

        assertThat(unknown.lastEvent().path("error_code").asInt()).isEqualTo(428);
        assertThat(unknown.lastEvent().path("error").asText()).isEqualTo("No such feed (99)");
        assertThat(notPublishing.lastEvent().path("error_code").asInt()).isEqualTo(428);
        assertThat(noSuchMid.lastEvent().path("error").asText()).isEqualTo("No such mid '7' in feed (10)");
        assertThat(toDataOnly.lastEvent().path("error_code").asInt()).isEqualTo(437);
        assertThat(harness.media.subscribers).isEmpty();
        toDataOnly.request("{\"request\":\"start\"}");
        assertThat(toDataOnly.lastEvent().path("error_code").asInt()).isEqualTo(424);
    }

    @Test
    void aFeedThatLeavesStopsItsSlotsWithANewOffer() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10},{\"feed\":11}],\"offer_data\":false}");
        feeds.answer();

        alice.request("{\"request\":\"leave\"}");

        ObjectNode updated = feeds.lastEvent();
        assertThat(updated.path("videoroom").asText()).isEqualTo("updated");
        assertThat(updated.path("streams")).extracting(stream -> stream.path("active").asBoolean())
                .containsExactly(false, false, true, true);
        SessionDescription offer = offer(feeds);
        assertThat(offer.media()).extracting(MediaDescription::direction)
                .containsExactly(Direction.INACTIVE, Direction.INACTIVE, Direction.SENDONLY, Direction.SENDONLY);
        assertThat(offer.media()).extracting(MediaDescription::port).as("the transport stays up").containsOnly(40000);
        assertThat(offer.bundle()).containsExactly("0", "1", "2", "3");
        feeds.answer();
        assertThat(harness.media.lastSubscriber().streams).extracting(ForwardedStream::mid).containsExactly("2", "3");
    }

    @Test
    void changesWhileAnOfferAwaitsItsAnswerWaitForIt() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}],\"offer_data\":false}");

        bob.request("{\"request\":\"unpublish\"}");
        feeds.request("{\"request\":\"subscribe\",\"streams\":[{\"feed\":10,\"mid\":\"0\"}]}");
        ObjectNode updating = feeds.lastEvent();
        feeds.answer();

        assertThat(updating.path("videoroom").asText()).isEqualTo("updating");
        assertThat(feeds.lastEvent().path("videoroom").asText()).isEqualTo("updated");
        assertThat(offer(feeds).media()).hasSize(3);
    }

    @Test
    void subscribeUnsubscribeAndUpdateRenegotiate() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}],\"offer_data\":false}");
        feeds.answer();

        feeds.request("{\"request\":\"subscribe\",\"streams\":[{\"feed\":11}]}");
        ObjectNode subscribed = feeds.lastEvent();
        feeds.answer();
        feeds.request("{\"request\":\"unsubscribe\",\"streams\":[{\"feed\":10,\"mid\":\"1\"}]}");
        ObjectNode unsubscribed = feeds.lastEvent();
        feeds.answer();
        feeds.request("{\"request\":\"update\",\"subscribe\":[{\"feed\":10,\"mid\":\"1\"}],\"unsubscribe\":[{\"sub_mid\":\"0\"}]}");
        feeds.answer();

        assertThat(subscribed.path("videoroom").asText()).isEqualTo("updated");
        assertThat(subscribed.path("streams")).hasSize(4);
        assertThat(unsubscribed.path("streams").get(1).path("active").asBoolean()).isFalse();
        assertThat(offer(feeds).media()).as("the video m-line mid 1 left was taken over again").extracting(MediaDescription::direction)
                .containsExactly(Direction.INACTIVE, Direction.SENDONLY, Direction.SENDONLY, Direction.SENDONLY);
        assertThat(harness.media.lastSubscriber().streams).extracting(ForwardedStream::mid).containsExactly("1", "2", "3");
    }

    @Test
    void aStoppedSlotIsReusedByTheNextStreamOfItsKindInNewSsrcs() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}],\"offer_data\":false}");
        feeds.answer();
        long before = harness.media.lastSubscriber().streams.get(1).ssrc();

        alice.request("{\"request\":\"leave\"}");
        feeds.answer();
        feeds.request("{\"request\":\"subscribe\",\"streams\":[{\"feed\":11}]}");
        feeds.answer();

        SessionDescription offer = offer(feeds);
        assertThat(offer.media()).as("no m-line added").hasSize(2);
        assertThat(offer.media()).extracting(MediaDescription::direction).containsOnly(Direction.SENDONLY);
        ForwardedStream video = harness.media.lastSubscriber().streams.get(1);
        assertThat(video.source()).isSameAs(harness.media.publishers.get(1));
        assertThat(video.ssrc()).isNotEqualTo(before);
    }

    @Test
    void pauseAndStartStopAndResumeSending() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);

        feed.request("{\"request\":\"start\"}");
        int beforeAnswer = feed.lastEvent().path("error_code").asInt();
        feed.answer();
        feed.request("{\"request\":\"pause\"}");
        boolean paused = harness.media.lastSubscriber().paused;
        feed.request("{\"request\":\"start\"}");

        assertThat(beforeAnswer).isEqualTo(429);
        assertThat(paused).isTrue();
        assertThat(feed.lastEvent().path("started").asText()).isEqualTo("ok");
        assertThat(harness.media.lastSubscriber().paused).isFalse();
    }

    @Test
    void switchFeedsASlotFromAnotherPublisher() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        feed.request("{\"request\":\"switch\",\"streams\":[{\"feed\":11,\"mid\":\"1\",\"sub_mid\":\"1\"},"
                + "{\"feed\":11,\"mid\":\"0\",\"sub_mid\":\"1\"}]}");

        ObjectNode switched = feed.lastEvent();
        assertThat(switched.path("switched").asText()).isEqualTo("ok");
        assertThat(switched.path("changes").asInt()).isEqualTo(1);
        assertThat(harness.media.lastSubscriber().streams.get(1).source()).isSameAs(harness.media.publishers.get(1));
    }

    @Test
    void configureStopsAStreamOrRestartsIce() throws Exception {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        feed.request("{\"request\":\"configure\",\"streams\":[{\"mid\":\"1\",\"send\":false}]}");
        boolean sending = harness.media.lastSubscriber().sending.get("1");
        feed.request("{\"request\":\"configure\",\"restart\":true}");

        assertThat(sending).isFalse();
        assertThat(offer(feed).media().getFirst().attribute("ice-ufrag")).contains("fake3r1");
        feed.request("{\"request\":\"configure\",\"streams\":[{\"mid\":\"9\",\"send\":false}]}");
        assertThat(feed.lastEvent().path("error_code").asInt()).isEqualTo(428);
    }

    @Test
    void configureChoosesSimulcastLayersPerStreamOrForEveryVideo() throws Exception {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();
        var layers = harness.media.lastSubscriber().layers;

        assertThat(layers).as("all layers until asked").containsEntry("1", List.of(2, 2)).doesNotContainKey("0");
        feed.request("{\"request\":\"configure\",\"streams\":[{\"mid\":\"1\",\"substream\":0}]}");
        assertThat(layers).containsEntry("1", List.of(0, 2));
        feed.request("{\"request\":\"configure\",\"substream\":1,\"temporal\":0}");
        assertThat(layers).containsEntry("1", List.of(1, 0)).doesNotContainKey("0");
        feed.request("{\"request\":\"configure\",\"mid\":\"1\",\"temporal\":2}");
        assertThat(layers).containsEntry("1", List.of(1, 2));

        ObjectNode refused = feed.request("{\"request\":\"configure\",\"substream\":3}");
        assertThat(refused.path("plugindata").path("data").path("error_code").asInt())
                .as("refused synchronously").isEqualTo(VideoRoomError.INVALID_ELEMENT.code());
        feed.request("{\"request\":\"configure\",\"mid\":\"9\",\"substream\":0}");
        assertThat(feed.lastEvent().path("error_code").asInt()).isEqualTo(428);
        assertThat(layers).containsEntry("1", List.of(1, 2));
    }

    @Test
    void aSubscriberHearsWhichLayersItsStreamCarries() throws Exception {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();
        harness.media.lastSubscriber().listener.layersChanged("1", 0, 1);
        ObjectNode event = feed.lastEvent();
        assertThat(event.path("videoroom").asText()).isEqualTo("event");
        assertThat(event.path("mid").asText()).isEqualTo("1");
        assertThat(event.path("substream").asInt()).isZero();
        assertThat(event.path("temporal").asInt()).isOne();
    }

    @Test
    void aSubscriberJoinsAskingForLayersPerStream() {
        Peer feed = carol.newHandle();
        feed.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":["
                + "{\"feed\":10,\"mid\":\"1\",\"substream\":0,\"temporal\":1},{\"feed\":10,\"mid\":\"0\"}]}");
        assertThat(feed.lastEvent().path("videoroom").asText()).isEqualTo("attached");
        assertThat(harness.media.lastSubscriber().layers).containsExactly(java.util.Map.entry("0", List.of(0, 1)));
    }

    @Test
    void subscribersHearWhenAFeedMutesAndUnmutes() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        alice.request("{\"request\":\"configure\",\"audio\":false}");
        alice.request("{\"request\":\"configure\",\"audio\":true}");
        alice.request("{\"request\":\"configure\",\"audio\":true}");

        assertThat(feed.coreEvents("media")).extracting(event -> event.path("mid").asText() + " "
                + event.path("type").asText() + " " + event.path("receiving").asBoolean())
                .containsExactly("0 audio false", "0 audio true");
    }

    @Test
    void subscribersHearWhenAFeedsMediaStopsArriving() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        harness.media.publishers.get(0).listener.receiving("1", false);

        assertThat(feed.coreEvents("media")).extracting(event -> event.path("receiving").asBoolean()).containsExactly(false);
    }

    @Test
    void refusesOffersAndUnexpectedAnswersFromSubscribers() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);

        feed.request("{\"request\":\"start\"}", "offer", Peer.OFFER);
        int offer = feed.lastEvent().path("error_code").asInt();
        feed.answer();
        feed.request("{\"request\":\"start\"}", "answer", Sdps.text("chromium-answer-to-parley.sdp"));

        assertThat(offer).isEqualTo(431);
        assertThat(feed.lastEvent().path("error_code").asInt()).isEqualTo(437);
    }

    @Test
    void leaveEndsTheSubscription() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        feed.request("{\"request\":\"leave\"}");

        assertThat(feed.lastEvent().path("left").asText()).isEqualTo("ok");
        assertThat(harness.media.lastSubscriber().closed).isTrue();
    }

    @Test
    void aSubscriberWhoseTransportClosesIsHungUp() {
        Peer feed = carol.newHandle();
        feed.listen("r", 10);
        feed.answer();

        harness.media.lastSubscriber().listener.closed("DTLS alert");

        assertThat(feed.coreEvents("hangup").getFirst().path("reason").asText()).isEqualTo("DTLS alert");
        assertThat(harness.media.lastSubscriber().closed).isTrue();
        feed.request("{\"request\":\"pause\"}");
        assertThat(feed.lastEvent().path("error_code").asInt()).isEqualTo(424);
    }

    @Test
    void aPublisherHandleCannotSubscribe() {
        alice.request("{\"request\":\"pause\"}");

        assertThat(alice.lastEvent().path("error_code").asInt()).isEqualTo(423);
        assertThat(List.of(alice.lastEvent().path("error").asText())).allMatch(text -> text.contains("subscribers"));
    }

    @Test
    void aWholeFeedComesWithItsDataChannelAsInJanusUnlessOfferDataSaysNo() throws Exception {
        Peer refused = carol.newHandle();
        refused.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}],"
                + "\"offer_data\":false}");
        assertThat(offer(refused).media()).extracting(MediaDescription::type).containsExactly("audio", "video");

        Peer legacy = carol.newHandle(); // ConnectyCube's listener: one feed, no offer_data
        legacy.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"listener\",\"feed\":10}");
        assertThat(offer(legacy).media()).extracting(MediaDescription::type).containsExactly("audio", "video", "application");

        Peer oneStream = carol.newHandle(); // a stream by its mid is that stream alone
        oneStream.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10,\"mid\":\"0\"}]}");
        assertThat(offer(oneStream).media()).extracting(MediaDescription::type).containsExactly("audio");
        assertThat(oneStream.answer().path("started").asText()).isEqualTo("ok");
        oneStream.request("{\"request\":\"subscribe\",\"streams\":[{\"feed\":11}]}"); // a whole feed: data too
        assertThat(offer(oneStream).media()).extracting(MediaDescription::type)
                .containsExactly("audio", "audio", "video", "application");
    }

    @Test
    void theDataChannelSectionKeepsItsPlace() throws Exception {
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":10}]}");
        SessionDescription offer = offer(feeds);
        assertThat(offer.media()).extracting(MediaDescription::type).containsExactly("audio", "video", "application");
        assertThat(offer.bundle()).containsExactly("0", "1", "data");
        assertThat(offer.media().get(2).attribute("sctp-port")).contains("5000");

        assertThat(feeds.answer().path("started").asText()).isEqualTo("ok");
        FakeMedia.Subscriber endpoint = harness.media.lastSubscriber();
        assertThat(endpoint.dataMaxMessageSize).isEqualTo(65536); // the answer states none: RFC 8841 §6.1's default

        feeds.request("{\"request\":\"subscribe\",\"streams\":[{\"feed\":11,\"mid\":\"0\"}]}");
        assertThat(offer(feeds).media()).extracting(m -> m.mid().orElseThrow()).containsExactly("0", "1", "data", "2");
        assertThat(feeds.answer().path("started").asText()).isEqualTo("ok");
        assertThat(endpoint.streams).hasSize(3);
    }

    @Test
    void aFeedThatStartsPublishingDataChannelsBringsTheDataSectionInANewOffer() throws Exception {
        Peer dan = carol.newHandle();
        dan.join("r", 13, "Dan");
        dan.publish(Peer.OFFER.replace("m=application 9", "m=application 0")); // no data channel yet
        Peer feeds = carol.newHandle();
        feeds.request("{\"request\":\"join\",\"room\":\"r\",\"ptype\":\"subscriber\",\"streams\":[{\"feed\":13}],"
                + "\"offer_data\":true}");
        assertThat(offer(feeds).media()).extracting(MediaDescription::type).containsExactly("audio", "video");
        assertThat(feeds.answer().path("started").asText()).isEqualTo("ok");

        dan.publish(); // renegotiated, now with a data channel

        assertThat(feeds.lastEvent().path("videoroom").asText()).isEqualTo("updated");
        assertThat(offer(feeds).media()).extracting(MediaDescription::type).containsExactly("audio", "video", "application");
    }
}
