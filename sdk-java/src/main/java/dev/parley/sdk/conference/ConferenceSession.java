package dev.parley.sdk.conference;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.sdk.ParleyException;
import dev.parley.sdk.call.ConferenceType;
import dev.parley.sdk.call.RTCStatsReport;
import dev.parley.sdk.call.Scheduler;
import dev.parley.sdk.media.DataChannel;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One user's part in a conference (ConnectyCube's {@code ConferenceSession} API): publishes the camera and microphone to a
 * video room of Parley's SFU over the Janus API (docs/protocol.md §4.3, docs/conference.md) and receives the
 * publishers the app subscribes to, all on one multistream subscriber connection ({@link Subscription}).
 *
 * <pre>{@code
 * ConferenceSession session = conference.createCallSession(me.id(), ConferenceType.VIDEO).get();
 * session.addSessionCallbacksListener(new ConferenceSessionCallbacks() {
 *     public void onPublishersReceived(ConferenceSession s, List<Long> publishers) {
 *         publishers.forEach(s::subscribeToPublisher);
 *     }
 * });
 * session.joinDialog(meetingId, publishers -> System.out.println("in the room: " + publishers));
 * }</pre>
 *
 * <p>Threading: the session lives on its client's SDK thread; every method may be called from any thread and hops
 * there. Actions return a future that completes when done, or fails ({@link IllegalStateException} when the state
 * does not allow it, {@link JanusException} when the room refused, {@link ParleyException} otherwise). Callbacks run
 * on the client's callback executor in the order of the events.
 */
public final class ConferenceSession {

    private static final Logger LOG = LoggerFactory.getLogger(ConferenceSession.class);
    /** The label of the channel {@link #sendData} sends on. */
    private static final String DATA_CHANNEL_LABEL = "parley";
    private final ConferenceClient client;
    private final JanusConnection janus;
    private final Scheduler thread;
    private final ObjectMapper json;
    private final long currentUserId;
    private final ConferenceType callType;
    private final ConferenceListeners listeners;
    private final ConferenceStatsReporter stats;
    private final Set<Long> publishers = new LinkedHashSet<>();
    /** Per user (this one included), the mids of its audio the room says are talking. */
    private final Map<Long, Set<String>> talkingMids = new HashMap<>();
    private volatile Set<Long> talking = Set.of();
    private volatile OptionalLong dominantSpeaker = OptionalLong.empty();
    private volatile ConferenceState state = ConferenceState.NEW;
    private RoomId room;
    private long publisherHandle;
    private MediaPeer publisher;
    /** The publishing connection's data channel, once published with an engine that has them. */
    private volatile DataChannel dataChannel;
    private LocalMedia media;
    private Subscription subscription;
    private Scheduler.Task joinTimer;
    private int maxBandwidthKbps;
    private boolean leaving;

    ConferenceSession(ConferenceClient client, JanusConnection janus, long currentUserId, ConferenceType callType) {
        this.client = client;
        this.janus = janus;
        this.thread = client.thread();
        this.json = client.json();
        this.currentUserId = currentUserId;
        this.callType = callType;
        this.listeners = new ConferenceListeners(client.callbacks());
        this.maxBandwidthKbps = client.mediaConfig().maxBandwidth();
        this.stats = new ConferenceStatsReporter(this, thread, client.config().statsReportInterval(), listeners, this::rawStats,
                () -> subscription == null ? CompletableFuture.completedFuture(Map.of()) : subscription.stats());
        janus.closed().whenCompleteAsync((ok, error) -> fail(new ParleyException("the server ended the conference session"
                + (error != null ? ": " + Subscription.cause(error).getMessage() : ""))), thread);
    }

    public long getCurrentUserId() {
        return currentUserId;
    }

    public ConferenceType getCallType() {
        return callType;
    }

    public ConferenceState getState() {
        return state;
    }

    /** The room joined (null before joinDialog). */
    public String getRoomId() {
        RoomId current = room;
        return current == null ? null : current.text();
    }

    /** The users (this one included) the room says are talking now. */
    public Set<Long> getTalking() {
        return talking;
    }

    /** Who holds the floor, as the room last said (this user included); empty before anyone or once they left. */
    public OptionalLong getDominantSpeaker() {
        return dominantSpeaker;
    }

    // ---- listeners ----

