package dev.parley.sdk.conference;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.call.Scheduler;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;

/**
 * The multistream subscription of a conference session (docs/protocol.md §4.3), as the browser SDK's: one video room
 * handle and one peer connection receive every feed the user subscribed to. The first feed {@code join}s as a
 * subscriber with {@code streams:[{feed}]}; later ones are added with {@code subscribe} and dropped with
 * {@code unsubscribe}. Each change (and each publisher that leaves) brings an offer from the server ({@code attached}
 * or {@code updated}), answered with {@code start}. Changes and offers run one at a time, in order, at most
 * {@value #MAX_QUEUED} waiting. After every offer the tracks of each feed are rebuilt from the offer's
 * {@code streams} (mid → feed) and the connection's transceivers.
 *
 * <p>Threading: SDK thread only; the peer's callbacks hop onto it.
 */
final class Subscription {

    /** Subscription changes and offers waiting their turn; past this the next change is refused. */
    static final int MAX_QUEUED = 64;

    /** What the subscription tells its session. */
    interface Host {
        void trackAdded(long feed, MediaTrack track);

        void feedRemoved(long feed);

        void connectionChanged(Set<Long> feeds, boolean connected);

        void mediaChanged(long feed, MediaTrack.Kind kind, boolean receiving);

        void slowLink(boolean uplink, int lost);

        /** A publisher's data channel message (the channel's sub-protocol names the publisher). */
        void dataReceived(long feed, byte[] data, boolean binary);

        /** The subscription cannot go on. */
        void failed(ParleyException error);
    }

