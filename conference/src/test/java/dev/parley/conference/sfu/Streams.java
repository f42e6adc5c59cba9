package dev.parley.conference.sfu;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.Setup;

import java.util.List;
import java.util.Map;

/** What the video room tells the bridge: a Chromium-like publisher (Opus, VP8 with RTX) and a subscriber's answer. */
final class Streams {

    static final int OPUS = 111;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    /** The subscriber's own payload types, unlike the publisher's, so that the rewriting shows. */
    static final int SUB_OPUS = 109;
    static final int SUB_VP8 = 98;
    static final int SUB_VP8_RTX = 99;
    static final RemoteTransport REMOTE = new RemoteTransport("peerufrag", "peerpasswordpeerpassword",
            List.of(new Fingerprint("sha-256", "CD:".repeat(31) + "CD")), Setup.ACTPASS);

    private static final Map<HeaderExtension, Integer> AUDIO_EXTENSIONS = Map.of(HeaderExtension.MID, RtpPackets.MID_ID,
            HeaderExtension.AUDIO_LEVEL, RtpPackets.AUDIO_LEVEL_ID);
    private static final Map<HeaderExtension, Integer> VIDEO_EXTENSIONS = Map.of(HeaderExtension.MID, RtpPackets.MID_ID);

    private Streams() {
    }

    static PublishedStream audio(String mid, long ssrc) {
        return new PublishedStream(mid, MediaKind.AUDIO, new Codec(OPUS, "opus", 48_000, 2, "minptime=10;useinbandfec=1",
                List.of("transport-cc")), -1, AUDIO_EXTENSIONS, ssrc, -1);
    }

    static PublishedStream video(String mid, long ssrc, long rtxSsrc) {
        return new PublishedStream(mid, MediaKind.VIDEO, new Codec(VP8, "VP8", 90_000, 0, "",
                List.of("goog-remb", "transport-cc", "ccm fir", "nack", "nack pli")), VP8_RTX, VIDEO_EXTENSIONS, ssrc, rtxSsrc);
    }

    static ForwardedStream forwardedAudio(String mid, PublisherEndpoint source, String sourceMid, long ssrc) {
        return new ForwardedStream(mid, source, sourceMid, ssrc, -1, "parley-1",
                new Codec(SUB_OPUS, "opus", 48_000, 2, "", List.of("transport-cc")), -1,
                Map.of(HeaderExtension.MID, RtpPackets.MID_ID, HeaderExtension.AUDIO_LEVEL, RtpPackets.AUDIO_LEVEL_ID));
    }

    /** A subscriber's video that negotiated transport-cc, with the transport-wide sequence number at {@code id}. */
    static ForwardedStream forwardedVideoWithTransportCc(String mid, PublisherEndpoint source, String sourceMid, long ssrc,
            long rtxSsrc, int id) {
        return new ForwardedStream(mid, source, sourceMid, ssrc, rtxSsrc, "parley-1",
                new Codec(SUB_VP8, "VP8", 90_000, 0, "", List.of("nack", "nack pli", "transport-cc")), SUB_VP8_RTX,
                Map.of(HeaderExtension.MID, RtpPackets.MID_ID, HeaderExtension.TRANSPORT_CC, id));
    }

    static ForwardedStream forwardedVideo(String mid, PublisherEndpoint source, String sourceMid, long ssrc, long rtxSsrc) {
        return new ForwardedStream(mid, source, sourceMid, ssrc, rtxSsrc, "parley-1",
                new Codec(SUB_VP8, "VP8", 90_000, 0, "", List.of("nack", "nack pli")), SUB_VP8_RTX,
                Map.of(HeaderExtension.MID, RtpPackets.MID_ID));
    }
}