    public void addSessionCallbacksListener(ConferenceSessionCallbacks listener) {
        listeners.session.add(listener);
    }

    public void removeSessionCallbacksListener(ConferenceSessionCallbacks listener) {
        listeners.session.remove(listener);
    }

    public void addSessionStateCallbacksListener(RTCSessionStateCallback<ConferenceSession> listener) {
        listeners.state.add(listener);
    }

    public void removeSessionStateCallbacksListener(RTCSessionStateCallback<ConferenceSession> listener) {
        listeners.state.remove(listener);
    }

    public void addTrackCallbacksListener(ConferenceTrackCallbacks listener) {
        listeners.tracks.add(listener);
    }

    public void removeTrackCallbacksListener(ConferenceTrackCallbacks listener) {
        listeners.tracks.remove(listener);
    }

    /**
     * Reports each received publisher's stats every {@code RTCConfig.statsReportInterval} ms (every second when that
     * is 0) while joined.
     */
    public void addStatsReportCallback(ConferenceStatsCallback listener) {
        listeners.stats.add(listener);
        thread.execute(() -> {
            if (state == ConferenceState.JOINED) stats.start();
        });
    }

    public void removeStatsReportCallback(ConferenceStatsCallback listener) {
        listeners.stats.remove(listener);
    }

    /** Hears the messages others send to the room ({@link #sendData}), with the sender's id. */
    public void addDataCallback(ConferenceDataCallback listener) {
        listeners.data.add(listener);
    }

    public void removeDataCallback(ConferenceDataCallback listener) {
        listeners.data.remove(listener);
    }

    /**
     * Sends a message to everyone who receives this user's streams, on the publishing connection's data channel (at
     * most 256 KiB; before the channel opens it waits, a bounded number of messages). Returns false when it was not
     * taken: not published yet, an engine without data channels, the channel closed, or too many waiting.
     */
    public boolean sendData(byte[] data, boolean binary) {
        DataChannel channel = dataChannel;
        return channel != null && channel.send(data.clone(), binary);
    }

    /** {@link #sendData(byte[], boolean)} with text. */
    public boolean sendData(String text) {
        return sendData(text.getBytes(StandardCharsets.UTF_8), false);
    }

    // ---- the room ----

    /**
     * Joins the video room as a publisher (a meeting's {@code _id}, or any id the app chooses) and publishes the
     * camera and microphone (the microphone alone for an AUDIO session). Completes with the users already publishing
     * there, which {@code callback} (may be null) and {@code onPublishersReceived} hear too. Fails, and closes the
     * session, when the room refuses (e.g. {@link JanusException} 432 full, 436 id taken) or nothing is joined within
     * the join timeout.
     */
    public CompletableFuture<List<Long>> joinDialog(String roomId, Consumer<List<Long>> callback) {
        RoomId id;
        try {
            id = new RoomId(roomId);
        } catch (IllegalArgumentException e) {
            return CompletableFuture.failedFuture(e);
        }
        return onThread(() -> {
            if (state != ConferenceState.NEW) {
                throw new IllegalStateException("joinDialog: the session is " + state + "; create a new one to join again");
            }
            state = ConferenceState.JOINING;
            room = id;
            CompletableFuture<List<Long>> joined = join();
            joinTimer = thread.schedule(() -> joined.completeExceptionally(new ParleyException("joinDialog: room " + id
                    + " not joined within " + client.joinTimeoutMs() + " ms")), client.joinTimeoutMs());
            return joined.handleAsync((listed, error) -> {
                joinTimer.cancel();
                if (error == null && state == ConferenceState.JOINING) {
                    state = ConferenceState.JOINED;
                    // Those listed in `joined` and those announced while this user was publishing (they configured
                    // between our join and our publish): the room tells of each only once.
                    List<Long> already = List.copyOf(publishers);
                    stats.start();
                    listeners.session(l -> l.onPublishersReceived(this, already));
                    if (callback != null) listeners.run(() -> callback.accept(already));
                    return CompletableFuture.completedFuture(already);
                }
                Throwable cause = error != null ? Subscription.cause(error) : new ParleyException("the session closed while joining");
                close();
                return CompletableFuture.<List<Long>>failedFuture(cause instanceof ParleyException ? cause
                        : new ParleyException("joinDialog failed: " + cause.getMessage(), cause));
            }, thread).thenCompose(f -> f);
        });
    }

