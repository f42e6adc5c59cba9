package dev.parley.sdk.conference;

import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
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
 * <p>A connection that fails (the server hangs it up, say after a DTLS handshake that never finished, or its ICE
 * fails) is set up again: the handle is detached and a new one joins with every subscribed feed, after
 * {@value #RESTART_DELAY_MS} ms, doubled for each restart in a row; the feeds are disconnected meanwhile, and come back
 * with new tracks. After {@value #MAX_RESTARTS} restarts with no connection between them the session fails.
 *
 * <p>Threading: SDK thread only; the peer's callbacks hop onto it.
 */
final class Subscription {

    /** Subscription changes and offers waiting their turn; past this the next change is refused. */
    static final int MAX_QUEUED = 64;

    /** Restarts of a failed connection in a row (none connected in between) before the subscription gives up. */
    static final int MAX_RESTARTS = 3;

    /** The pause before the first restart in a row; each next one waits twice as long. */
    static final long RESTART_DELAY_MS = 1000;

    /** What the subscription tells its session. */
    interface Host {
        void trackAdded(long feed, MediaTrack track);

        void feedRemoved(long feed);

        /**
         * The connection failed and is being set up again: these feeds' tracks are gone until new ones arrive (and
         * they were connected until now, unless the connection had told so already).
         */
        void restarting(Set<Long> feeds, boolean wereConnected, ParleyException why);

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
    /** The feeds the current handle asked for (its join, subscribe and unsubscribe answered). */
    private final Set<Long> requested = new HashSet<>();
    private final Map<Long, Map<String, MediaTrack>> streams = new LinkedHashMap<>();
    private Map<String, Long> mids = new HashMap<>();
    private CompletableFuture<Void> queue = CompletableFuture.completedFuture(null);
    private int queued;
    private long handle;
    private MediaPeer peer;
    private boolean connected;
    private boolean closed;
    /** Counts restarts; events of an older handle or peer are ignored. */
    private int generation;
    private int restartsInARow;
    private boolean restartPending;
    private boolean leaving;

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
            if (!feeds.contains(feed) || requested.contains(feed)) return CompletableFuture.completedFuture(null);
            if (handle == 0) return join();
            return change("subscribe", feed);
        }).whenComplete((ok, error) -> {
            if (error != null) feeds.remove(feed);
        });
    }

    CompletableFuture<Void> unsubscribe(long feed) {
        if (!feeds.remove(feed)) return CompletableFuture.completedFuture(null);
        drop(feed);
        return enqueue(() -> handle == 0 || !requested.contains(feed) ? CompletableFuture.completedFuture(null) : change("unsubscribe", feed));
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
        requested.remove(feed);
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

    /** Attaches a subscriber handle and joins with every subscribed feed. */
    private CompletableFuture<Void> join() {
        int attachedIn = generation;
        List<Long> joining = List.copyOf(feeds);
        return janus.attach(event -> {
            if (attachedIn == generation) onEvent(event);
        }).thenCompose(h -> {
            ObjectNode join = room.putOn(json.createObjectNode().put("request", "join").put("ptype", "subscriber"));
            ArrayNode streams = join.putArray("streams");
            for (long feed : joining) streams.addObject().put("feed", feed);
            join.put("offer_data", true);
            return janus.message(h, join, null, null).handle((answer, error) -> {
                if (error != null || attachedIn != generation) {
                    janus.detach(h);
                    if (error == null) throw new ParleyException("the subscription restarted while joining");
                    throw new ParleyException("subscribing to " + (joining.size() == 1 ? "user " + joining.get(0)
                            : "users " + joining) + " failed: " + cause(error).getMessage(), cause(error));
                }
                handle = h;
                requested.addAll(joining);
                return answer;
            });
        }).thenCompose(this::applyIfOffer);
    }

    private CompletableFuture<Void> change(String request, long feed) {
        ObjectNode body = json.createObjectNode().put("request", request);
        body.putArray("streams").addObject().put("feed", feed);
        int sentIn = generation;
        return janus.message(handle, body, null, null).handle((answer, error) -> {
            // the restart's join asks for the feeds as they are then: what this change asked of the old handle is moot
            if (sentIn != generation) return CompletableFuture.<Void>completedFuture(null);
            if (error != null) return CompletableFuture.<Void>failedFuture(error);
            if ("subscribe".equals(request)) requested.add(feed);
            else requested.remove(feed);
            return applyIfOffer(answer);
        }).thenCompose(f -> f);
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
                int raisedIn = generation;
                enqueue(() -> raisedIn == generation ? applyOffer(data, sdp) : CompletableFuture.completedFuture(null)).exceptionally(error -> {
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
            case "hangup" -> restart(new ParleyException("the server closed the subscription's connection ("
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
        int offeredIn = generation;
        return current.createAnswer(offer)
                .thenComposeAsync(answer -> {
                    if (closed || offeredIn != generation) return CompletableFuture.completedFuture(null);
                    return janus.message(handle, room.putOn(json.createObjectNode().put("request", "start")), "answer", answer);
                }, thread)
                .thenAccept(started -> {
                    if (!closed && offeredIn == generation) sync();
                });
    }

    private MediaPeer open() throws MediaException {
        int openedIn = generation;
        peer = engine.createPeer(peerOptions, new MediaPeer.Listener() {
            @Override
            public void onIceCandidate(IceCandidate candidate) {
                thread.execute(() -> {
                    if (!closed && handle != 0 && openedIn == generation) janus.trickle(handle, candidate);
                });
            }

            @Override
            public void onIceConnectionState(IceConnectionState state) {
                thread.execute(() -> {
                    if (openedIn == generation) iceChanged(state);
                });
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
                    if (!closed && openedIn == generation) host.dataReceived(feed, data, binary);
                });
            }
        });
        return peer;
    }

    private void iceChanged(IceConnectionState state) {
        if (closed) return;
        if (state == IceConnectionState.FAILED) {
            restart(new ParleyException("the subscription's connection failed (ICE)"));
            return;
        }
        boolean now = state == IceConnectionState.CONNECTED || state == IceConnectionState.COMPLETED;
        if (now == connected || (!now && state != IceConnectionState.DISCONNECTED)) return;
        connected = now;
        if (now) restartsInARow = 0;
        host.connectionChanged(receivedFeeds(), now);
    }

    /**
     * Sets the failed connection up again: the old handle and peer are let go at once, and after the restart delay a
     * new handle joins with the feeds subscribed then. Fails the subscription after {@value #MAX_RESTARTS} in a row.
     */
    private void restart(ParleyException why) {
        if (closed || restartPending) return;
        if (leaving || restartsInARow >= MAX_RESTARTS) {
            host.failed(new ParleyException(why.getMessage() + ", " + MAX_RESTARTS + " restarts did not bring it back", why));
            return;
        }
        long delay = RESTART_DELAY_MS << restartsInARow;
        restartsInARow++;
        restartPending = true;
        generation++;
        Set<Long> lost = receivedFeeds();
        boolean wasConnected = connected;
        if (handle != 0) janus.detach(handle);
        handle = 0;
        requested.clear();
        if (peer != null) peer.close();
        peer = null;
        connected = false;
        mids = new HashMap<>();
        streams.clear();
        host.restarting(lost, wasConnected, why);
        thread.schedule(() -> {
            restartPending = false;
            if (closed) return;
            enqueue(() -> handle != 0 || feeds.isEmpty() ? CompletableFuture.completedFuture(null) : join())
                    .exceptionally(error -> {
                        restart(new ParleyException("restarting the subscription failed: " + cause(error).getMessage(), cause(error)));
                        return null;
                    });
        }, delay);
    }

    /** Each subscribed feed's tracks are those of its mids; feeds with no mid left lose theirs. */
    private void sync() {
        Map<Long, Map<String, MediaTrack>> now = new LinkedHashMap<>();
        peer.remoteTracksByMid().forEach((mid, track) -> {
            Long feed = mids.get(mid);
            if (feed != null && feeds.contains(feed)) now.computeIfAbsent(feed, f -> new LinkedHashMap<>()).put(mid, track);
        });
        for (Long feed : List.copyOf(streams.keySet())) {
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

    /** The user leaves the room: a connection the server hangs up from now on is not set up again. */
    void leaving() {
        leaving = true;
    }

    /** Closes the connection; the handle goes with the Janus session. */
    void close() {
        closed = true;
        if (peer != null) peer.close();
        for (Long feed : List.copyOf(streams.keySet())) drop(feed);
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
