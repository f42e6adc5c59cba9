package dev.parley.conference.sfu;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.datachannel.DcepOpen;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import dev.parley.media.forward.ForwardingRoom;
import dev.parley.media.forward.PacketSink;
import dev.parley.media.forward.PublisherStream;
import dev.parley.media.forward.StreamListener;
import dev.parley.media.forward.Subscription;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * One video room's media: its {@link ForwardingRoom} and the transports of its publishers and subscribers, all on
 * the media loop, which also runs the room's ticks (every {@code tick-interval}) and, each second, its report: the
 * forwarding counters into the metrics, and slow links to the listeners.
 *
 * <p>Threading: the room's executor calls {@link #openPublisher}, {@link #openSubscriber}, {@link #close} and the
 * endpoints' methods; each change to the graph is posted to the loop ({@link #post}), so changes of one room apply
 * in the order the room made them. Everything else is confined to the loop. The pipeline's stream events
 * ({@link StreamListener}) come on the loop and go to the endpoints' listeners, which hand them to the room's
 * executor.
 */
final class SfuRoom implements RoomMedia, StreamListener {

    private static final long REPORT_INTERVAL_NANOS = 1_000_000_000L;

    final String name;
    final Scheduler loop;
    private final SfuMediaPlane plane;
    private volatile boolean closed;
    private ForwardingRoom forwarding;
    private boolean stopped;
    private Scheduler.Task ticker;
    private long nextReport;
    private final long[] reported = new long[SfuMetrics.FORWARDING_COUNTERS];
    private final Map<PublisherStream, PublishedSource> sources = new IdentityHashMap<>();
    /** On the loop: the subscriber slot each subscription serves, for its layer events. */
    private final Map<Subscription, ForwardedSlot> slots = new IdentityHashMap<>();
    private final List<SfuPublisher> publishers = new ArrayList<>();
    private final List<SfuSubscriber> subscribers = new ArrayList<>();

    SfuRoom(String name, SfuMediaPlane plane) {
        this.name = name;
        this.plane = plane;
        this.loop = plane.transports().loop();
        loop.execute(this::start);
    }

    private void start() {
        long now = loop.nanoTime();
        forwarding = new ForwardingRoom(plane.settings(), this, now);
        nextReport = now + REPORT_INTERVAL_NANOS;
        ticker = loop.repeat(this::tick, plane.settings().tickInterval());
        plane.metrics().roomOpened();
    }

    @Override
    public PublisherEndpoint openPublisher(MediaListener listener) {
        requireOpen();
        return attach(new SfuPublisher(this, listener));
    }

    @Override
    public SubscriberEndpoint openSubscriber(MediaListener listener) {
        requireOpen();
        return attach(new SfuSubscriber(this, listener));
    }

    @Override
    public void close() {
        closed = true;
        loop.execute(this::stop);
    }

    /** Attaches a transport once it is fully constructed, in order with the changes the room posts after it. */
    private <P extends SfuPeer> P attach(P peer) {
        post(peer::attach);
        return peer;
    }

    /** Runs a change to the graph on the loop, unless the room stopped before it got there. */
    void post(Runnable change) {
        loop.execute(() -> {
            if (!stopped) {
                change.run();
            }
        });
    }

    PeerTransports transports() {
        return plane.transports();
    }

    /** On the loop: a transport's endpoint in the forwarding graph; extension ids follow with its streams. */
    Endpoint addEndpoint(PacketSink sink) {
        return forwarding.addEndpoint(sink, ExtensionMap.NONE, ExtensionMap.NONE);
    }

    /** On the loop: a transport joined the graph. */
    void attached(SfuPeer peer) {
        switch (peer) {
            case SfuPublisher publisher -> publishers.add(publisher);
            case SfuSubscriber subscriber -> subscribers.add(subscriber);
        }
        plane.metrics().transportOpened(peer.publishing());
    }

    /** On the loop: a transport left the graph. */
    void detached(SfuPeer peer) {
        boolean removed = switch (peer) {
            case SfuPublisher publisher -> publishers.remove(publisher);
            case SfuSubscriber subscriber -> subscribers.remove(subscriber);
        };
        if (removed) {
            plane.metrics().transportClosed(peer.publishing());
        }
    }

    /** On the loop: the stream's events go to {@code source}'s publisher from now on. */
    void register(PublisherStream stream, PublishedSource source) {
        sources.put(stream, source);
    }

    /** On the loop: before a stream is closed, so that its last events (not receiving) are not reported. */
    void unregister(PublisherStream stream) {
        sources.remove(stream);
    }

    /** On the loop: the subscription's layer events go to {@code slot}'s subscriber. */
    void register(Subscription subscription, ForwardedSlot slot) {
        slots.put(subscription, slot);
    }

