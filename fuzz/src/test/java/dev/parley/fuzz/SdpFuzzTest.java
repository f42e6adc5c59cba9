package dev.parley.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.negotiation.CodecPreferences;
import dev.parley.conference.negotiation.NegotiationException;
import dev.parley.conference.negotiation.PublisherAnswerer;
import dev.parley.conference.negotiation.PublisherNegotiation;
import dev.parley.conference.negotiation.SubscriberAnswerReader;
import dev.parley.conference.negotiation.SubscriberOfferer;
import dev.parley.conference.negotiation.SubscriberSlot;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SdpWriter;
import dev.parley.conference.sdp.SessionDescription;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SDP as publishers and subscribers send it in {@code jsep} (RFC 8866, RFC 8829): the parser accepts a description
 * or refuses it with {@link SdpException}; what it accepts is written back and parses to the same text; as a
 * publisher's offer it is answered or refused with {@link NegotiationException}, and the answer, and the offer a
 * subscriber of the streams it publishes gets, parse again; as a subscriber's answer to the two-slot offer of
 * Chromium's audio and video it is read or refused the same way. Seeded with the conference tests' captured SDPs.
 */
class SdpFuzzTest {

    /** Longer than any SDP a browser sends; the Janus API's message limit bounds it before it gets here. */
    private static final int MAX_LENGTH = 64 * 1024;
    private static final PublisherAnswerer ANSWERER = new PublisherAnswerer(CodecPreferences.DEFAULT);
    private static final LocalTransport PARLEY = parley();
    private static final List<SubscriberSlot> CHROMIUM_SLOTS = chromiumSlots();

    @FuzzTest
    void description(byte[] input) throws Exception {
        if (input.length > MAX_LENGTH) {
            return;
        }
        SessionDescription description;
        try {
            description = SdpParser.parse(new String(input, StandardCharsets.UTF_8));
        } catch (SdpException refused) {
            return;
        }
        String written = SdpWriter.write(description);
        assertThat(SdpWriter.write(parse(written, "the description written back"))).isEqualTo(written);
        asPublisherOffer(description);
        try {
            SubscriberAnswerReader.read(description, CHROMIUM_SLOTS);
        } catch (SdpException | NegotiationException refused) {
            // A subscriber's answer Parley cannot use is refused with a reason.
        }
    }

    private static void asPublisherOffer(SessionDescription offer) {
        PublisherNegotiation negotiation;
        try {
            negotiation = ANSWERER.negotiate(offer, Optional.empty(), Optional.empty());
        } catch (SdpException | NegotiationException refused) {
            return;
        }
        parse(SdpWriter.write(ANSWERER.answer(negotiation, PARLEY, "4242", 1)), "the answer to a publisher");
        List<SubscriberSlot> slots = slots(negotiation.streams());
        if (!slots.isEmpty()) {
            parse(SdpWriter.write(SubscriberOfferer.offer(slots, PARLEY, "4343", 1)), "the offer of its streams to a subscriber");
        }
    }

    private static SessionDescription parse(String text, String what) {
        try {
            return SdpParser.parse(text);
        } catch (SdpException e) {
            throw new AssertionError(what + " does not parse:\n" + text, e);
        }
    }

    /** The slots a subscriber of {@code streams} gets, as the video room makes them. */
    private static List<SubscriberSlot> slots(List<PublishedStream> streams) {
        List<SubscriberSlot> slots = new ArrayList<>();
        for (int i = 0; i < streams.size(); i++) {
            PublishedStream stream = streams.get(i);
            slots.add(new SubscriberSlot(String.valueOf(i), stream.kind(), stream.codec(), stream.rtxPayloadType(),
                    1001 + i, stream.rtxPayloadType() >= 0 ? 2001 + i : -1, 7, stream.mid(), true));
        }
        return slots;
    }

    private static List<SubscriberSlot> chromiumSlots() {
        try (var offer = SdpFuzzTest.class.getResourceAsStream("SdpFuzzTestInputs/description/chromium-offer-data-audio-video-trickle.sdp")) {
            SessionDescription description = SdpParser.parse(new String(offer.readAllBytes(), StandardCharsets.UTF_8));
            return slots(ANSWERER.negotiate(description, Optional.empty(), Optional.empty()).streams());
        } catch (Exception e) {
            throw new IllegalStateException("the seed offer of Chromium's audio and video", e);
        }
    }

    private static LocalTransport parley() {
        try {
            return new LocalTransport("pARl", "parleyparleyparleyparley", Fingerprint.parse("sha-256 "
                    + "0E:88:2F:BB:5B:42:DF:B4:C0:5B:27:D5:71:1D:DD:7F:A2:6E:C5:8D:5E:AA:41:A8:AC:5D:25:BB:34:66:EA:BC"),
                    List.of(IceCandidate.host("1", 2130706431L, "udp", "198.18.0.1", 40000)));
        } catch (SdpException e) {
            throw new AssertionError(e);
        }
    }
}
