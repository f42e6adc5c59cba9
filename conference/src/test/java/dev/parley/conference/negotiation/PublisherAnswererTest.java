package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.SimulcastLayer;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SdpWriter;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.sdp.Setup;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 3264 §6 and RFC 8829 §5.3 as Parley answers publishers: one forwarded codec per stream, ICE-lite, passive. */
class PublisherAnswererTest {

    final PublisherAnswerer answerer = new PublisherAnswerer(CodecPreferences.DEFAULT);

    PublisherNegotiation negotiate(String name) throws Exception {
        return answerer.negotiate(Sdps.parse(name), Optional.empty(), Optional.empty());
    }

    SessionDescription answer(PublisherNegotiation negotiation) throws SdpException {
        // Written and parsed again, so that the answer is checked as the publisher will read it.
        return SdpParser.parse(SdpWriter.write(answerer.answer(negotiation, Transports.PARLEY, "4242", 1)));
    }

    @Test
    void acceptsOpusAndVp8FromConnectyCubesOfferAndRejectsTheDataChannel() throws Exception {
        PublisherNegotiation negotiation = negotiate("chromium-offer-data-audio-video-trickle.sdp");

        assertThat(negotiation.streams()).extracting(PublishedStream::mid, PublishedStream::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("0", MediaKind.AUDIO),
                        org.assertj.core.groups.Tuple.tuple("1", MediaKind.VIDEO));
        PublishedStream audio = negotiation.streams().get(0);
        assertThat(audio.codec().payloadType()).isEqualTo(111);
        assertThat(audio.codec().name()).isEqualTo("opus");
        assertThat(audio.codec().feedback()).containsExactly("transport-cc");
        assertThat(audio.rtxPayloadType()).isEqualTo(-1);
        assertThat(audio.extensions()).containsEntry(HeaderExtension.AUDIO_LEVEL, 1).containsEntry(HeaderExtension.MID, 4);
        PublishedStream video = negotiation.streams().get(1);
        assertThat(video.codec().name()).isEqualTo("VP8");
        assertThat(video.codec().payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType()).isEqualTo(97);
        assertThat(video.codec().feedback()).containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        assertThat(video.extensions()).doesNotContainKey(HeaderExtension.AUDIO_LEVEL)
                .containsEntry(HeaderExtension.TRANSPORT_CC, 3).containsEntry(HeaderExtension.ABS_SEND_TIME, 2);
        assertThat(video.ssrc()).isGreaterThan(0);
        assertThat(video.rtxSsrc()).isGreaterThan(0);
        assertThat(negotiation.remote().setup()).isEqualTo(Setup.ACTPASS);
        assertThat(negotiation.remote().iceUfrag()).isNotBlank();
    }

    @Test
    void answersRecvonlyWithTheOffersPayloadTypesAndParleysTransport() throws Exception {
        SessionDescription answer = answer(negotiate("chromium-offer-data-audio-video-trickle.sdp"));

        assertThat(answer.has("ice-lite")).isTrue();
        assertThat(answer.bundle()).containsExactly("0", "1", "2");
        MediaDescription video = answer.media().get(1);
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(video.attribute("setup")).contains("passive");
        assertThat(video.attribute("ice-ufrag")).contains("pARl");
        assertThat(video.has("rtcp-mux")).isTrue();
        assertThat(video.attributes("fmtp")).containsExactly("97 apt=96");
        assertThat(video.candidates()).hasSize(1);
        assertThat(video.has("end-of-candidates")).isTrue();
        assertThat(video.port()).isEqualTo(40000);
        assertThat(video.extMaps()).extracting(e -> e.uri()).doesNotContain("urn:3gpp:video-orientation",
                "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id");
        MediaDescription data = answer.media().get(2);
        assertThat(data.rejected()).isFalse();
        assertThat(data.mid()).contains("2");
        assertThat(data.protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.attribute("sctp-port")).contains("5000");
        assertThat(data.attribute("max-message-size")).contains("262144");
        assertThat(data.attribute("setup")).contains("passive");
        assertThat(data.port()).isEqualTo(40000);
    }

