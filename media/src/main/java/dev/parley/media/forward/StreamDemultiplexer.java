package dev.parley.media.forward;

import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;

import java.util.Arrays;

/**
 * Finds the publisher stream a packet belongs to by its SSRC, the media one or its RTX one (RFC 4588 §8). A
 * simulcast layer announced by RID alone (RFC 8851) is found by the {@code rtp-stream-id} header extension of its
 * first packets, or its RTX stream by {@code repaired-rtp-stream-id} (RFC 8852 §3), which tells the SSRC for good.
 */
final class StreamDemultiplexer extends EndpointStep {

    private final Endpoint endpoint;
    private final HeaderExtensions extensions = new HeaderExtensions();

    StreamDemultiplexer(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        int ssrc = packet.rtp.ssrc();
        PublisherStream stream = endpoint.streamBySsrc(ssrc);
        if (stream == null) {
            stream = learn(packet.rtp, ssrc);
            if (stream == null) {
                return DropReason.UNKNOWN_SSRC;
            }
        }
        packet.stream = stream;
        packet.viaRtx = stream.isRtxSsrc(ssrc);
        return null;
    }

    /** The RID layer an unknown SSRC's packet names, which learns the SSRC; null when it names none. */
    private PublisherStream learn(RtpPacket rtp, int ssrc) {
        if (!endpoint.learnsSsrcs()) {
            return null;
        }
        ExtensionMap ids = endpoint.inboundExtensions();
        boolean repaired = false;
        if (!extensions.find(rtp, ids.id(RtpExtension.SDES_RTP_STREAM_ID))) {
            if (!extensions.find(rtp, ids.id(RtpExtension.SDES_REPAIRED_RTP_STREAM_ID))) {
                return null;
            }
            repaired = true;
        }
        byte[] buf = rtp.buffer();
        int from = extensions.dataOffset();
        int to = from + extensions.dataLength();
        for (PublisherStream stream : endpoint.streams()) {
            byte[] rid = stream.rid();
            if (rid.length > 0 && Arrays.equals(buf, from, to, rid, 0, rid.length)) {
                if (repaired && stream.awaitsRtxSsrc()) {
                    stream.learnRtxSsrc(ssrc);
                    return stream;
                }
                if (!repaired && stream.awaitsSsrc()) {
                    stream.learnSsrc(ssrc);
                    return stream;
                }
                return null;
            }
        }
        return null;
    }
}
