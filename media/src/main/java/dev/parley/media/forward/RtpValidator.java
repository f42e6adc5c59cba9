package dev.parley.media.forward;

/** The first step: the datagram must be a well-formed RTP packet (RFC 3550 §5.1) within the size limit. */
final class RtpValidator extends EndpointStep {

    @Override
    DropReason onRtp(InboundRtp packet) {
        if (packet.length > PacketSink.MAX_PACKET_LENGTH) {
            return DropReason.TOO_LARGE;
        }
        return packet.rtp.wrap(packet.buffer, packet.offset, packet.length) ? null : DropReason.MALFORMED_RTP;
    }
}