    @Test
    void acceptsADataChannelOnlyOfferOnItsOwnTransport() throws Exception {
        PublisherNegotiation negotiation = negotiate("chromium-offer-data-only.sdp");
        SessionDescription answer = answer(negotiation);

        assertThat(negotiation.acceptsAny()).isTrue();
        assertThat(negotiation.streams()).isEmpty();
        assertThat(negotiation.data().maxMessageSize()).isEqualTo(262144);
        assertThat(negotiation.remote()).isNotNull();
        assertThat(answer.media()).singleElement().satisfies(section -> {
            assertThat(section.rejected()).isFalse();
            assertThat(section.attribute("sctp-port")).contains("5000");
        });
    }

    @Test
    void rejectsTheOldDtlsSctpFormAndAnOfferWithoutMaxMessageSizeMeans64Kib() throws Exception {
        String offer = Sdps.text("chromium-offer-data-only.sdp");
        PublisherNegotiation old = answerer.negotiate(SdpParser.parse(offer.replace("UDP/DTLS/SCTP webrtc-datachannel",
                "DTLS/SCTP 5000")), Optional.empty(), Optional.empty());
        assertThat(old.acceptsAny()).isFalse();

        PublisherNegotiation unstated = answerer.negotiate(SdpParser.parse(offer.replaceAll("a=max-message-size:\\d+\r?\n", "")),
                Optional.empty(), Optional.empty());
        assertThat(unstated.data().maxMessageSize()).isEqualTo(65536);
    }

    @Test
    void acceptsRidSimulcastAndLearnsTheLayersFromTheRidExtension() throws Exception {
        PublisherNegotiation negotiation = negotiate("chromium-offer-simulcast.sdp");
        PublishedStream video = negotiation.streams().get(1);
        assertThat(video.simulcast()).extracting(SimulcastLayer::rid).as("lowest first").containsExactly("l", "m", "h");
        assertThat(video.simulcast()).allSatisfy(layer -> assertThat(layer.ssrc()).isEqualTo(-1));
        assertThat(video.extensions()).containsEntry(HeaderExtension.RTP_STREAM_ID, 10)
                .containsEntry(HeaderExtension.REPAIRED_RTP_STREAM_ID, 11);

        MediaDescription answered = answer(negotiation).media().get(1);
        assertThat(answered.attributes("rid")).containsExactly("h recv", "m recv", "l recv");
        assertThat(answered.attributes("simulcast")).containsExactly("recv h;m;l");
        assertThat(answered.extMaps()).extracting(e -> e.uri()).contains(
                "urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id",
                "urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
        assertThat(answered.direction()).isEqualTo(Direction.RECVONLY);
        assertThat(negotiation.streams().get(0).simulcast()).as("audio").isEmpty();
        assertThat(negotiation.streams().get(0).extensions()).doesNotContainKey(HeaderExtension.RTP_STREAM_ID);
    }

    @Test
    void acceptsAtMostThreeRidLayersInTheOffersOrderReadAsHighestFirst() throws Exception {
        String sdp = Sdps.text("chromium-offer-simulcast.sdp")
                .replace("a=rid:h send\r\na=rid:m send\r\na=rid:l send\r\na=simulcast:send h;m;l",
                        "a=rid:a send\r\na=rid:b send\r\na=rid:c send\r\na=rid:d send\r\na=rid:x recv\r\n"
                                + "a=simulcast:send a;~b,x;c;d");
        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(sdp), Optional.empty(), Optional.empty());
        assertThat(negotiation.streams().get(1).simulcast()).extracting(SimulcastLayer::rid)
                .containsExactly("c", "b", "a");
        MediaDescription answered = answer(negotiation).media().get(1);
        assertThat(answered.attributes("simulcast")).containsExactly("recv a;b;c");
        assertThat(answered.attributes("rid")).containsExactly("a recv", "b recv", "c recv");
    }

