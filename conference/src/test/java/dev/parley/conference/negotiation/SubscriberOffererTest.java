package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SdpWriter;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Sdps;
import dev.parley.conference.sdp.SsrcGroup;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * RFC 8829 §5.2 as Parley offers subscribers, and what their answers accept. The answers here are Chromium 156's own,
 * to offers this code wrote (captured with the offers next to them).
 */
class SubscriberOffererTest {

    /** The slots of the captured offers: Chromium's audio and video from a second publisher, feed 7. */
    static List<SubscriberSlot> slots() throws Exception {
        List<PublishedStream> streams = new PublisherAnswerer(CodecPreferences.DEFAULT)
                .negotiate(Sdps.parse("chromium-offer-data-audio-video-trickle.sdp"), Optional.empty(), Optional.empty())
                .streams();
        List<SubscriberSlot> slots = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            PublishedStream stream = streams.get(i);
            slots.add(new SubscriberSlot(String.valueOf(i), stream.kind(), stream.codec(), stream.rtxPayloadType(),
                    1001 + i, stream.rtxPayloadType() >= 0 ? 2001 + i : -1, 7, stream.mid(), true));
        }
        return slots;
    }

    static SessionDescription offer(List<SubscriberSlot> slots) throws SdpException {
        return SdpParser.parse(SdpWriter.write(SubscriberOfferer.offer(slots, Transports.PARLEY, "4343", 1)));
    }

    @Test
    void offersOneSendonlySectionPerStreamWithThePublishersCodec() throws Exception {
        SessionDescription offer = offer(slots());

        assertThat(offer.has("ice-lite")).isTrue();
        assertThat(offer.bundle()).containsExactly("0", "1");
        MediaDescription video = offer.media().get(1);
        assertThat(video.direction()).isEqualTo(Direction.SENDONLY);
        assertThat(video.attribute("setup")).contains("actpass");
        assertThat(video.formats()).containsExactly("96", "97");
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(1002L, 2002L)));
        assertThat(video.msid().orElseThrow().streamId()).isEqualTo("7");
        assertThat(video.has("end-of-candidates")).isTrue();
        assertThat(video.extMaps()).extracting(e -> e.uri()).doesNotContain(HeaderExtension.AUDIO_LEVEL.uri())
                .contains(HeaderExtension.MID.uri());
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.ssrcGroups()).isEmpty();
        assertThat(audio.extMaps()).extracting(e -> e.uri()).contains(HeaderExtension.AUDIO_LEVEL.uri());
    }

    @Test
    void isTheOfferChromiumWasGiven() throws Exception {
        assertThat(SdpWriter.write(SubscriberOfferer.offer(slots(), Transports.PARLEY, "4343", 1)))
                .isEqualTo(Sdps.text("parley-offer-to-subscriber.sdp"));
    }

    @Test
    void offersAStoppedSlotInactiveInsideTheBundleSoThatTheTransportStays() throws Exception {
        List<SubscriberSlot> slots = slots();
        slots.set(0, slots.get(0).inactive());

        SessionDescription offer = offer(slots);

        assertThat(offer.bundle()).containsExactly("0", "1");
        MediaDescription stopped = offer.media().getFirst();
        assertThat(stopped.rejected()).isFalse();
        assertThat(stopped.direction()).isEqualTo(Direction.INACTIVE);
        assertThat(stopped.mid()).contains("0");
        assertThat(stopped.ssrcs()).as("no source behind it").isEmpty();
        assertThat(SdpWriter.write(offer)).isEqualTo(Sdps.text("parley-offer-to-subscriber-one-inactive.sdp"));
    }

    @Test
    void readsWhatChromiumsAnswerAccepted() throws Exception {
        SubscriberAnswer answer = SubscriberAnswerReader.read(Sdps.parse("chromium-answer-to-parley.sdp"), slots());

        assertThat(answer.remote().setup().value()).isEqualTo("active");
        assertThat(answer.remote().fingerprints()).hasSize(1);
        assertThat(answer.accepted()).extracting(AcceptedStream::mid).containsExactly("0", "1");
        AcceptedStream video = answer.accepted().get(1);
        assertThat(video.codec().payloadType()).isEqualTo(96);
        assertThat(video.rtxPayloadType()).isEqualTo(97);
        assertThat(video.codec().feedback()).contains("nack", "nack pli", "transport-cc");
        assertThat(video.extensions()).containsEntry(HeaderExtension.MID, 4).containsEntry(HeaderExtension.TRANSPORT_CC, 3);
    }

    @Test
    void readsChromiumsInactiveAnswerToAStoppedSlot() throws Exception {
        List<SubscriberSlot> slots = slots();
        slots.set(0, slots.get(0).inactive());

        SubscriberAnswer answer = SubscriberAnswerReader.read(Sdps.parse("chromium-answer-to-parley-one-inactive.sdp"), slots);

        assertThat(answer.accepted()).extracting(AcceptedStream::mid).containsExactly("1");
    }

    @Test
    void takesTheAnswersPayloadTypeWhenItDiffers() throws Exception {
        String text = Sdps.text("chromium-answer-to-parley.sdp").replace("96 97", "100 97").replace(":96 ", ":100 ")
                .replace("apt=96", "apt=100");

        SubscriberAnswer answer = SubscriberAnswerReader.read(SdpParser.parse(text), slots());

        assertThat(answer.accepted().get(1).codec().payloadType()).isEqualTo(100);
        assertThat(answer.accepted().get(1).rtxPayloadType()).isEqualTo(97);
    }

    @Test
    void refusesAnAnswerWithADifferentNumberOfSections() throws Exception {
        assertThatThrownBy(() -> SubscriberAnswerReader.read(Sdps.parse("chromium-answer-to-parley-one-inactive.sdp"),
                slots().subList(0, 1))).isInstanceOf(NegotiationException.class).hasMessageContaining("RFC 3264");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"actpass", "passive"})
    void refusesAnAnswerThatDoesNotMakeTheSubscriberTheDtlsClient(String setup) {
        String text = Sdps.text("chromium-answer-to-parley.sdp").replace("a=setup:active", "a=setup:" + setup);

        assertThatThrownBy(() -> SubscriberAnswerReader.read(SdpParser.parse(text), slots()))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("a=setup:active");
    }

    @Test
    void acceptsNothingFromAnAnswerThatRejectsEverySection() throws Exception {
        String text = Sdps.text("chromium-answer-to-parley.sdp").replace("m=audio 9", "m=audio 0").replace("m=video 9", "m=video 0");

        SubscriberAnswer answer = SubscriberAnswerReader.read(SdpParser.parse(text), slots());

        assertThat(answer.accepted()).isEmpty();
        assertThat(answer.remote()).isNull();
    }

    @Test
    void offersADataChannelSectionAtItsPlaceAndReadsTheAnswerToIt() throws Exception {
        SessionDescription offer = SdpParser.parse(SdpWriter.write(SubscriberOfferer.offer(slots(), 1, Transports.PARLEY,
                "4343", 1)));

        assertThat(offer.bundle()).containsExactly("0", "data", "1");
        MediaDescription data = offer.media().get(1);
        assertThat(data.type()).isEqualTo("application");
        assertThat(data.protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.attribute("sctp-port")).contains("5000");
        assertThat(data.attribute("max-message-size")).contains("262144");
        assertThat(data.attribute("setup")).contains("actpass");
        assertThat(offer.media().get(2).mid()).contains("1");

        String answer = Sdps.text("chromium-answer-to-parley.sdp");
        int video = answer.indexOf("m=video");
        String dataSection = "m=application 9 UDP/DTLS/SCTP webrtc-datachannel\r\nc=IN IP4 0.0.0.0\r\n"
                + "a=ice-ufrag:GTUs\r\na=ice-pwd:emygxZKCyNwbLJ8ydhpL5P24\r\na=setup:active\r\na=mid:data\r\n"
                + "a=fingerprint:sha-256 FE:5E:C9:3C:08:36:95:86:40:96:DD:4D:3C:C4:CA:4F:66:B4:B8:E7:EA:B0:78:29:EA:51:EE"
                + ":F0:DA:4F:76:01\r\n"
                + "a=sctp-port:5000\r\na=max-message-size:131072\r\n";
        String withData = answer.substring(0, video) + dataSection + answer.substring(video);

        SubscriberAnswer read = SubscriberAnswerReader.read(SdpParser.parse(withData), slots(), 1);

        assertThat(read.data().maxMessageSize()).isEqualTo(131072);
        assertThat(read.accepted()).extracting(AcceptedStream::mid).containsExactly("0", "1");
        String rejected = withData.replace("m=application 9", "m=application 0");
        assertThat(SubscriberAnswerReader.read(SdpParser.parse(rejected), slots(), 1).data()).isNull();
        assertThatThrownBy(() -> SubscriberAnswerReader.read(SdpParser.parse(answer), slots(), 1))
                .isInstanceOf(NegotiationException.class).hasMessageContaining("RFC 3264");
    }
}
