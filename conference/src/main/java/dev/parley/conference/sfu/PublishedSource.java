package dev.parley.conference.sfu;

import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.PublisherStream;
import dev.parley.media.forward.PublisherStreamConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One of a publisher's streams by its mid, as long as the publisher keeps that mid: the forwarding pipeline's
 * {@link PublisherStream} of the moment (replaced when a renegotiation changes its SSRCs or codec, none while its SSRC
 * is unknown), whether the publisher wants it relayed ({@code configure} with {@code audio}/{@code video}/{@code
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
    private PublisherStreamConfig config;
    private PublisherStream stream;
    private boolean forwarding = true;
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
        PublisherStreamConfig nextConfig = StreamConfigs.publisher(next);
        if (stream != null && Objects.equals(nextConfig, config)) {
            return true;
        }
        closeStream();
        config = nextConfig;
        return false;
    }

    /** Publishes the configured stream on {@code endpoint} and moves the slots onto it. */
    void publish(Endpoint endpoint) {
        if (config == null) {
            LOG.info("{}: stream {} announced no SSRC; it is not forwarded", owner, mid);
            return;
        }
        try {
            stream = endpoint.publish(config);
        } catch (IllegalArgumentException e) {
            LOG.info("{}: stream {} not forwarded: {}", owner, mid, e.getMessage());
            return;
        }
        lostAtLastReport = 0;
        owner.room.register(stream, this);
        for (ForwardedSlot slot : List.copyOf(slots)) {
            slot.sourceChanged();
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
            stream.requestKeyframe();
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
        long lost = stream.packetsLost();
        long delta = Math.max(0, lost - lostAtLastReport);
        lostAtLastReport = lost;
        return delta;
    }

    private void closeStream() {
        if (stream != null) {
            owner.room.unregister(stream);
            stream.close();
            stream = null;
        }
    }
}
