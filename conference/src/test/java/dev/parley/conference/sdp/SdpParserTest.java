package dev.parley.conference.sdp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** RFC 8866 §5 and §9 as Chromium and Janus write it: parse, write back unchanged, refuse the malformed. */
class SdpParserTest {

    static final List<String> CAPTURED = Sdps.ALL;

    @ParameterizedTest(name = "{0}")
    @FieldSource("CAPTURED")
    void writesEveryCapturedDescriptionBackByteForByte(String name) throws SdpException {
        String text = Sdps.text(name);

        assertThat(SdpWriter.write(SdpParser.parse(text))).isEqualTo(text);
    }

    @Test
    void readsChromiumsOfferWithAudioVideoAndADataChannel() throws SdpException {
        SessionDescription offer = Sdps.parse("chromium-offer-audio-video-data.sdp");

        assertThat(offer.origin().sessionVersion()).isEqualTo(2);
        assertThat(offer.bundle()).containsExactly("0", "1", "2");
        assertThat(offer.media()).extracting(MediaDescription::type).containsExactly("audio", "video", "application");
        MediaDescription audio = offer.media().get(0);
        assertThat(audio.port()).isEqualTo(48280);
        assertThat(audio.mid()).contains("0");
        assertThat(audio.direction()).isEqualTo(Direction.SENDRECV);
        assertThat(audio.has("rtcp-mux")).isTrue();
        assertThat(audio.rtpMaps().getFirst()).isEqualTo(new RtpMap(111, "opus", 48000, 2));
        assertThat(audio.fmtp(111).orElseThrow().parameterMap()).containsEntry("useinbandfec", "1");
        assertThat(audio.rtcpFeedback(111)).extracting(RtcpFb::mechanism).containsExactly("transport-cc");
        assertThat(audio.extMaps()).contains(new ExtMap(1, "", "urn:ietf:params:rtp-hdrext:ssrc-audio-level", ""));
        assertThat(audio.candidates().getFirst()).isEqualTo(new IceCandidate("3322751565", 1, "udp", 2122260223L,
                "198.18.0.1", 48280, "host", null, -1, List.of("generation", "0", "network-id", "1")));
        assertThat(audio.fingerprints().getFirst().hashFunction()).isEqualTo("sha-256");
        assertThat(Setup.parse(audio.attribute("setup").orElseThrow())).isEqualTo(Setup.ACTPASS);
        MediaDescription video = offer.media().get(1);
        assertThat(video.ssrcGroups()).containsExactly(new SsrcGroup("FID", List.of(1402111203L, 1624810077L)));
        assertThat(video.msid().orElseThrow().streamId()).isEqualTo("20ef4dbc-6cc2-404b-8b82-b3279f461bad");
        assertThat(video.rtcpFeedback(96)).extracting(RtcpFb::mechanism)
                .containsExactly("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli");
        MediaDescription data = offer.media().get(2);
        assertThat(data.protocol()).isEqualTo("UDP/DTLS/SCTP");
        assertThat(data.formats()).containsExactly("webrtc-datachannel");
        assertThat(data.attribute("sctp-port")).contains("5000");
        assertThat(data.attribute("max-message-size")).contains("262144");
    }

    @Test
    void keepsSimulcastAndRidLinesThoughParleyDoesNotForwardSimulcast() throws SdpException {
        MediaDescription video = Sdps.parse("chromium-offer-simulcast.sdp").media().get(1);

        assertThat(video.attributes("rid")).containsExactly("h send", "m send", "l send");
        assertThat(Rid.parse(video.attributes("rid").getFirst())).isEqualTo(new Rid("h", "send", ""));
        assertThat(video.attribute("simulcast")).contains("send h;m;l");
    }

    @Test
    void readsJanusIceLiteAndEndOfCandidates() throws SdpException {
        SessionDescription answer = Sdps.parse("janus-answer-to-publisher.sdp");

        assertThat(answer.has("ice-lite")).isTrue();
        assertThat(answer.media().getFirst().has("end-of-candidates")).isTrue();
        assertThat(answer.fingerprints(answer.media().getFirst())).hasSize(1);
    }

