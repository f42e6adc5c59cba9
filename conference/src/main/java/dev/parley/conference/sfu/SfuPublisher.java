package dev.parley.conference.sfu;

import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.ExtensionMap;

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
 * (receiver reports, NACKs, PLIs, transport-cc, the REMB cap) goes back out through it ({@link SfuPeer}).
 *
 * <p>Threading: the {@link PublisherEndpoint} methods come from the room's executor and post their work to the media
 * loop ({@link SfuRoom#post}), in order; everything else runs on the loop, as {@link SfuPeer} says.
 */
final class SfuPublisher extends SfuPeer implements PublisherEndpoint {

    private final Map<String, PublishedSource> sources = new LinkedHashMap<>();

    SfuPublisher(SfuRoom room, MediaListener listener) {
        super(room, listener);
    }

    @Override
    boolean publishing() {
        return true;
    }

    @Override
    public void receive(RemoteTransport remote, List<PublishedStream> streams) {
        setRemote(remote);
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
            Endpoint endpoint = endpoint();
            if (endpoint != null) {
                endpoint.setMaxPublishBitrate(Math.max(0, bitsPerSecond));
            }
        });
    }

    /** On the loop: the publisher's streams as its last accepted offer has them. */
    private void publish(List<PublishedStream> streams) {
        Endpoint endpoint = endpoint();
        if (endpoint == null) {
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

    @Override
    void dropStreams() {
        for (PublishedSource source : sources.values()) {
            source.retire();
        }
        sources.clear();
    }

    void reportReceiving(String mid, boolean receiving) {
        if (reporting()) {
            listener.receiving(mid, receiving);
        }
    }

    void reportAudioLevel(String mid, int level) {
        if (reporting()) {
            listener.audioLevel(mid, level);
        }
    }

    void reportSpeechLevel(String mid, int level) {
        if (reporting()) {
            listener.speechLevel(mid, level);
        }
    }
}
