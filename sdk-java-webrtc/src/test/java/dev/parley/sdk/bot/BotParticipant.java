package dev.parley.sdk.bot;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.PeerOptions;

/**
 * One conference participant speaking the Janus video room API as janus.js's video room demo does
 * (docs/protocol.md §4.3): a session and a publisher handle, {@code join} as a publisher, then
 * {@code configure} with an offer of synthetic audio and video, and one {@link FeedSubscription}
 * for every other publisher, listed in {@code joined} or announced later in {@code publishers};
 * a feed's subscription ends with its {@code leaving} or {@code unpublished}.
 *
 * <p>Threading: signaling state changes run on this participant's own serial executor; the peer
 * connections' callbacks hop onto it. {@link #stats()} and {@link #close()} may be called from any
 * thread.
 */
final class BotParticipant {

    /** Parley allows 40 handles per session (docs/conference.md); one is the publisher's. */
    private static final int MAX_FEEDS = 32;

    private final long id;
    private final String token;
    private final RoomId room;
    private final MediaOptions mediaOptions;
    private final MediaEngine engine;
    private final ObjectMapper json;
    private final Report report;
    private final ExecutorService serial;
    private final Map<Long, FeedSubscription> feeds = new ConcurrentHashMap<>();
    private volatile JanusClient janus;
    private volatile long handle;
    private volatile MediaPeer publisher;
    private volatile LocalMedia media;
    private volatile TrickleListener publisherListener;
    private volatile boolean closed;

    BotParticipant(long id, String token, RoomId room, MediaOptions mediaOptions, MediaEngine engine, ObjectMapper json, Report report) {
        this.id = id;
        this.token = token;
        this.room = room;
        this.mediaOptions = mediaOptions;
        this.engine = engine;
        this.json = json;
        this.report = report;
        this.serial = Executors.newSingleThreadExecutor(Thread.ofPlatform().daemon().name("bot-" + id).factory());
    }

    long id() {
        return id;
    }

    /** Connects, joins the room, publishes and subscribes to who publishes already; completes once published. */
    CompletableFuture<Void> join(HttpClient http, URI server, ScheduledExecutorService timers) {
        return JanusClient.connect(http, server, token, json, serial, timers)
                .thenComposeAsync(client -> {
                    janus = client;
                    client.closed().whenComplete((ok, error) -> {
                        if (!closed) report.print(report.line("disconnected", id).put("reason", String.valueOf(error)));
                    });
                    return client.attach(this::onPublisherEvent);
                }, serial)
                .thenComposeAsync(h -> {
                    handle = h;
                    ObjectNode join = room.putOn(json.createObjectNode().put("request", "join").put("ptype", "publisher"))
                            .put("id", id).put("display", "bot " + id);
                    return janus.message(handle, join, null, null);
                }, serial)
                .thenComposeAsync(joined -> {
                    JsonNode publishers = joined.path("plugindata").path("data").path("publishers");
                    List<Long> ids = new ArrayList<>();
                    publishers.forEach(p -> ids.add(p.path("id").asLong()));
                    ObjectNode line = report.line("joined", id);
                    ids.forEach(line.putArray("publishers")::add);
                    report.print(line);
                    ids.forEach(this::subscribe);
                    return publish();
                }, serial)
                .whenComplete((ok, error) -> {
                    if (error == null) report.print(report.line("published", id));
                });
    }