    private CompletableFuture<List<Long>> join() {
        try {
            media = client.engine().openLocalMedia(client.mediaConfig().mediaOptions(callType));
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        if (media.audioTrack() != null) listeners.tracks(l -> l.onLocalAudioTrackReceive(this, media.audioTrack()));
        if (media.videoTrack() != null) listeners.tracks(l -> l.onLocalVideoTrackReceive(this, media.videoTrack()));
        subscription = new Subscription(janus, thread, client.engine(), client.peerOptions(), room, json,
                new SubscriptionEvents(this, listeners, stats, this::fail));
        return janus.attach(this::onPublisherEvent).thenCompose(handle -> {
            publisherHandle = handle;
            ObjectNode join = room.putOn(json.createObjectNode().put("request", "join").put("ptype", "publisher"))
                    .put("id", currentUserId).put("display", String.valueOf(currentUserId));
            return janus.message(handle, join, null, null);
        }).thenCompose(joined -> {
            List<Long> listed = addPublishers(joined.path("plugindata").path("data").path("publishers"));
            return publish().thenApply(published -> listed);
        });
    }

    private CompletableFuture<Void> publish() {
        try {
            publisher = client.engine().createPeer(client.peerOptions(), new PublisherEvents());
            publisher.addLocalMedia(media);
        } catch (MediaException e) {
            return CompletableFuture.failedFuture(e);
        }
        try {
            dataChannel = publisher.openDataChannel(DATA_CHANNEL_LABEL);
        } catch (MediaException e) {
            LOG.debug("no data channel: {}", e.getMessage()); // the session works without one; sendData says false
        }
        ObjectNode configure = json.createObjectNode().put("request", "configure")
                .put("audio", media.audioTrack() != null).put("video", media.videoTrack() != null);
        if (maxBandwidthKbps > 0) configure.put("bitrate", maxBandwidthKbps * 1000);
        return publisher.createOffer(false)
                .thenComposeAsync(offer -> janus.message(publisherHandle, configure, "offer", offer), thread)
                .thenCompose(configured -> {
                    String answer = configured.path("jsep").path("sdp").asText(null);
                    if (answer == null) throw new ParleyException("the room answered the offer with no answer");
                    return publisher.setRemoteAnswer(answer);
                })
                .thenComposeAsync(ok -> maxBandwidthKbps > 0 ? publisher.setMaxBitrate(maxBandwidthKbps)
                        : CompletableFuture.<Void>completedFuture(null), thread);
    }

    /** The users publishing in the room now (this user excluded). */
    public CompletableFuture<List<Long>> getPublishers() {
        return onThread(() -> CompletableFuture.completedFuture(List.copyOf(publishers)));
    }

    /**
     * Receives a publisher's audio and video (on the one subscriber connection); the track callbacks give the tracks.
     * Subscribing twice is a no-op.
     */
    public CompletableFuture<Void> subscribeToPublisher(long userId) {
        return onThread(() -> {
            requireJoined("subscribeToPublisher");
            if (!publishers.contains(userId)) {
                throw new IllegalArgumentException("user " + userId + " does not publish in room " + room);
            }
            return subscription.subscribe(userId);
        });
    }

    /** Stops receiving a publisher; {@code onConnectionClosedForUser} follows. */
    public CompletableFuture<Void> unsubscribeFromPublisher(long userId) {
        return onThread(() -> {
            requireJoined("unsubscribeFromPublisher");
            return subscription.unsubscribe(userId);
        });
    }

    /**
     * Which simulcast layers of a publisher's video this user wants (Janus's {@code substream} and {@code temporal}:
     * 0 the lowest to 2 the highest, both 2 until asked); the server sends at most those, less when this user's
     * downlink is short.
     */
    public CompletableFuture<Void> setPreferredLayers(long userId, int substream, int temporal) {
        if (substream < 0 || substream > 2 || temporal < 0 || temporal > 2) {
            return CompletableFuture.failedFuture(new IllegalArgumentException(
                    "layers are 0, 1 or 2, got " + substream + "/" + temporal));
        }
        return onThread(() -> {
            requireJoined("setPreferredLayers");
            return subscription.setLayers(userId, substream, temporal);
        });
    }

    /** Leaves the room and ends the session: its connections close, the camera and microphone are released. */
    public CompletableFuture<Void> leave() {
        return onThread(() -> {
            if (state == ConferenceState.CLOSED) return CompletableFuture.completedFuture(null);
            leaving = true;
            if (subscription != null) subscription.leaving();
            CompletableFuture<?> left = state == ConferenceState.JOINED && publisherHandle != 0
                    ? janus.message(publisherHandle, json.createObjectNode().put("request", "leave"), null, null)
                    : CompletableFuture.completedFuture(null);
            return left.handleAsync((ok, error) -> {
                if (error != null) LOG.debug("leave not answered: {}", error.toString());
                return close();
            }, thread).thenCompose(f -> f);
        });
    }

    // ---- the room's events ----

    private void onPublisherEvent(JsonNode event) {
        if (state == ConferenceState.CLOSED) return;
        switch (event.path("janus").asText()) {
            case "event" -> roomEvent(event.path("plugindata").path("data"));
            case "media" -> listeners.session(l -> l.onMediaReceived(this, event.path("type").asText(), event.path("receiving").asBoolean()));
            case "slowlink" -> listeners.session(l -> l.onSlowLink(this, event.path("uplink").asBoolean(), event.path("lost").asInt()));
            case "hangup" -> fail(new ParleyException("the server closed the publishing connection (" + event.path("reason").asText("hangup") + ")"));
            default -> {
            }
        }
    }

    private void roomEvent(JsonNode data) {
        String videoroom = data.path("videoroom").asText();
        if ("destroyed".equals(videoroom)) {
            fail(new ParleyException("room " + room + " was destroyed"));
            return;
        }
        if ("talking".equals(videoroom) || "stopped-talking".equals(videoroom)) {
            long id = data.path("id").asLong();
            if (data.path("id").canConvertToLong() && (id == currentUserId || publishers.contains(id))) {
                talkingChanged(id, data.path("mid").asText(), "talking".equals(videoroom));
            }
            return;
        }
        if ("dominant-speaker".equals(videoroom)) {
            if (!data.path("id").canConvertToLong()) return;
            long speaker = data.path("id").asLong();
            if (dominantSpeaker.isPresent() && dominantSpeaker.getAsLong() == speaker) return;
            dominantSpeaker = OptionalLong.of(speaker);
            listeners.session(l -> l.onDominantSpeakerChanged(this, speaker));
            return;
        }
        if (!"event".equals(videoroom)) return;
        if (data.has("publishers")) {
            List<Long> added = addPublishers(data.path("publishers"));
            if (!added.isEmpty() && state == ConferenceState.JOINED) listeners.session(l -> l.onPublishersReceived(this, added));
        }
        for (String field : new String[] {"unpublished", "leaving"}) {
            JsonNode gone = data.path(field);
            if (gone.isNumber()) publisherLeft(gone.asLong());
            else if ("leaving".equals(field) && "ok".equals(gone.asText())) {
                fail(new ParleyException("removed from room " + room + " (" + data.path("reason").asText("left") + ")"));
            }
        }
        if (data.has("error_code")) {
            JanusException error = new JanusException(data.path("error_code").asInt(), data.path("error").asText());
            listeners.session(l -> l.onError(this, error));
        }
    }

    /** The user ids new to the room's list that have streams to receive. */
    private List<Long> addPublishers(JsonNode list) {
        List<Long> added = new ArrayList<>();
        for (JsonNode p : list) {
            if (!p.path("id").canConvertToLong()) continue;
            long id = p.path("id").asLong();
            if (id == currentUserId || publishers.contains(id)) continue;
            // A data channel alone (a ConnectyCube user without camera and microphone): nothing to receive.
            if (p.path("streams").isArray() && p.path("streams").isEmpty()) continue;
            publishers.add(id);
            added.add(id);
            // Talking already: its audio streams are, until the room says they stopped.
            if (p.path("talking").asBoolean()) {
                for (JsonNode stream : p.path("streams")) {
                    if ("audio".equals(stream.path("type").asText())) talkingChanged(id, stream.path("mid").asText(), true);
                }
            }
        }
        return added;
    }

    /**
     * One audio stream of a user started or stopped talking (Janus's {@code talking} / {@code stopped-talking}, per
     * mid); the user talks while any of its streams does, and {@code onTalkingChanged} hears when that changes.
     */
    private void talkingChanged(long userId, String mid, boolean isTalking) {
        Set<String> mids = talkingMids.computeIfAbsent(userId, id -> new LinkedHashSet<>());
        boolean before = !mids.isEmpty();
        if (isTalking) mids.add(mid);
        else mids.remove(mid);
        if (mids.isEmpty()) talkingMids.remove(userId);
        if (before != !mids.isEmpty()) {
            talking = Set.copyOf(talkingMids.keySet());
            listeners.session(l -> l.onTalkingChanged(this, userId, isTalking));
        }
    }

    private void publisherLeft(long userId) {
        if (!publishers.remove(userId)) return;
        if (talkingMids.remove(userId) != null) {
            talking = Set.copyOf(talkingMids.keySet());
            listeners.session(l -> l.onTalkingChanged(this, userId, false));
        }
        if (dominantSpeaker.isPresent() && dominantSpeaker.getAsLong() == userId) dominantSpeaker = OptionalLong.empty();
        subscription.publisherLeft(userId);
        listeners.session(l -> l.onPublisherLeft(this, userId));
    }

    private void fail(ParleyException error) {
        if (state == ConferenceState.CLOSED || leaving) return;
        LOG.debug("conference session failed: {}", error.getMessage());
        listeners.session(l -> l.onError(this, error));
        close();
    }

    private CompletableFuture<Void> close() {
        if (state == ConferenceState.CLOSED) return CompletableFuture.completedFuture(null);
        state = ConferenceState.CLOSED;
        if (joinTimer != null) joinTimer.cancel();
        stats.stop();
        if (subscription != null) subscription.close();
        dataChannel = null;
        if (publisher != null) publisher.close();
        if (media != null) media.close();
        client.forget(this);
        return janus.close().handleAsync((ok, error) -> {
            listeners.session(l -> l.onSessionClosed(this));
            return null;
        }, thread);
    }

    // ---- local media ----

    /**
     * Mutes or unmutes the microphone: the track sends silence and the room stops relaying it, so the others hear
     * {@code onRemoteMediaState(..., AUDIO, false)}.
     */
    public CompletableFuture<Void> setMicrophoneMute(boolean mute) {
        return onThread(() -> {
            requireMedia("setMicrophoneMute").audioTrack().setEnabled(!mute);
            return configure(json.createObjectNode().put("audio", !mute));
        });
    }

    /** Turns the camera on or off, for the others as {@link #setMicrophoneMute} does the sound. */
    public CompletableFuture<Void> setVideoEnabled(boolean enabled) {
        return onThread(() -> {
            MediaTrack video = requireMedia("setVideoEnabled").videoTrack();
            if (video == null) throw new IllegalStateException("setVideoEnabled: an AUDIO session has no camera");
            video.setEnabled(enabled);
            return configure(json.createObjectNode().put("video", enabled));
        });
    }

    public boolean isMicrophoneMuted() {
        LocalMedia current = media;
        return current == null || current.audioTrack() == null || !current.audioTrack().isEnabled();
    }

    public boolean isVideoEnabled() {
        LocalMedia current = media;
        return current != null && current.videoTrack() != null && current.videoTrack().isEnabled();
    }

    /** The cameras ({@link #switchCamera} takes their ids). */
    public List<MediaDevice> getCameras() {
        return client.engine().devices(MediaDevice.Kind.CAMERA);
    }

    /** Sends another camera's picture at once (no renegotiation). */
    public CompletableFuture<Void> switchCamera(String deviceId) {
        return onThread(() -> {
            requireMedia("switchCamera").switchCamera(deviceId);
            return CompletableFuture.completedFuture(null);
        });
    }

    public CompletableFuture<Void> switchMicrophone(String deviceId) {
        return onThread(() -> {
            requireMedia("switchMicrophone").switchMicrophone(deviceId);
            return CompletableFuture.completedFuture(null);
        });
    }

    /** Sends a screen ({@code screenId}, null = the first) in place of the camera (true), or the camera again (false). */
    public CompletableFuture<Void> enableScreenSharing(boolean enabled, String screenId) {
        return onThread(() -> {
            requireJoined("enableScreenSharing");
            if (enabled) media.startScreenSharing(screenId);
            else media.stopScreenSharing();
            return CompletableFuture.completedFuture(null);
        });
    }

    public boolean isSharingScreen() {
        LocalMedia current = media;
        return current != null && current.isSharingScreen();
    }

    /**
     * Caps the video this user sends, in kbit/s (0 lifts the cap): the encoder's own cap, and the room's
     * {@code configure bitrate} (its REMB to the sender).
     */
    public CompletableFuture<Void> setMaxBandwidth(int kbps) {
        if (kbps < 0) return CompletableFuture.failedFuture(new IllegalArgumentException("setMaxBandwidth takes kbit/s >= 0"));
        return onThread(() -> {
            maxBandwidthKbps = kbps;
            if (state != ConferenceState.JOINED) return CompletableFuture.completedFuture(null);
            return publisher.setMaxBitrate(kbps).thenComposeAsync(ok -> configure(json.createObjectNode().put("bitrate", kbps * 1000)), thread);
        });
    }

    private CompletableFuture<Void> configure(ObjectNode settings) {
        if (state != ConferenceState.JOINED) return CompletableFuture.completedFuture(null);
        settings.put("request", "configure");
        return janus.message(publisherHandle, settings, null, null).thenApply(ok -> null);
    }

    // ---- audio output ----

    /** The devices the others' sound can play on (none when the engine plays no sound). */
    public List<MediaDevice> getAudioOutputs() {
        return client.engine().devices(MediaDevice.Kind.AUDIO_OUTPUT);
    }

    /** Plays the others' sound on one of {@link #getAudioOutputs()} (the engine's one playout device). */
    public void selectAudioOutput(String deviceId) throws MediaException {
        client.engine().selectAudioOutput(deviceId);
    }

    // ---- statistics ----

    /**
     * The connection with one user now: a received publisher's (what arrives from them: mic level 0..1, video
     * bitrate kbit/s...), or this user's own id for what it sends. Rates are over the time since that user's last
     * sample.
     */
    public CompletableFuture<RTCStatsReport> getStats(long userId) {
        return onThread(() -> stats.report(userId));
    }

    /**
     * Every received publisher's report, by user id, from one sample of the subscriber connection (cheaper than
     * {@link #getStats} per publisher in a large room).
     */
    public CompletableFuture<Map<Long, RTCStatsReport>> getReceivedStats() {
        return onThread(stats::reportReceived);
    }

    /** A user's raw sample: what arrives from a publisher, or what this user sends. */
    private CompletableFuture<PeerStats> rawStats(long userId) {
        if (userId == currentUserId && publisher != null) return publisher.stats();
        if (subscription != null) return subscription.stats(userId);
        return CompletableFuture.failedFuture(new ParleyException("no media received from user " + userId));
    }

    // ---- helpers ----

    /** Runs {@code action} on the SDK thread; what it throws fails the future. */
    private <T> CompletableFuture<T> onThread(Action<T> action) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Runnable run = () -> {
            try {
                action.run().whenComplete((value, error) -> {
                    if (error != null) result.completeExceptionally(Subscription.cause(error));
                    else result.complete(value);
                });
            } catch (RuntimeException | MediaException e) {
                result.completeExceptionally(e);
            }
        };
        if (thread.inThread()) run.run();
        else thread.execute(run);
        return result;
    }

    /** An action on the SDK thread; a device may refuse. */
    @FunctionalInterface
    private interface Action<T> {
        CompletableFuture<T> run() throws MediaException;
    }

    private void requireJoined(String what) {
        if (state != ConferenceState.JOINED) throw new IllegalStateException(what + ": join a room first (the session is " + state + ")");
    }

    private LocalMedia requireMedia(String what) {
        if (media == null || state == ConferenceState.CLOSED) {
            throw new IllegalStateException(what + ": no local media (the session is " + state + ")");
        }
        return media;
    }

    /** The peers' callbacks of the publishing connection: candidates trickled, a failed connection ends the session. */
    private final class PublisherEvents implements MediaPeer.Listener {
        @Override
        public void onIceCandidate(IceCandidate candidate) {
            thread.execute(() -> {
                if (state != ConferenceState.CLOSED) janus.trickle(publisherHandle, candidate);
            });
        }

        @Override
        public void onIceConnectionState(IceConnectionState iceState) {
            if (iceState == IceConnectionState.FAILED) {
                thread.execute(() -> fail(new ParleyException("the connection that publishes to the room failed")));
            }
        }

        @Override
        public void onRemoteTrack(MediaTrack track) {
        }
    }
}
