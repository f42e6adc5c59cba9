package dev.parley.media.forward;

import dev.parley.media.rtp.Rtx;

/**
 * Turns a packet of a stream's RTX stream back into the original (RFC 4588 §4), so that every later step sees
 * one stream; the padding senders put on the RTX stream to probe bandwidth ends here.
 */
final class RtxRestorer extends EndpointStep {

    @Override
    DropReason onRtp(InboundRtp packet) {
        if (!packet.viaRtx) {
            return null;
        }
        if (Rtx.isPaddingOnly(packet.rtp)) {
            return DropReason.RTX_PADDING;
        }
        int originalPayloadType = packet.stream.originalPayloadType(packet.rtp.payloadType());
        if (!Rtx.hasOriginalSequenceNumber(packet.rtp) || originalPayloadType < 0) {
            return DropReason.MALFORMED_RTX;
        }
        Rtx.restoreOriginal(packet.rtp, packet.stream.ssrc(), originalPayloadType);
        return null;
    }
}