    private CompletableFuture<Void> publish() {
        try {
            media = engine.openLocalMedia(mediaOptions);
            publisherListener = new TrickleListener(janus, handle, serial, () -> closed);
            publisher = engine.createPeer(new PeerOptions(List.of(), List.of("VP8"), List.of("opus")), publisherListener);
            publisher.addLocalMedia(media);
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        ObjectNode configure = json.createObjectNode().put("request", "configure").put("audio", true).put("video", true);
        return publisher.createOffer(false)
                .thenComposeAsync(offer -> janus.message(handle, configure, "offer", offer), serial)
                .thenComposeAsync(configured -> {
                    String answer = configured.path("jsep").path("sdp").asText(null);
                    if (answer == null) throw new IllegalStateException("configure was answered without an SDP answer: " + configured);
                    return publisher.setRemoteAnswer(answer);
                }, serial);
    }

    /** Events on the publisher handle: who starts publishing, who leaves, and the handle's own media events. */
    private void onPublisherEvent(JsonNode event) {
        if (closed) return;
        String janusType = event.path("janus").asText();
        if (!"event".equals(janusType)) {
            report.print(report.line("event", id).put("janus", janusType).put("detail", event.toString()));
            return;
        }
        JsonNode data = event.path("plugindata").path("data");
        data.path("publishers").forEach(p -> subscribe(p.path("id").asLong()));
        for (String field : new String[] {"leaving", "unpublished"}) {
            JsonNode gone = data.path(field);
            if (gone.isNumber() || (gone.isTextual() && !"ok".equals(gone.asText()))) unsubscribe(gone.asLong(), field);
        }
        if (data.has("error_code")) {
            report.error(id, "event", new JanusException(data.path("error_code").asInt(), data.path("error").asText()));
        }
    }

    private void subscribe(long feed) {
        if (feed == id || feeds.containsKey(feed)) return;
        if (feeds.size() >= MAX_FEEDS) {
            report.print(report.line("error", id).put("during", "subscribe").put("feed", feed).put("reason", "more than " + MAX_FEEDS + " feeds"));
            return;
        }
        FeedSubscription subscription = new FeedSubscription(id, feed, room, janus, serial, report);
        feeds.put(feed, subscription);
        subscription.start(engine, json).whenCompleteAsync((ok, error) -> {
            if (error == null) {
                report.print(report.line("subscribed", id).put("feed", feed));
            } else if (!closed && feeds.remove(feed, subscription)) {
                report.error(id, "subscribe to " + feed, error);
                subscription.close();
            }
        }, serial);
    }

    private void unsubscribe(long feed, String why) {
        FeedSubscription subscription = feeds.remove(feed);
        if (subscription == null) return;
        subscription.close();
        report.print(report.line("unsubscribed", id).put("feed", feed).put("because", why));
    }

    /**
     * One stats line: per remote feed, what arrived (decoded video frames and their size, video
     * and audio bytes, audio packets) and its ICE state; and what this participant sent.
     */
    CompletableFuture<ObjectNode> stats() {
        ObjectNode line = report.line("stats", id);
        ObjectNode feedsNode = line.putObject("feeds");
        List<CompletableFuture<?>> samples = new ArrayList<>();
        for (FeedSubscription subscription : feeds.values()) {
            samples.add(subscription.stats().thenAccept(s -> {
                if (s == null) return;
                synchronized (feedsNode) {
                    feedsNode.putObject(Long.toString(subscription.feed())).put("framesDecoded", s.framesDecoded())
                            .put("width", s.frameWidth()).put("height", s.frameHeight()).put("videoBytes", s.videoBytesReceived())
                            .put("audioBytes", s.audioBytesReceived()).put("audioPackets", s.audioPacketsReceived())
                            .put("ice", subscription.iceState().name());
                }
            }));
        }
        MediaPeer sending = publisher;
        if (sending != null) {
            samples.add(sending.stats().thenAccept(s -> {
                synchronized (line) {
                    line.putObject("sent").put("framesEncoded", s.framesEncoded()).put("videoBytes", s.videoBytesSent())
                            .put("audioBytes", s.audioBytesSent()).put("ice", publisherListener.iceState().name());
                }
            }));
        }
        return CompletableFuture.allOf(samples.toArray(CompletableFuture[]::new)).handle((ok, error) -> line);
    }

    /** Leaves as janus.js does (leave, then detach and destroy), closes every peer connection and the local media. */
    void close() {
        if (closed) return;
        closed = true;
        JanusClient client = janus;
        try {
            if (client != null && handle != 0) {
                client.message(handle, json.createObjectNode().put("request", "leave"), null, null)
                        .handle((ok, error) -> null).get(5, TimeUnit.SECONDS);
            }
        } catch (Exception ignored) {
            // leaving is best effort: destroying the session ends the participation anyway
        }
        feeds.values().forEach(FeedSubscription::close);
        feeds.clear();
        if (publisher != null) publisher.close();
        if (media != null) media.close();
        if (client != null) client.close();
        serial.shutdownNow();
    }
}
