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
    /** Video: the packet's temporal layer (VP8 TID, VP9 TID, AV1 temporal_id), or -1 when the payload tells none. */
    int temporalLayer;
    /** VP9 (SID) or AV1 with a dependency descriptor: the packet's spatial layer, or -1. */
    int spatialLayer;
    /**
     * Video: the packet begins a frame (VP8 S with PID 0, VP9 B, AV1 a new timestamp), where a temporal layer switch
     * may happen.
     */
    boolean frameStart;
    /** Video: a receiver may take up the packet's temporal layer from here (VP8 Y, VP9 U). */
    boolean layerSync;
    /**
     * VP9 (E) or AV1 with a dependency descriptor (end of frame): the packet ends its layer frame, the place for the
     * marker when higher spatial layers are cut.
     */
    boolean endOfLayerFrame;

    void reset(byte[] buffer, int offset, int length, long arrivalNanos) {
        this.buffer = buffer;
        this.offset = offset;
        this.length = length;
        this.arrivalNanos = arrivalNanos;
        this.stream = null;
        this.viaRtx = false;
        this.extendedSequenceNumber = 0;
        this.keyframeStart = false;
        this.temporalLayer = -1;
        this.spatialLayer = -1;
        this.frameStart = false;
        this.layerSync = false;
        this.endOfLayerFrame = false;
    }
}
