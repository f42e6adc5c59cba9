package dev.parley.conference.sfu;

import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.media.CloseReason;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;
import dev.parley.media.forward.PacketSink;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A publisher's transport in a room: what it sends ({@link #receive}) becomes the forwarding pipeline's publisher
 * streams, one {@link PublishedSource} per mid; its transport's packets go into its {@link Endpoint}, whose feedback
 * (receiver reports, NACKs, PLIs, transport-cc, the REMB cap) goes back out through it.
 *
 * <p>Threading: the {@link PublisherEndpoint} methods come from the room's executor and post their work to the media
 * loop ({@link SfuRoom#post}), in order; everything else runs on the loop. {@link #local} is readable from any thread.
 */
final class SfuPublisher implements PublisherEndpoint, PeerTransport.Events, PacketSink {

    final SfuRoom room;
    private final MediaListener listener;
    private final PeerTransport transport;
    private volatile LocalTransport local;
    /** Closed by the room: no listener call follows. */
    private volatile boolean closedByOwner;
    private Endpoint endpoint;
    private boolean detached;
    private final Map<String, PublishedSource> sources = new LinkedHashMap<>();

    SfuPublisher(SfuRoom room, MediaListener listener) {
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
    public void receive(RemoteTransport remote, List<PublishedStream> streams) {
        if (remote != null) {
            transport.setRemote(remote);
        }
        List<PublishedStream> accepted = List.copyOf(streams);
        room.post(() -> publish(accepted));
    }

    @Override
    public void setForwarding(String mid, boolean forward) {
        room.post(() -> {
            PublishedSource source = sources.get(mid);
            if (source != null) {
                source.setForwarding(forward);
            }
        });
    }

    @Override
    public void requestKeyframe() {
        room.post(() -> sources.values().forEach(PublishedSource::requestKeyframe));
    }

    @Override
    public void capBitrate(long bitsPerSecond) {
        room.post(() -> {
            if (endpoint != null) {
                endpoint.setMaxPublishBitrate(Math.max(0, bitsPerSecond));
            }
        });
    }

    @Override
    public void close() {
        closedByOwner = true;
        transport.close();
    }

    /** On the loop: the publisher's streams as its last accepted offer has them. */
    private void publish(List<PublishedStream> streams) {
        if (endpoint == null || detached) {
            return;
        }
        endpoint.setExtensions(StreamConfigs.extensions(streams.stream().map(PublishedStream::extensions).toList()),
                ExtensionMap.NONE);
        Set<String> listed = new HashSet<>();
        List<PublishedSource> toPublish = new ArrayList<>();
        for (PublishedStream stream : streams) {
            listed.add(stream.mid());
            PublishedSource source = sources.computeIfAbsent(stream.mid(), mid -> new PublishedSource(this, mid));
            if (!source.keeps(stream)) {
                toPublish.add(source);
            }
        }
        for (PublishedSource gone : List.copyOf(sources.values())) {
            if (!listed.contains(gone.mid)) {
                gone.retire();
                sources.remove(gone.mid);
            }
        }
        // Published after every replaced stream closed, so that two mids may swap SSRCs.
        for (PublishedSource source : toPublish) {
            source.publish(endpoint);
        }
    }

    /** On the loop: the source of one of its mids, or null. */
    PublishedSource source(String mid) {
        return sources.get(mid);
    }

    Collection<PublishedSource> sources() {
        return sources.values();
    }

    /** On the loop: the room stopped or the transport closed; its streams stop. */
    void detach() {
        if (detached) {
            return;
        }
        detached = true;
        for (PublishedSource source : sources.values()) {
            source.retire();
        }
        sources.clear();
        if (endpoint != null) {
            endpoint.close();
            room.detached(this);
        }
    }

    /** On the loop, when the room stops: the transport goes too. */
    void shutDown() {
        closedByOwner = true;
        transport.close();
        detach();
    }

    void reportReceiving(String mid, boolean receiving) {
        if (!closedByOwner) {
            listener.receiving(mid, receiving);
        }
    }

    void reportAudioLevel(String mid, int level) {
        if (!closedByOwner) {
            listener.audioLevel(mid, level);
        }
    }

    void reportSlowLink(String mid, long lost) {
        if (!closedByOwner) {
            listener.slowLink(mid, true, (int) Math.min(Integer.MAX_VALUE, lost));
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
        return "publisher " + local.iceUfrag() + " in room " + room.name;
    }
}
