package dev.parley.conference.sfu;

import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Collection;
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

    private boolean paused;
    private final Map<String, ForwardedSlot> slots = new LinkedHashMap<>();

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
            slots.computeIfAbsent(stream.mid(), mid -> new ForwardedSlot(this, mid)).update(stream, source);
        }
        for (ForwardedSlot gone : List.copyOf(slots.values())) {
            if (!listed.contains(gone.mid)) {
                gone.close();
                slots.remove(gone.mid);
            }
        }
    }

    /** On the loop: whether this transport receives any stream of {@code publisher}, and so its data. */
    boolean receivesFrom(SfuPublisher publisher) {
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
