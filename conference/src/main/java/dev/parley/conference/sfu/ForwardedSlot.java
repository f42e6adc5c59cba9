package dev.parley.conference.sfu;

import dev.parley.conference.media.ForwardedStream;
import dev.parley.media.forward.MediaKind;
import dev.parley.media.forward.PublisherStream;
import dev.parley.media.forward.Subscription;
import dev.parley.media.forward.SubscriptionConfig;

/**
 * One m= section of a subscriber's transport, by the subscriber's mid: the publisher stream it carries (a {@link
 * PublishedSource}), the pipeline's {@link Subscription} that does it (none while the source has no stream), and
 * whether it runs: not when the subscriber paused ({@code pause}), stopped this mid ({@code configure} with {@code
 * send:false}), or the publisher stopped relaying the stream.
 *
 * <p>Confined to the media loop.
 */
final class ForwardedSlot {

    final SfuSubscriber owner;
    final String mid;
    private PublishedSource source;
    private SubscriptionConfig config;
    private Subscription subscription;
    private boolean send = true;
    private int substream = Subscription.MAX_LAYER;
    private int temporal = Subscription.MAX_LAYER;
    private long lostAtLastReport;

    ForwardedSlot(SfuSubscriber owner, String mid) {
        this.owner = owner;
        this.mid = mid;
    }

    /** Takes what the subscriber's last answer accepted for this mid, from {@code from}. */
    void update(ForwardedStream forwarded, PublishedSource from) {
        if (source != from) {
            if (source != null) {
                source.slots.remove(this);
            }
            source = from;
            from.slots.add(this);
            if (subscription != null && from.stream() == null) {
                // Nothing to switch to yet: the old publisher's stream must not go on feeding this mid.
                closeSubscription();
            }
        }
        SubscriptionConfig next = StreamConfigs.subscription(forwarded, from.described());
        if (subscription != null && !subscription.config().equals(next)) {
            closeSubscription();
        }
        if (config != null && config.ssrc() != next.ssrc()) {
            forgetSsrcs();
        }
        config = next;
        sourceChanged();
    }

    /** The publisher's stream this slot carries, or null. */
    PublishedSource source() {
        return source;
    }

    /** The source's stream changed (first published, or replaced): subscribe to it or switch over. */
    void sourceChanged() {
        PublisherStream stream = source == null ? null : source.stream();
        if (stream == null || owner.endpoint() == null || owner.endpoint().isClosed()) {
            return;
        }
        if (subscription == null) {
            subscription = owner.endpoint().subscribe(stream, config);
            owner.room.register(subscription, this);
            subscription.setPreferredLayers(substream, temporal);
            lostAtLastReport = 0;
        } else if (subscription.source() != stream) {
            subscription.switchSource(stream);
        }
        refresh();
    }

    /** The subscriber's wish of layers, kept across subscriptions of this mid. */
    void setLayers(int substream, int temporal) {
        this.substream = substream;
        this.temporal = temporal;
        if (subscription != null) {
            subscription.setPreferredLayers(substream, temporal);
        }
    }

    void setSend(boolean on) {
        send = on;
        refresh();
    }

    /** Pauses or resumes the subscription as the subscriber's and the publisher's wishes say. */
    void refresh() {
        if (subscription == null) {
            return;
        }
        if (send && !owner.paused() && source != null && source.forwarding()) {
            subscription.resume();
        } else {
            subscription.pause();
        }
    }

    /** The subscriber's answer no longer has this mid: the subscription ends (RTCP BYE) and its SSRCs are forgotten. */
    void close() {
        if (source != null) {
            source.slots.remove(this);
            source = null;
        }
        if (subscription != null) {
            closeSubscription();
        }
        if (config != null) {
            forgetSsrcs();
        }
    }

    private void closeSubscription() {
        owner.room.unregister(subscription);
        subscription.close();
        subscription = null;
    }

    private void forgetSsrcs() {
        owner.forget(config.ssrc());
        config.rtxSsrc().ifPresent(owner::forget);
    }

    /** Whether video goes to the subscriber on this mid now. */
    boolean forwardsVideo() {
        return subscription != null && subscription.isForwarding() && subscription.source() != null
                && subscription.source().kind() == MediaKind.VIDEO;
    }

    /** Packets the subscriber's receiver reports say it lost on this mid since the last call (RFC 3550 §6.4.1). */
    long lostSinceLastReport() {
        if (subscription == null) {
            return 0;
        }
        long lost = subscription.reportedCumulativeLost();
        long delta = Math.max(0, lost - lostAtLastReport);
        lostAtLastReport = lost;
        return delta;
    }
}