    private final JanusConnection janus;
    private final Scheduler thread;
    private final MediaEngine engine;
    private final PeerOptions peerOptions;
    private final RoomId room;
    private final ObjectMapper json;
    private final Host host;
    private final Set<Long> feeds = new LinkedHashSet<>();
    private final Map<Long, Map<String, MediaTrack>> streams = new LinkedHashMap<>();
    private Map<String, Long> mids = new HashMap<>();
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);
    private int queued;
    private long handle;
    private MediaPeer peer;
    private boolean connected;
    private boolean closed;

    Subscription(JanusConnection janus, Scheduler thread, MediaEngine engine, PeerOptions peerOptions, RoomId room,
                 ObjectMapper json, Host host) {
        this.janus = janus;
        this.thread = thread;
        this.engine = engine;
        this.peerOptions = peerOptions;
        this.room = room;
        this.json = json;
        this.host = host;
    }

    /** Receives the feed; completes once the server's offer for it is answered. Subscribing twice is a no-op. */
    CompletableFuture<Void> subscribe(long feed) {
        if (!feeds.add(feed)) return CompletableFuture.completedFuture(null);
        return enqueue(() -> {
            if (!feeds.contains(feed)) return CompletableFuture.completedFuture(null);
            if (handle == 0) return join(feed);
            return change("subscribe", feed);
        }).whenComplete((ok, error) -> {
            if (error != null) feeds.remove(feed);
        });
    }

    CompletableFuture<Void> unsubscribe(long feed) {
        if (!feeds.remove(feed)) return CompletableFuture.completedFuture(null);
        drop(feed);
        return enqueue(() -> handle == 0 ? CompletableFuture.completedFuture(null) : change("unsubscribe", feed));
    }

    /**
     * Asks for simulcast layers of the feed's video mids ({@code configure} with {@code streams:[{mid, substream,
     * temporal}]}); fails when nothing of the feed's video arrived.
     */
    CompletableFuture<Void> setLayers(long feed, int substream, int temporal) {
        return enqueue(() -> {
            ArrayNode streams = json.createArrayNode();
            if (peer != null) {
                peer.remoteTracksByMid().forEach((mid, track) -> {
                    if (track.kind() == MediaTrack.Kind.VIDEO && Long.valueOf(feed).equals(mids.get(mid))) {
                        streams.addObject().put("mid", mid).put("substream", substream).put("temporal", temporal);
                    }
                });
            }
            if (streams.isEmpty()) {
                return CompletableFuture.failedFuture(new ParleyException("no video from user " + feed));
            }
            ObjectNode body = json.createObjectNode().put("request", "configure");
            body.set("streams", streams);
            return janus.message(handle, body, null, null).thenApply(answer -> null);
        });
    }

    /** The publisher left the room: the server drops its streams itself (and sends an updated offer). */
    void publisherLeft(long feed) {
        feeds.remove(feed);
        drop(feed);
    }

    /** The feeds whose tracks arrived. */
    Set<Long> receivedFeeds() {
        return new LinkedHashSet<>(streams.keySet());
    }

    /** One sample of the subscriber connection: what arrives from each received feed (its mids' streams together). */
    CompletableFuture<Map<Long, PeerStats>> stats() {
        if (peer == null || streams.isEmpty()) return CompletableFuture.completedFuture(Map.of());
        Map<Long, Set<String>> feedMids = new LinkedHashMap<>();
        streams.forEach((feed, tracks) -> feedMids.put(feed, Set.copyOf(tracks.keySet())));
        return peer.receiverStats().thenApply(byMid -> {
            Map<Long, PeerStats> byFeed = new LinkedHashMap<>();
            feedMids.forEach((feed, feedMidSet) -> {
                PeerStats combined = PeerStats.combine(feedMidSet.stream().map(byMid::get).filter(java.util.Objects::nonNull).toList());
                if (combined != null) byFeed.put(feed, combined);
            });
            return byFeed;
        });
    }

    /** A sample of what arrives from the feed, or a failed future when nothing does. */
    CompletableFuture<PeerStats> stats(long feed) {
        if (!streams.containsKey(feed)) return CompletableFuture.failedFuture(new ParleyException("no media received from user " + feed));
        return stats().thenApply(byFeed -> {
            PeerStats sample = byFeed.get(feed);
            if (sample == null) throw new ParleyException("no media received from user " + feed);
            return sample;
        });
    }

    boolean isConnected() {
        return connected;
    }

    private CompletableFuture<Void> join(long feed) {
        return janus.attach(this::onEvent).thenCompose(h -> {
            ObjectNode join = room.putOn(json.createObjectNode().put("request", "join").put("ptype", "subscriber"));
            join.putArray("streams").addObject().put("feed", feed);
            join.put("offer_data", true);
            return janus.message(h, join, null, null).handle((answer, error) -> {
                if (error != null) {
                    janus.detach(h);
                    throw new ParleyException("subscribing to user " + feed + " failed: " + cause(error).getMessage(), cause(error));
                }
                handle = h;
                return answer;
            });
        }).thenCompose(this::applyIfOffer);
    }

    private CompletableFuture<Void> change(String request, long feed) {
        ObjectNode body = json.createObjectNode().put("request", request);
        body.putArray("streams").addObject().put("feed", feed);
        return janus.message(handle, body, null, null).thenCompose(this::applyIfOffer);
    }

    private CompletableFuture<Void> applyIfOffer(JsonNode answer) {
        String sdp = answer.path("jsep").path("sdp").asText(null);
        return sdp == null ? CompletableFuture.completedFuture(null) : applyOffer(answer.path("plugindata").path("data"), sdp);
    }

    private CompletableFuture<Void> enqueue(Supplier<CompletableFuture<Void>> task) {
        if (closed) return CompletableFuture.failedFuture(new ParleyException("the conference session is closed"));
        if (queued >= MAX_QUEUED) {
            return CompletableFuture.failedFuture(new ParleyException("too many subscription changes waiting (" + MAX_QUEUED + ")"));
        }
        queued++;
        CompletableFuture<Void> run = queue.handle((ok, error) -> null).thenComposeAsync(ignored -> closed
                ? CompletableFuture.<Void>failedFuture(new ParleyException("the conference session is closed")) : task.get(), thread);
        queue = run.handleAsync((ok, error) -> {
            queued--;
            return null;
        }, thread);
        return run;
    }

    /** Events on the subscriber handle: offers the server sends on its own, media state, hang-up. */
    private void onEvent(JsonNode event) {
        if (closed) return;
        switch (event.path("janus").asText()) {
            case "event" -> {
                JsonNode data = event.path("plugindata").path("data");
                String videoroom = data.path("videoroom").asText();
                String sdp = event.path("jsep").path("sdp").asText(null);
                if (sdp == null || !("attached".equals(videoroom) || "updated".equals(videoroom))) return;
                enqueue(() -> applyOffer(data, sdp)).exceptionally(error -> {
                    if (!closed) host.failed(new ParleyException("the subscription could not follow the room: " + cause(error).getMessage(), cause(error)));
                    return null;
                });
            }
            case "media" -> {
                Long feed = mids.get(event.path("mid").asText());
                if (feed != null) {
                    host.mediaChanged(feed, "audio".equals(event.path("type").asText()) ? MediaTrack.Kind.AUDIO : MediaTrack.Kind.VIDEO,
                            event.path("receiving").asBoolean());
                }
            }
            case "slowlink" -> host.slowLink(event.path("uplink").asBoolean(), event.path("lost").asInt());
            case "hangup" -> host.failed(new ParleyException("the server closed the subscription's connection ("
                    + event.path("reason").asText("hangup") + ")"));
            default -> {
            }
        }
    }

    /** Answers one of the server's offers ({@code attached} or {@code updated}) and starts with the answer. */
    private CompletableFuture<Void> applyOffer(JsonNode data, String offer) {
        MediaPeer current;
        try {
            current = peer != null ? peer : open();
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        Map<String, Long> next = new HashMap<>();
        for (JsonNode stream : data.path("streams")) {
            if (stream.path("active").asBoolean(true) && stream.path("feed_id").isNumber()) {
                next.put(stream.path("mid").asText(), stream.path("feed_id").asLong());
            }
        }
        mids = next;
        return current.createAnswer(offer)
                .thenComposeAsync(answer -> {
                    if (closed) return CompletableFuture.completedFuture(null);
                    return janus.message(handle, room.putOn(json.createObjectNode().put("request", "start")), "answer", answer);
                }, thread)
                .thenAccept(started -> {
                    if (!closed) sync();
                });
    }

    private MediaPeer open() throws MediaException {
        peer = engine.createPeer(peerOptions, new MediaPeer.Listener() {
            @Override
            public void onIceCandidate(IceCandidate candidate) {
                thread.execute(() -> {
                    if (!closed && handle != 0) janus.trickle(handle, candidate);
                });
            }

            @Override
            public void onIceConnectionState(IceConnectionState state) {
                thread.execute(() -> iceChanged(state));
            }

            @Override
            public void onRemoteTrack(MediaTrack track) {
                // sync() assigns tracks to feeds by mid once the offer is answered
            }

            @Override
            public void onDataMessage(String label, String protocol, byte[] data, boolean binary) {
                long feed;
                try {
                    feed = Long.parseLong(protocol);
                } catch (NumberFormatException e) {
                    return; // not one of the channels Parley opens for a publisher
                }
                thread.execute(() -> {
                    if (!closed) host.dataReceived(feed, data, binary);
                });
            }
        });
        return peer;
    }

    private void iceChanged(IceConnectionState state) {
        if (closed) return;
        boolean now = state == IceConnectionState.CONNECTED || state == IceConnectionState.COMPLETED;
        if (now == connected || (!now && state != IceConnectionState.DISCONNECTED && state != IceConnectionState.FAILED)) return;
        connected = now;
        host.connectionChanged(receivedFeeds(), now);
    }

    /** Each subscribed feed's tracks are those of its mids; feeds with no mid left lose theirs. */
    private void sync() {
        Map<Long, Map<String, MediaTrack>> now = new LinkedHashMap<>();
        peer.remoteTracksByMid().forEach((mid, track) -> {
            Long feed = mids.get(mid);
            if (feed != null && feeds.contains(feed)) now.computeIfAbsent(feed, f -> new LinkedHashMap<>()).put(mid, track);
        });
        for (Long feed : Set.copyOf(streams.keySet())) {
            if (!now.containsKey(feed)) drop(feed);
        }
        now.forEach((feed, tracks) -> {
            Map<String, MediaTrack> known = streams.get(feed);
            boolean fresh = known == null;
            streams.put(feed, tracks);
            tracks.forEach((mid, track) -> {
                if (fresh || !known.containsValue(track)) host.trackAdded(feed, track);
            });
            if (fresh && connected) host.connectionChanged(Set.of(feed), true);
        });
    }

    private void drop(long feed) {
        if (streams.remove(feed) != null) host.feedRemoved(feed);
    }

    /** Closes the connection; the handle goes with the Janus session. */
    void close() {
        closed = true;
        if (peer != null) peer.close();
        for (Long feed : Set.copyOf(streams.keySet())) drop(feed);
        feeds.clear();
    }

    static Throwable cause(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof java.util.concurrent.CompletionException || cause instanceof java.util.concurrent.ExecutionException)
                && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }
}
