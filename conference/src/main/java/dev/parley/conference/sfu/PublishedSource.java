package dev.parley.conference.sfu;

import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.PublisherStream;
import dev.parley.media.forward.PublisherStreamConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One of a publisher's streams by its mid, as long as the publisher keeps that mid: the forwarding pipeline's
 * {@link PublisherStream} of the moment (replaced when a renegotiation changes its SSRCs or codec, none while its SSRC
 * is unknown; one per layer of a simulcast source), whether the publisher wants it relayed ({@code configure} with {@code audio}/{@code video}/{@code
 * streams}), and the subscribers' slots it feeds, which follow it from one {@link PublisherStream} to the next.
 *
 * <p>Confined to the media loop.
 */
final class PublishedSource {

    private static final Logger LOG = LoggerFactory.getLogger(PublishedSource.class);

    final SfuPublisher owner;
    final String mid;
    final List<ForwardedSlot> slots = new ArrayList<>();
    private PublishedStream described;
    private List<PublisherStreamConfig> configs = List.of();
    /** The pipeline's streams, one per simulcast layer (lowest first), or one. */
    private List<PublisherStream> layers = List.of();
    /** The highest layer (the one subscriptions are made to), or null. */
    private PublisherStream stream;
    private boolean forwarding = true;
    /** The layers arriving now (identity: few, set on the loop). */
    private final Set<PublisherStream> receivingLayers = Collections.newSetFromMap(new IdentityHashMap<>());
    /** The stream's lost packets at the last report, for slow links and the loss counter. */
    private long lostAtLastReport;

    PublishedSource(SfuPublisher owner, String mid) {
        this.owner = owner;
        this.mid = mid;
    }

    /** What the publisher's last accepted offer says of this mid. */
    PublishedStream described() {
        return described;
    }

    /** The pipeline's stream now, or null. */
    PublisherStream stream() {
        return stream;
    }

    boolean forwarding() {
        return forwarding;
    }

    /** Takes the renegotiated description; false when the pipeline's stream must be replaced ({@link #publish}). */
    boolean keeps(PublishedStream next) {
        described = next;
        List<PublisherStreamConfig> nextConfigs = StreamConfigs.publisher(next);
        if (stream != null && Objects.equals(nextConfigs, configs)) {
            return true;
        }
        closeStream();
        configs = nextConfigs;
        return false;
    }

    /** Publishes the configured stream on {@code endpoint} and moves the slots onto it. */
    void publish(Endpoint endpoint) {
        if (configs.isEmpty()) {
            LOG.info("{}: stream {} announced no SSRC; it is not forwarded", owner, mid);
            return;
        }
        try {
            layers = configs.size() == 1 ? List.of(endpoint.publish(configs.getFirst()))
                    : endpoint.publishSimulcast(configs);
        } catch (IllegalArgumentException e) {
            LOG.info("{}: stream {} not forwarded: {}", owner, mid, e.getMessage());
            return;
        }
        stream = layers.getLast();
        lostAtLastReport = 0;
        receivingLayers.clear();
        // Every layer's events: a sender may send any subset of its layers (a browser with a small camera sends only
        // the first one or two it listed), so the source receives while any layer does.
        layers.forEach(layer -> owner.room.register(layer, this));
        for (ForwardedSlot slot : List.copyOf(slots)) {
            slot.sourceChanged();
        }
    }

    /** A layer started or stopped arriving: the publisher hears when the first starts or the last stops. */
    void layerReceiving(PublisherStream layer, boolean receiving) {
        boolean before = !receivingLayers.isEmpty();
        if (receiving) {
            receivingLayers.add(layer);
        } else {
            receivingLayers.remove(layer);
        }
        if (before != !receivingLayers.isEmpty()) {
            owner.reportReceiving(mid, !before);
        }
    }

    void setForwarding(boolean on) {
        forwarding = on;
        for (ForwardedSlot slot : slots) {
            slot.refresh();
        }
    }

    /** Asks the publisher for a keyframe on this stream if it is video. */
    void requestKeyframe() {
        if (stream != null && described.kind() == MediaKind.VIDEO) {
            layers.forEach(PublisherStream::requestKeyframe);
        }
    }

    /** The mid is gone from the publisher's offer (or the publisher left): its stream stops; its slots wait. */
    void retire() {
        closeStream();
    }

    /** Packets lost since the last call (RFC 3550 A.3). */
    long lostSinceLastReport() {
        if (stream == null) {
            return 0;
        }
        long lost = 0;
        for (PublisherStream layer : layers) {
            lost += layer.packetsLost();
        }
        long delta = Math.max(0, lost - lostAtLastReport);
        lostAtLastReport = lost;
        return delta;
    }

    private void closeStream() {
        if (stream != null) {
            layers.forEach(owner.room::unregister);
            layers.forEach(PublisherStream::close);
            layers = List.of();
            stream = null;
        }
    }
}
