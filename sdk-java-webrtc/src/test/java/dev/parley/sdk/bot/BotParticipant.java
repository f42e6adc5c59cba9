package dev.parley.sdk.bot;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCConfig;
import dev.parley.sdk.call.RTCMediaConfig;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.conference.ConferenceClient;
import dev.parley.sdk.conference.ConferenceSession;
import dev.parley.sdk.conference.ConferenceSessionCallbacks;
import dev.parley.sdk.conference.RTCSessionStateCallback;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaTrack;

/**
 * One conference participant on the Java SDK's conference client: joins the room as a publisher with synthetic media
 * and subscribes to every publisher, listed when it joins or announced later, on the one multistream subscriber
 * connection; reports each step as a {@link Report} line.
 *
 * <p>Threading: the SDK's callbacks arrive on the bots' one callback executor; {@link #stats()} and {@link #close()}
 * may be called from any thread.
 */
final class BotParticipant {

    private final long id;
    private final ConferenceClient client;
    private final Report report;
    private final Set<Long> connected = ConcurrentHashMap.newKeySet();
    private volatile ConferenceSession session;
    private volatile boolean closed;

    BotParticipant(long id, String token, URI server, RTCMediaConfig media, MediaEngine engine, Executor callbacks, Report report) {
        this.id = id;
        this.report = report;
        this.client = new ConferenceClient(server, token, engine, new RTCConfig(), media, callbacks);
    }

    long id() {
        return id;
    }

    /** Joins the room, publishes and subscribes to who publishes already; completes once published. */
    CompletableFuture<Void> join(String room) {
        return client.createCallSession(id, ConferenceType.VIDEO).thenCompose(created -> {
            session = created;
            created.addSessionCallbacksListener(new RoomEvents());
            created.addSessionStateCallbacksListener(new RTCSessionStateCallback<>() {
                @Override
                public void onConnectedToUser(ConferenceSession s, long userId) {
                    connected.add(userId);
                }

                @Override
                public void onDisconnectedFromUser(ConferenceSession s, long userId) {
                    connected.remove(userId);
                }

                @Override
                public void onConnectionClosedForUser(ConferenceSession s, long userId) {
                    connected.remove(userId);
                }
            });
            return created.joinDialog(room, null);
        }).thenAccept(publishers -> {
            ObjectNode line = report.line("joined", id);
            publishers.forEach(line.putArray("publishers")::add);
            report.print(line);
            report.print(report.line("published", id));
        });
    }

    /** One stats line: per remote feed, what arrived (decoded video frames and their size, video and audio bytes); and what this participant sent. */
    CompletableFuture<ObjectNode> stats() {
        ConferenceSession current = session;
        ObjectNode line = report.line("stats", id);
        ObjectNode feeds = line.putObject("feeds");
        if (current == null) return CompletableFuture.completedFuture(line);
        CompletableFuture<?> received = current.getReceivedStats().thenAccept(reports -> reports.forEach((feed, r) -> {
            synchronized (feeds) {
                feeds.putObject(Long.toString(feed)).put("framesDecoded", r.framesDecoded()).put("width", r.frameWidth())
                        .put("height", r.frameHeight()).put("videoBytes", r.bytesReceived() - r.audioBytesReceived())
                        .put("audioBytes", r.audioBytesReceived()).put("connected", connected.contains(feed));
            }
        }));
        CompletableFuture<?> sent = current.getStats(id).thenAccept((RTCStatsReport r) -> {
            synchronized (line) {
                line.putObject("sent").put("bytes", r.bytesSent()).put("kbps", Math.round(r.sentBitrateKbps()));
            }
        }).handle((ok, error) -> null);
        return received.thenCombine(sent, (a, b) -> line);
    }

    /** Leaves the room (bounded) and stops the client. */
    void close() {
        if (closed) return;
        closed = true;
        try {
            client.destroy().get(25, TimeUnit.SECONDS);
        } catch (Exception e) {
            report.error(id, "leave", e);
        }
    }

    /** The room's events: every publisher is subscribed to; the rest is reported. */
    private final class RoomEvents implements ConferenceSessionCallbacks {
        @Override
        public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
            for (long feed : publishers) {
                s.subscribeToPublisher(feed).whenComplete((ok, error) -> {
                    if (error == null) report.print(report.line("subscribed", id).put("feed", feed));
                    else if (!closed) report.error(id, "subscribe to " + feed, error);
                });
            }
        }

        @Override
        public void onPublisherLeft(ConferenceSession s, long userId) {
            report.print(report.line("unsubscribed", id).put("feed", userId).put("because", "left"));
        }

        @Override
        public void onRemoteMediaState(ConferenceSession s, long userId, MediaTrack.Kind kind, boolean receiving) {
            report.print(report.line("feed-event", id).put("feed", userId).put("janus", "media")
                    .put("kind", kind.name().toLowerCase()).put("receiving", receiving));
        }

        @Override
        public void onSlowLink(ConferenceSession s, boolean uplink, int lost) {
            report.print(report.line("slowlink", id).put("uplink", uplink).put("lost", lost));
        }

        @Override
        public void onError(ConferenceSession s, ParleyException error) {
            if (!closed) report.error(id, "session", error);
        }

        @Override
        public void onSessionClosed(ConferenceSession s) {
            if (!closed) report.print(report.line("disconnected", id).put("reason", "session closed"));
        }
    }
}