    /** On the loop: before a subscription is closed. */
    void unregister(Subscription subscription) {
        slots.remove(subscription);
    }

    @Override
    public void layersChanged(Subscription subscription, int spatial, int temporal) {
        ForwardedSlot slot = slots.get(subscription);
        if (slot != null) {
            slot.owner.reportLayers(slot.mid, spatial, temporal);
        }
    }

    @Override
    public void receivingChanged(PublisherStream stream, boolean receiving) {
        PublishedSource source = sources.get(stream);
        if (source != null) {
            source.layerReceiving(stream, receiving);
        }
    }

    @Override
    public void audioLevel(PublisherStream stream, int averageLevel) {
        PublishedSource source = sources.get(stream);
        if (source != null) {
            source.owner.reportAudioLevel(source.mid, averageLevel);
        }
    }

    @Override
    public void speechLevel(PublisherStream stream, int recentLevel) {
        PublishedSource source = sources.get(stream);
        if (source != null) {
            source.owner.reportSpeechLevel(source.mid, recentLevel);
        }
    }

    private void tick() {
        if (stopped) {
            return;
        }
        long now = loop.nanoTime();
        forwarding.tick(now);
        for (SfuPublisher publisher : publishers) {
            tickData(publisher, now);
        }
        for (SfuSubscriber subscriber : subscribers) {
            tickData(subscriber, now);
        }
        if (now - nextReport >= 0) {
            nextReport = now + REPORT_INTERVAL_NANOS;
            report();
        }
    }

    private static void tickData(SfuPeer peer, long now) {
        SfuData data = peer.data();
        if (data != null) {
            data.tick(now);
        }
    }

    /**
     * On the loop: a publisher's data channel message goes to every subscriber transport that receives its streams
     * and negotiated data channels (Janus's video room relays data the same way: a publisher to its subscribers).
     */
    void relayData(SfuPublisher publisher, DcepOpen origin, boolean binary, byte[] data) {
        long now = loop.nanoTime();
        for (SfuSubscriber subscriber : subscribers) {
            SfuData channels = subscriber.data();
            if (channels != null && subscriber.receivesFrom(publisher)) {
                plane.metrics().dataMessage(channels.deliver(origin, publisher.dataSender(), binary, data, now));
            }
        }
    }

    /** On the loop: a data channel message nobody is to get. */
    void dataDropped() {
        plane.metrics().dataMessage(false);
    }

    /**
     * Each second: counters and downlink estimates into the metrics; a stream that lost at least the threshold is a
     * slow link (Janus's), and so is a subscriber whose downlink estimate fell below half of what it is sent.
     */
    private void report() {
        plane.metrics().add(forwarding.counters(), reported);
        int threshold = plane.slowLinkThreshold();
        long lost = 0;
        for (SfuPublisher publisher : publishers) {
            for (PublishedSource source : publisher.sources()) {
                long delta = source.lostSinceLastReport();
                lost += delta;
                if (threshold > 0 && delta >= threshold) {
                    publisher.reportSlowLink(source.mid, delta);
                }
            }
        }
        plane.metrics().lost(lost);
        for (SfuSubscriber subscriber : subscribers) {
            boolean reported = false;
            for (ForwardedSlot slot : subscriber.slots()) {
                long delta = slot.lostSinceLastReport();
                if (threshold > 0 && delta >= threshold) {
                    subscriber.reportSlowLink(slot.mid, delta);
                    reported = true;
                }
            }
            long downlinkLost = subscriber.downlinkLostSinceLastReport();
            Endpoint endpoint = subscriber.endpoint();
            if (endpoint != null && endpoint.downlinkBitrate() > 0) {
                plane.metrics().downlinkEstimate(endpoint.downlinkBitrate());
            }
            ForwardedSlot slow = threshold > 0 && !reported ? subscriber.slowDownlink() : null;
            if (slow != null) {
                subscriber.reportSlowLink(slow.mid, downlinkLost);
            }
        }
    }

    /** On the loop: the room closed; whatever is still open closes with it. */
    private void stop() {
        if (stopped || forwarding == null) {
            return;
        }
        for (SfuPublisher publisher : List.copyOf(publishers)) {
            publisher.shutDown();
        }
        for (SfuSubscriber subscriber : List.copyOf(subscribers)) {
            subscriber.shutDown();
        }
        report();
        stopped = true;
        ticker.cancel();
        forwarding.close();
        sources.clear();
        plane.metrics().roomClosed();
    }

    private void requireOpen() {
        if (closed) {
            throw new IllegalStateException("the media of room " + name + " is closed");
        }
    }

    @Override
    public String toString() {
        return name;
    }
}