    @Test
    void readsRejectedSectionsAsPortZero() throws SdpException {
        MediaDescription rejected = Sdps.parse("chromium-answer-rejecting-audio.sdp").media().getFirst();

        assertThat(rejected.rejected()).isTrue();
        assertThat(rejected.direction()).isEqualTo(Direction.INACTIVE);
    }

    @Test
    void acceptsLineFeedsWithoutCarriageReturns() throws SdpException {
        String text = Sdps.text("chromium-offer-data-only.sdp").replace("\r\n", "\n");

        assertThat(SdpParser.parse(text).media()).hasSize(1);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {
        "",
        "v=1\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
        "o=- 1 2 IN IP4 127.0.0.1\r\nv=0\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=- x 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=- 1 2 IN IP4\r\ns=-\r\nt=0 0\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\na=ice-lite\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 70000 UDP/TLS/RTP/SAVPF 111\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\nt=0 0\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nX=bad\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=:value\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=mid:0\u0000\r\n",
        "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\nnot a line\r\n"})
    void refusesMalformedDescriptions(String text) {
        assertThatThrownBy(() -> SdpParser.parse(text)).isInstanceOf(SdpException.class);
    }

    @Test
    void refusesTooManyLines() {
        String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n" + "a=x\r\n".repeat(SdpParser.MAX_LINES);

        assertThatThrownBy(() -> SdpParser.parse(text)).hasMessageContaining("more than " + SdpParser.MAX_LINES + " lines");
    }

    @Test
    void refusesTooLongALine() {
        String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\na=" + "x".repeat(SdpParser.MAX_LINE_LENGTH) + "\r\n";

        assertThatThrownBy(() -> SdpParser.parse(text)).hasMessageContaining("longer than");
    }

    @Test
    void refusesTooManyMediaSections() {
        String text = "v=0\r\no=- 1 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                + "m=audio 9 UDP/TLS/RTP/SAVPF 111\r\n".repeat(SdpParser.MAX_MEDIA + 1);

        assertThatThrownBy(() -> SdpParser.parse(text)).hasMessageContaining("more than " + SdpParser.MAX_MEDIA + " media");
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"111", "111 opus", "111 opus/x", "200 opus/48000", "111 opus/48000/2/1"})
    void refusesMalformedRtpMaps(String value) {
        assertThatThrownBy(() -> RtpMap.parse(value)).isInstanceOf(SdpException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1", "15 urn:x", "0 urn:x", "256 urn:x", "1/sideways urn:x"})
    void refusesMalformedExtMaps(String value) {
        assertThatThrownBy(() -> ExtMap.parse(value)).isInstanceOf(SdpException.class);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"1 1 udp 1 1.2.3.4 5 host", "1 1 udp 1 1.2.3.4 99999 typ host", "1 x udp 1 1.2.3.4 5 typ host",
        "1 1 udp 1 1.2.3.4 5 typ host generation"})
    void refusesMalformedCandidates(String value) {
        assertThatThrownBy(() -> IceCandidate.parse(value)).isInstanceOf(SdpException.class);
    }

    @Test
    void readsCandidatesWithRelatedAddressesAndWritesThemBack() throws SdpException {
        String value = "842163049 1 udp 1677729535 203.0.113.7 61665 typ srflx raddr 10.0.0.2 rport 61665 generation 0";

        IceCandidate candidate = IceCandidate.parse("candidate:" + value);

        assertThat(candidate.relatedAddress()).isEqualTo("10.0.0.2");
        assertThat(candidate.relatedPort()).isEqualTo(61665);
        assertThat(candidate.format()).isEqualTo(value);
    }

    @Test
    void refusesAFingerprintThatIsNotHex() {
        assertThatThrownBy(() -> Fingerprint.parse("sha-256 not-hex")).isInstanceOf(SdpException.class);
    }
}