    @Test
    void withoutTheRidExtensionAnswersWithoutSimulcast() throws Exception {
        String sdp = Sdps.text("chromium-offer-simulcast.sdp")
                .replace("a=extmap:10 urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n", "");
        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(sdp), Optional.empty(), Optional.empty());
        assertThat(negotiation.streams().get(1).simulcast()).isEmpty();
        MediaDescription video = answer(negotiation).media().get(1);
        assertThat(video.has("simulcast")).isFalse();
        assertThat(video.has("rid")).isFalse();
        assertThat(video.extMaps()).extracting(e -> e.uri())
                .doesNotContain("urn:ietf:params:rtp-hdrext:sdes:repaired-rtp-stream-id");
    }

    @Test
    void acceptsLegacySimulcastBySsrcGroupSim() throws Exception {
        String sdp = Sdps.text("chromium-offer-simulcast.sdp")
                .replace("a=rid:h send\r\na=rid:m send\r\na=rid:l send\r\na=simulcast:send h;m;l\r\n",
                        "a=ssrc-group:SIM 11 22 33\r\na=ssrc-group:FID 11 12\r\na=ssrc-group:FID 22 23\r\n"
                                + "a=ssrc-group:FID 33 34\r\na=ssrc:11 cname:x\r\na=ssrc:12 cname:x\r\n"
                                + "a=ssrc:22 cname:x\r\na=ssrc:23 cname:x\r\na=ssrc:33 cname:x\r\n"
                                + "a=ssrc:34 cname:x\r\n");
        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(sdp), Optional.empty(), Optional.empty());
        PublishedStream video = negotiation.streams().get(1);
        assertThat(video.simulcast()).containsExactly(new SimulcastLayer("", 11, 12), new SimulcastLayer("", 22, 23),
                new SimulcastLayer("", 33, 34));
        assertThat(video.ssrc()).isEqualTo(33);
        assertThat(answer(negotiation).media().get(1).has("simulcast")).isFalse();
    }

    /**
     * The dependency descriptor (what an AV1 SVC publisher's layers are read by) is taken for AV1 video only; an id
     * beyond the one-byte form's 14 only when the offer allows both forms, which the answer then allows too.
     */
    @Test
    void takesTheDependencyDescriptorForAv1VideoWithTheTwoByteFormWhenOffered() throws Exception {
        String dd = "a=extmap:16 " + HeaderExtension.DEPENDENCY_DESCRIPTOR.uri() + "\r\n";
        String offer = Sdps.text("chromium-offer-audio-video-data.sdp")
                .replace("a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n",
                        "a=extmap:4 urn:ietf:params:rtp-hdrext:sdes:mid\r\n" + dd);
        assertThat(offer).contains("a=extmap-allow-mixed\r\n");
        PublisherNegotiation vp8 = answerer.negotiate(SdpParser.parse(offer), Optional.empty(), Optional.empty());
        assertThat(vp8.streams().get(1).codec().name()).isEqualTo("VP8");
        assertThat(vp8.streams().get(1).extensions()).as("VP8's layers are in its payload descriptor")
                .doesNotContainKey(HeaderExtension.DEPENDENCY_DESCRIPTOR);
        assertThat(SdpWriter.write(answerer.answer(vp8, Transports.PARLEY, "4242", 1))).doesNotContain(dd);

        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(offer), Optional.empty(), Optional.of("av1"));
        assertThat(negotiation.streams().get(0).extensions()).doesNotContainKey(HeaderExtension.DEPENDENCY_DESCRIPTOR);
        assertThat(negotiation.streams().get(1).extensions()).containsEntry(HeaderExtension.DEPENDENCY_DESCRIPTOR, 16);
        String answer = SdpWriter.write(answerer.answer(negotiation, Transports.PARLEY, "4242", 1));
        assertThat(answer).contains("a=extmap-allow-mixed\r\n");
        assertThat(answer.split(Pattern.quote(dd), -1)).as("in the video section only").hasSize(2);

        PublisherNegotiation oneByteOnly = answerer.negotiate(SdpParser.parse(offer.replace("a=extmap-allow-mixed\r\n", "")),
                Optional.empty(), Optional.of("av1"));
        assertThat(oneByteOnly.streams().get(1).extensions()).doesNotContainKey(HeaderExtension.DEPENDENCY_DESCRIPTOR);
        assertThat(SdpWriter.write(answerer.answer(oneByteOnly, Transports.PARLEY, "4242", 1)))
                .doesNotContain("extmap-allow-mixed");
    }

    @Test
    void followsThePublishersCodecWishWhenParleyForwardsIt() throws Exception {
        PublisherNegotiation negotiation = answerer.negotiate(Sdps.parse("chromium-offer-audio-video-data.sdp"),
                Optional.empty(), Optional.of("h264"));

        PublishedStream video = negotiation.streams().get(1);
        assertThat(video.codec().name()).isEqualTo("H264");
        // RFC 6184 §8.1: packetization-mode 1 in the constrained baseline profile decodes everywhere.
        assertThat(video.codec().fmtp()).contains("packetization-mode=1").contains("profile-level-id=42e01f");
        assertThat(video.codec().payloadType()).isEqualTo(108);
        assertThat(video.rtxPayloadType()).isEqualTo(109);
    }

    @Test
    void prefersVp9ProfileZeroWhenVp9ComesFirst() throws Exception {
        PublisherAnswerer vp9First = new PublisherAnswerer(new CodecPreferences(List.of("opus"), List.of("vp9", "vp8")));

        PublishedStream video = vp9First.negotiate(Sdps.parse("chromium-offer-audio-video-data.sdp"), Optional.empty(),
                Optional.empty()).streams().get(1);

        assertThat(video.codec().payloadType()).isEqualTo(98);
        assertThat(video.codec().fmtp()).isEqualTo("profile-id=0");
    }

    @Test
    void rejectsAVideoSectionWithoutAForwardedCodec() throws Exception {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp")
                .replace("VP8/90000", "XYZ/90000").replace("VP9/90000", "XYZ/90000").replace("H264/90000", "XYZ/90000")
                .replace("AV1/90000", "XYZ/90000");

        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty());

        assertThat(negotiation.streams()).extracting(PublishedStream::kind).containsExactly(MediaKind.AUDIO);
        assertThat(answer(negotiation).media().get(1).rejected()).isTrue();
    }

    @Test
    void answersInactiveToASectionThePublisherDoesNotSendOn() throws Exception {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replaceFirst("a=sendonly", "a=recvonly");

        PublisherNegotiation negotiation = answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty());

        assertThat(negotiation.streams()).extracting(PublishedStream::mid).containsExactly("1");
        assertThat(answer(negotiation).media().getFirst().direction()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void refusesAnOfferWithoutIceCredentials() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replaceAll("a=ice-ufrag:[^\r]*\r\n", "");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("ice-ufrag");
    }

    @Test
    void refusesAnOfferWithoutFingerprint() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replaceAll("a=fingerprint:[^\r]*\r\n", "");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("fingerprint");
    }

    @Test
    void refusesAnOfferThatWantsParleyToBeTheDtlsClient() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replace("a=setup:actpass", "a=setup:passive");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("setup");
    }

    @Test
    void refusesStreamsOutsideTheBundleGroup() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replace("a=group:BUNDLE 0 1 2", "a=group:BUNDLE 0 2");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("BUNDLE");
    }

    @Test
    void refusesAStreamWithoutRtcpMux() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replace("a=rtcp-mux\r\n", "");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("rtcp-mux");
    }

    @Test
    void refusesSectionsWithoutMid() {
        String text = Sdps.text("chromium-offer-data-audio-video-trickle.sdp").replaceAll("a=mid:[^\r]*\r\n", "");

        assertThatThrownBy(() -> answerer.negotiate(SdpParser.parse(text), Optional.empty(), Optional.empty()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("a=mid");
    }

    @Test
    void preferencesRefuseCodecsParleyDoesNotForward() {
        assertThatThrownBy(() -> new CodecPreferences(List.of("opus"), List.of("h265")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("h265");
        assertThat(CodecPreferences.DEFAULT.order(MediaKind.VIDEO, Optional.of("AV1")))
                .containsExactly("av1", "vp8", "vp9", "h264");
        assertThat(CodecPreferences.DEFAULT.order(MediaKind.VIDEO, Optional.of("h265")))
                .containsExactly("vp8", "vp9", "h264", "av1");
    }
}
