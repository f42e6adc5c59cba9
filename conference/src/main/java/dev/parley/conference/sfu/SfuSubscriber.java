package dev.parley.conference.sfu;

import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A subscriber's transport in a room: each stream its answer accepted ({@link #send}) is a {@link ForwardedSlot}
 * whose subscription rewrites a publisher's packets into the subscriber's SSRCs, payload types and header extension
 * ids; the subscriber's feedback (NACKs, PLIs, reports, REMB, transport-cc) goes into its {@link Endpoint}.
 *
 * <p>Threading: as {@link SfuPublisher}: the {@link SubscriberEndpoint} methods post to the media loop, where
 * everything else runs, as {@link SfuPeer} says.
 */
final class SfuSubscriber extends SfuPeer implements SubscriberEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(SfuSubscriber.class);

    /** The downlink estimate below this share of the media sent makes a {@code slowlink} event. */
    private static final double SLOW_DOWNLINK_SHARE = 0.5;

    private boolean paused;
    private final Map<String, ForwardedSlot> slots = new LinkedHashMap<>();
    /** On the loop: the layers asked per mid ({substream, temporal}); the room asks only for its slots' mids. */
    private final Map<String, int[]> layers = new HashMap<>();
    /** On the loop: publishers of data only whose messages this transport gets. */
    private List<PublisherEndpoint> dataFeeds = List.of();
    private long downlinkLostAtLastReport;

    SfuSubscriber(SfuRoom room, MediaListener listener) {
        super(room, listener);
    }

    @Override
    boolean publishing() {
        return false;
    }

    @Override
    public void send(RemoteTransport remote, List<ForwardedStream> streams) {
        setRemote(remote);
        List<ForwardedStream> accepted = List.copyOf(streams);
        room.post(() -> forward(accepted));
    }

    @Override
    public void setPaused(boolean pause) {
        room.post(() -> {
            paused = pause;
            slots.values().forEach(ForwardedSlot::refresh);
        });
    }

    @Override
    public void setSending(String mid, boolean send) {
        room.post(() -> {
            ForwardedSlot slot = slots.get(mid);
            if (slot != null) {
                slot.setSend(send);
            }
        });
    }

    @Override
    public void setLayers(String mid, int substream, int temporal) {
        room.post(() -> {
            layers.put(mid, new int[] {substream, temporal});
            ForwardedSlot slot = slots.get(mid);
            if (slot != null) {
                slot.setLayers(substream, temporal);
            }
        });
    }

    @Override
    public void receiveData(List<PublisherEndpoint> dataOnlyFeeds) {
        List<PublisherEndpoint> feeds = List.copyOf(dataOnlyFeeds);
        room.post(() -> dataFeeds = feeds);
    }

    /** On the loop: the streams as the subscriber's last answer accepted them. */
    private void forward(List<ForwardedStream> streams) {
        Endpoint endpoint = endpoint();
        if (endpoint == null) {
            return;
        }
        endpoint.setExtensions(ExtensionMap.NONE,
                StreamConfigs.extensions(streams.stream().map(ForwardedStream::extensions).toList()));
        Set<String> listed = new HashSet<>();
        for (ForwardedStream stream : streams) {
            PublishedSource source = stream.source() instanceof SfuPublisher publisher && publisher.room == room
                    ? publisher.source(stream.sourceMid()) : null;
            if (source == null || source.described() == null) {
                LOG.debug("{}: mid {} has no source in this room", this, stream.mid());
                continue;
            }
            listed.add(stream.mid());
            slots.computeIfAbsent(stream.mid(), this::newSlot).update(stream, source);
        }
        for (ForwardedSlot gone : List.copyOf(slots.values())) {
            if (!listed.contains(gone.mid)) {
                gone.close();
                slots.remove(gone.mid);
            }
        }
    }

    /** A slot for a mid, with the layers asked for it before the answer that makes it. */
    private ForwardedSlot newSlot(String mid) {
        ForwardedSlot slot = new ForwardedSlot(this, mid);
        int[] wanted = layers.get(mid);
        if (wanted != null) {
            slot.setLayers(wanted[0], wanted[1]);
        }
        return slot;
    }

    /** On the loop: a subscription now forwards other simulcast or temporal layers of its stream. */
    void reportLayers(String mid, int substream, int temporal) {
        if (reporting()) {
            listener.layersChanged(mid, substream, temporal);
        }
    }

    /** On the loop: whether this transport receives any stream of {@code publisher}, and so its data. */
    boolean receivesFrom(SfuPublisher publisher) {
        if (dataFeeds.contains(publisher)) {
            return true;
        }
        for (ForwardedSlot slot : slots.values()) {
            if (slot.source() != null && slot.source().owner == publisher) {
                return true;
            }
        }
        return false;
    }

    boolean paused() {
        return paused;
    }

    Collection<ForwardedSlot> slots() {
        return slots.values();
    }

    /**
     * On the loop, each second: the video mid to report a slow downlink on, when the send-side estimate fell below
     * half of the media sent to this subscriber (the path cannot carry what it gets: queues grow, packets are lost
     * or late), else null. The first mid forwarding video stands for the transport, which all mids share.
     */
    ForwardedSlot slowDownlink() {
        Endpoint endpoint = endpoint();
        if (endpoint == null || endpoint.isClosed()) {
            return null;
        }
        long estimate = endpoint.downlinkBitrate();
        long sent = endpoint.downlinkSentBitrate();
        if (estimate <= 0 || estimate >= SLOW_DOWNLINK_SHARE * sent) {
            return null;
        }
        for (ForwardedSlot slot : slots.values()) {
            if (slot.forwardsVideo()) {
                return slot;
            }
        }
        return null;
    }

    /** Packets this subscriber's transport-cc feedback reported lost since the last call. */
    long downlinkLostSinceLastReport() {
        Endpoint endpoint = endpoint();
        if (endpoint == null) {
            return 0;
        }
        long lost = endpoint.downlinkPacketsLost();
        long delta = Math.max(0, lost - downlinkLostAtLastReport);
        downlinkLostAtLastReport = lost;
        return delta;
    }

    /** On the loop: an SSRC this transport no longer sends. */
    void forget(int ssrc) {
        transport.forgetOutboundSsrc(ssrc);
    }

    @Override
    void dropStreams() {
        for (ForwardedSlot slot : slots.values()) {
            slot.close();
        }
        slots.clear();
    }
}
