package dev.parley.conference.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The session descriptions captured from Chromium 156 and Janus 1.1.2 for these tests (src/test/resources/sdp): what
 * WebRTC peers really send, not hand-written approximations.
 */
public final class Sdps {

    /** Every captured description. */
    public static final List<String> ALL = List.of(
            "chromium-offer-audio-video-data.sdp", "chromium-offer-data-audio-video-trickle.sdp",
            "chromium-offer-data-only.sdp", "chromium-offer-simulcast.sdp", "chromium-offer-to-janus.sdp",
            "janus-answer-to-publisher.sdp", "janus-offer-to-subscriber.sdp", "chromium-answer-to-janus.sdp",
            "parley-offer-to-subscriber.sdp", "chromium-answer-to-parley.sdp",
            "parley-offer-to-subscriber-one-inactive.sdp", "chromium-answer-to-parley-one-inactive.sdp",
            "chromium-answer-rejecting-audio.sdp");

    private Sdps() {
    }

    public static String text(String name) {
        try (InputStream in = Sdps.class.getResourceAsStream("/sdp/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no test description " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static SessionDescription parse(String name) {
        try {
            return SdpParser.parse(text(name));
        } catch (SdpException e) {
            throw new AssertionError(name + ": " + e.getMessage(), e);
        }
    }
}
