package dev.parley.media.forward;

import dev.parley.media.rtp.AudioLevel;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;

/** Reads the RFC 6464 audio level of each audio packet, for the stream's talking events. */
final class AudioLevelReader extends EndpointStep {

    private final Endpoint endpoint;
    private final HeaderExtensions extensions = new HeaderExtensions();

    AudioLevelReader(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        if (packet.stream.kind() != MediaKind.AUDIO || packet.viaRtx) {
            return null;
        }
        int id = endpoint.inboundExtensions().id(RtpExtension.SSRC_AUDIO_LEVEL);
        if (extensions.find(packet.rtp, id) && extensions.dataLength() >= 1) {
            packet.stream.onAudioLevel(AudioLevel.level(packet.rtp.buffer(), extensions.dataOffset()));
        }
        return null;
    }
}
