package dev.parley.conference.sfu;

import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.CloseReason;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import dev.parley.media.forward.PacketSink;
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
 * everything else runs.
 */
final class SfuSubscriber implements SubscriberEndpoint, PeerTransport.Events, PacketSink {

    private static final Logger LOG = LoggerFactory.getLogger(SfuSubscriber.class);

    final SfuRoom room;
    private final MediaListener listener;
    private final PeerTransport transport;
    private volatile LocalTransport local;
    private volatile boolean closedByOwner;
    private Endpoint endpoint;
    private boolean detached;
    private boolean paused;
    private final Map<String, ForwardedSlot> slots = new LinkedHashMap<>();

    SfuSubscriber(SfuRoom room, MediaListener listener) {
        this.room = room;
        this.listener = listener;
        this.transport = room.transports().open(this);
        this.local = transport.local();
        room.post(this::attach);
    }

    private void attach() {
        if (!detached) {
            endpoint = room.addEndpoint(this);
            room.attached(this);
        }
    }

    @Override
    public LocalTransport local() {
        return local;
    }

    @Override
    public LocalTransport restartIce() {
        local = transport.restartIce();
        return local;
    }

    @Override
    public void send(RemoteTransport remote, List<ForwardedStream> streams) {
        if (remote != null) {
            transport.setRemote(remote);
        }
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
    public void close() {
        closedByOwner = true;
        transport.close();
    }

    /** On the loop: the streams as the subscriber's last answer accepted them. */
    private void forward(List<ForwardedStream> streams) {
        if (endpoint == null || detached) {
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

    Endpoint endpoint() {
        return endpoint;
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

    /** On the loop: the room stopped or the transport closed; its subscriptions end. */
    void detach() {
        if (detached) {
            return;
        }
        detached = true;
        for (ForwardedSlot slot : slots.values()) {
            slot.close();
        }
        slots.clear();
        if (endpoint != null) {
            endpoint.close();
            room.detached(this);
        }
    }

    void shutDown() {
        closedByOwner = true;
        transport.close();
        detach();
    }

    void reportSlowLink(String mid, long lost) {
        if (!closedByOwner) {
            listener.slowLink(mid, false, (int) Math.min(Integer.MAX_VALUE, lost));
        }
    }

    @Override
    public void connected() {
        if (!closedByOwner) {
            listener.connected();
        }
    }

    @Override
    public void rtp(byte[] buf, int off, int len) {
        Endpoint current = endpoint;
        if (current != null) {
            current.receiveRtp(buf, off, len, room.loop.nanoTime());
        }
    }

    @Override
    public void rtcp(byte[] buf, int off, int len) {
        Endpoint current = endpoint;
        if (current != null) {
            current.receiveRtcp(buf, off, len, room.loop.nanoTime());
        }
    }

    @Override
    public void closed(CloseReason reason) {
        detach();
        if (!closedByOwner) {
            listener.closed(CloseReasons.describe(reason));
        }
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        transport.sendRtp(buf, off, len);
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        transport.sendRtcp(buf, off, len);
    }

    @Override
    public String toString() {
        return "subscriber " + local.iceUfrag() + " in room " + room.name;
    }
}
