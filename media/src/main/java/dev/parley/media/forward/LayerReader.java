package dev.parley.media.forward;

import dev.parley.media.rtp.Av1ObuLayers;
import dev.parley.media.rtp.DependencyDescriptor;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.Vp8PayloadDescriptor;
import dev.parley.media.rtp.Vp9PayloadDescriptor;

/**
 * Reads a video packet's layers from its payload descriptor (VP8 TID, RFC 7741 §4.2; VP9 TID and SID, RFC 9628
 * §4.2) or, for AV1, from its dependency descriptor when the publisher sends one (spatial and temporal id, start and
 * end of each layer frame: what leaving out spatial layers needs, as a frame's end tells where the marker goes), else
 * from the OBU extension header of the first OBU it starts (its temporal_id; a packet that only continues an OBU
 * takes its frame's, and a frame starts with the first packet of a new timestamp; spatial layers then pass whole),
 * for the subscriptions that leave layers out, and counts its bytes in its stream's per-layer rates, which the layer
 * choice weighs against each subscriber's downlink. A retransmission's layer is read too: the subscriptions that
 * left its layer out leave it out again.
 */
final class LayerReader extends EndpointStep {

    private final Endpoint endpoint;
    private final HeaderExtensions extensions = new HeaderExtensions();
    private final Vp8PayloadDescriptor vp8 = new Vp8PayloadDescriptor();
    private final Vp9PayloadDescriptor vp9 = new Vp9PayloadDescriptor();
    private final Av1ObuLayers av1 = new Av1ObuLayers();

    LayerReader(Endpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        PublisherStream stream = packet.stream;
        RtpPacket rtp = packet.rtp;
        if (stream.kind() == MediaKind.VIDEO) {
            switch (stream.codec(rtp.payloadType())) {
                case VP8 -> {
                    if (vp8.wrap(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength())) {
                        packet.temporalLayer = vp8.temporalLayer();
                        packet.frameStart = vp8.startOfFrame();
                        packet.layerSync = vp8.layerSync();
                    }
                }
                case VP9 -> {
                    if (vp9.wrap(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength())) {
                        packet.temporalLayer = vp9.temporalLayer();
                        packet.spatialLayer = vp9.spatialLayer();
                        packet.frameStart = vp9.startOfLayerFrame();
                        packet.layerSync = vp9.switchingUp();
                        packet.endOfLayerFrame = vp9.endOfLayerFrame();
                    }
                }
                case AV1 -> {
                    if (readDependencyDescriptor(packet)) {
                        break;
                    }
                    FrameLayers frames = stream.frameLayers();
                    if (av1.wrap(rtp.buffer(), rtp.payloadOffset(), rtp.payloadLength())) {
                        packet.temporalLayer = av1.temporalLayer();
                        if (!packet.viaRtx) {
                            packet.frameStart = frames.remember(rtp.timestamp(), packet.temporalLayer) && !av1.continuation();
                        }
                    } else {
                        packet.temporalLayer = frames.layerOf(rtp.timestamp());
                    }
                }
                case OTHER -> { }
            }
        }
        if (!packet.viaRtx) {
            stream.rates().count(packet.temporalLayer, packet.length);
            stream.sawSpatialLayer(packet.spatialLayer);
        }
        return null;
    }

    /** The packet's layers from its dependency descriptor; false when it has none, or its template is not known. */
    private boolean readDependencyDescriptor(InboundRtp packet) {
        int id = endpoint.inboundExtensions().id(RtpExtension.DEPENDENCY_DESCRIPTOR);
        if (id == 0 || !extensions.find(packet.rtp, id)) {
            return false;
        }
        DependencyDescriptor descriptor = packet.stream.dependencyDescriptor();
        if (!descriptor.read(packet.rtp.buffer(), extensions.dataOffset(), extensions.dataLength())) {
            return false;
        }
        packet.temporalLayer = descriptor.temporalLayer();
        packet.spatialLayer = descriptor.spatialLayer();
        packet.frameStart = descriptor.startOfFrame();
        packet.endOfLayerFrame = descriptor.endOfFrame();
        return true;
    }
}
