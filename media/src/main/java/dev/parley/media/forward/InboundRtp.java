package dev.parley.media.forward;

import dev.parley.media.rtp.RtpPacket;

/**
 * The RTP packet an endpoint's pipeline is handling and what the steps learned about it so far. One per endpoint,
 * reused for every packet; the packet's array belongs to the transport for the duration of
 * {@link Endpoint#receiveRtp}.
 */
final class InboundRtp {

    final RtpPacket rtp = new RtpPacket();
    /** The datagram as the transport lent it; {@link #rtp} views it once validated. */
    byte[] buffer;
    int offset;
    int length;
    long arrivalNanos;
    /** The publisher stream the packet belongs to, once demultiplexed. */
    PublisherStream stream;
    /** Whether the packet arrived in the stream's RTX stream (restored to the original by now, if so). */
    boolean viaRtx;
    /** The packet's sequence number extended with its wrap count (RFC 3550 A.1), once counted. */
    long extendedSequenceNumber;
    /** Whether the packet begins a keyframe (video) or may start a subscriber at all (audio). */
    boolean keyframeStart;

    void reset(byte[] buffer, int offset, int length, long arrivalNanos) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.arrivalNanos = arrivalNanos;
        this.stream = null;
        this.viaRtx = false;
        this.extendedSequenceNumber = 0;
        this.keyframeStart = false;
    }
}
