package dev.parley.sdk.bot;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;

/**
 * One remote feed received on a handle and a peer connection of its own, the one-handle-per-feed
 * form (docs/protocol.md §4.3-4.4): {@code join} with {@code ptype:"subscriber"} and one
 * {@code feed}, the server's offer in {@code attached}, the answer in {@code start}, the answer's
 * candidates trickled. Its {@link #stats()} are this feed's alone.
 *
 * <p>Threading: started and closed on its participant's serial executor; the peer's callbacks
 * only trickle candidates and record the ICE state.
 */
final class FeedSubscription {

    private final long feed;
    private final RoomId room;
    private final JanusClient janus;
    private final Executor serial;
    private final Report report;
    private final long participantId;
    private volatile MediaPeer peer;
    private volatile long handle;
    private volatile TrickleListener listener;
    private volatile boolean closed;

    FeedSubscription(long participantId, long feed, RoomId room, JanusClient janus, Executor serial, Report report) {
        this.participantId = participantId;
        this.feed = feed;
        this.room = room;
        this.janus = janus;
        this.serial = serial;
        this.report = report;
    }

    long feed() {
        return feed;
    }

    IceConnectionState iceState() {
        TrickleListener current = listener;
        return current == null ? IceConnectionState.NEW : current.iceState();
    }

    /** Attaches, joins as a subscriber of the feed, answers the offer and starts; completes when started. */
    CompletableFuture<Void> start(MediaEngine engine, ObjectMapper json) {
        return janus.attach(this::onEvent).thenComposeAsync(h -> {
            handle = h;
            if (closed) {
                janus.detach(h);
                throw new IllegalStateException("feed " + feed + " went away");
            }
            try {
                listener = new TrickleListener(janus, h, serial, () -> closed);
                peer = engine.createPeer(new PeerOptions(List.of(), List.of("VP8"), List.of("opus")), listener);
            } catch (MediaException e) {
                throw new IllegalStateException("no peer connection for feed " + feed, e);
            }
            var join = room.putOn(json.createObjectNode().put("request", "join").put("ptype", "subscriber")).put("feed", feed);
            return janus.message(handle, join, null, null);
        }, serial).thenComposeAsync(attached -> {
            String offer = attached.path("jsep").path("sdp").asText(null);
            if (offer == null) throw new IllegalStateException("no offer in the attached event for feed " + feed + ": " + attached);
            return peer.createAnswer(offer);
        }, serial).thenComposeAsync(answer -> {
            return janus.message(handle, room.putOn(json.createObjectNode().put("request", "start")), "answer", answer);
        }, serial).thenApply(started -> null);
    }

    CompletableFuture<PeerStats> stats() {
        MediaPeer current = peer;
        return current == null || closed ? CompletableFuture.completedFuture(null) : current.stats();
    }

    /** Detaches the handle (bounded by the client's answer timeout) and closes the peer connection. */
    CompletableFuture<Void> close() {
        if (closed) return CompletableFuture.completedFuture(null);
        closed = true;
        MediaPeer current = peer;
        if (current != null) current.close();
        return handle == 0 ? CompletableFuture.completedFuture(null)
                : janus.detach(handle).handle((ok, error) -> null);
    }

    /** The subscriber handle's own events: only reported (hangup, media, webrtcup). */
    private void onEvent(JsonNode event) {
        String janusType = event.path("janus").asText();
        if (!"event".equals(janusType)) {
            report.feedEvent(participantId, feed, janusType, event);
        }
    }
}
