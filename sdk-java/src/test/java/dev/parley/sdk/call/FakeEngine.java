package dev.parley.sdk.call;

import dev.parley.sdk.media.DataChannel;
import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;
import dev.parley.sdk.media.VideoSink;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * An in-memory engine: SDP is text naming the peer, every description set emits one local
 * candidate, ICE states and remote tracks are raised by the test.
 */
public final class FakeEngine implements MediaEngine {

    final List<FakePeer> peers = new ArrayList<>();
    final List<FakeMedia> media = new ArrayList<>();
    final String name;
    boolean failOffers;
    /** The audio outputs it offers, and the one chosen (null: the default). */
    final List<MediaDevice> outputs = new ArrayList<>();
    String audioOutput;

    public FakeEngine(String name) {
        this.name = name;
    }

    @Override
    public List<MediaDevice> devices(MediaDevice.Kind kind) {
        if (kind == MediaDevice.Kind.AUDIO_OUTPUT) return List.copyOf(outputs);
        return List.of(new MediaDevice("fake-" + kind, "fake " + kind, kind, true));
    }

    @Override
    public void selectAudioOutput(String deviceId) throws MediaException {
        if (outputs.stream().noneMatch(o -> o.id().equals(deviceId))) throw new MediaException("no audio output " + deviceId);
        audioOutput = deviceId;
    }

    @Override
    public LocalMedia openLocalMedia(MediaOptions options) {
        FakeMedia m = new FakeMedia(options);
        media.add(m);
        return m;
    }

    @Override
    public MediaPeer createPeer(PeerOptions options, MediaPeer.Listener listener) {
        FakePeer peer = new FakePeer(listener);
        peers.add(peer);
        return peer;
    }

    @Override
    public void close() {
    }

    public List<FakePeer> peers() {
        return peers;
    }

    public List<FakeMedia> media() {
        return media;
    }

    public FakePeer lastPeer() {
        return peers.get(peers.size() - 1);
    }

    public static final class FakeTrack implements MediaTrack {
        final Kind kind;
        final String id;
        boolean enabled = true;

        public FakeTrack(Kind kind, String id) {
            this.kind = kind;
            this.id = id;
        }

        @Override
        public Kind kind() {
            return kind;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public boolean isEnabled() {
            return enabled;
        }

        @Override
        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        @Override
        public void addSink(VideoSink sink) {
        }

        @Override
        public void removeSink(VideoSink sink) {
        }
    }

    public static final class FakeMedia implements LocalMedia {
        final MediaOptions options;
        final FakeTrack audio = new FakeTrack(MediaTrack.Kind.AUDIO, "mic");
        final FakeTrack video;
        String camera = "camera-0";
        String microphone = "mic-0";
        boolean sharing;
        boolean closed;

        FakeMedia(MediaOptions options) {
            this.options = options;
            video = options.video() ? new FakeTrack(MediaTrack.Kind.VIDEO, "camera") : null;
        }

        @Override
        public MediaTrack audioTrack() {
            return audio;
        }

        @Override
        public MediaTrack videoTrack() {
            return video;
        }

        @Override
        public void switchCamera(String deviceId) throws MediaException {
            if (deviceId == null) throw new MediaException("no such camera");
            camera = deviceId;
        }

        @Override
        public void switchMicrophone(String deviceId) {
            microphone = deviceId;
        }

        @Override
        public boolean canShareScreen() {
            return true;
        }

        @Override
        public void startScreenSharing(String screenId) {
            sharing = true;
        }

        @Override
        public void stopScreenSharing() {
            sharing = false;
        }

        public boolean isClosed() {
            return closed;
        }

        @Override
        public boolean isSharingScreen() {
            return sharing;
        }

        @Override
        public double microphoneLevel() {
            return audio.enabled ? 0.5 : 0;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    public final class FakePeer implements MediaPeer {
        final MediaPeer.Listener listener;
        final List<IceCandidate> added = new ArrayList<>();
        final List<String> remoteDescriptions = new ArrayList<>();
        final List<LocalMedia> localMedia = new ArrayList<>();
        int offers;
        int restartOffers;
        int rollbacks;
        int maxBitrate = -1;
        boolean localOffer;
        boolean remoteSet;
        boolean closed;
        PeerStats stats;
        /** What the remote side's m-lines carry now (set by the test), and each mid's stats. */
        public final Map<String, MediaTrack> tracksByMid = new LinkedHashMap<>();
        public final Map<String, PeerStats> midStats = new HashMap<>();
        public int receiverStatsCalls;
        /** The data channels opened on this peer by label, and what was sent on each ("text:…" or "binary:…"). */
        public final Map<String, List<String>> dataSent = new LinkedHashMap<>();

        FakePeer(MediaPeer.Listener listener) {
            this.listener = listener;
        }

        @Override
        public DataChannel openDataChannel(String label) {
            List<String> sent = dataSent.computeIfAbsent(label, l -> new ArrayList<>());
            return (data, binary) -> !closed && sent.add((binary ? "binary:" : "text:") + new String(data, StandardCharsets.UTF_8));
        }

        /** Test side: a message on a channel the other side opened. */
        public void dataMessage(String label, String protocol, String text, boolean binary) {
            listener.onDataMessage(label, protocol, text.getBytes(StandardCharsets.UTF_8), binary);
        }

        @Override
        public void addLocalMedia(LocalMedia media) {
            localMedia.add(media);
        }

        @Override
        public CompletableFuture<String> createOffer(boolean iceRestart) {
            if (failOffers) return CompletableFuture.failedFuture(new MediaException("offer refused"));
            offers++;
            if (iceRestart) restartOffers++;
            localOffer = true;
            listener.onIceCandidate(new IceCandidate("0", 0, "candidate:" + name + " 1 udp 1 198.18.0.1 5000 typ host"));
            return CompletableFuture.completedFuture("v=0\no=" + name + " offer " + offers + (iceRestart ? " restart" : "") + "\n");
        }

        @Override
        public CompletableFuture<String> createAnswer(String remoteOfferSdp) {
            remoteDescriptions.add(remoteOfferSdp);
            remoteSet = true;
            listener.onIceCandidate(new IceCandidate("0", 0, "candidate:" + name + " 1 udp 1 198.18.0.2 5000 typ host"));
            return CompletableFuture.completedFuture("v=0\r\no=" + name + " answer\r\n");
        }

        @Override
        public CompletableFuture<Void> setRemoteAnswer(String sdp) {
            remoteDescriptions.add(sdp);
            remoteSet = true;
            localOffer = false;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public boolean hasLocalOffer() {
            return localOffer;
        }

        @Override
        public CompletableFuture<Void> rollback() {
            rollbacks++;
            localOffer = false;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> addIceCandidate(IceCandidate candidate) {
            if (!remoteSet) return CompletableFuture.failedFuture(new MediaException("no remote description"));
            added.add(candidate);
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> setMaxBitrate(int kbps) {
            maxBitrate = kbps;
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<PeerStats> stats() {
            return stats == null ? CompletableFuture.failedFuture(new MediaException("no stats yet"))
                    : CompletableFuture.completedFuture(stats);
        }

        @Override
        public CompletableFuture<Map<String, PeerStats>> receiverStats() {
            receiverStatsCalls++;
            return CompletableFuture.completedFuture(new HashMap<>(midStats));
        }

        @Override
        public Map<String, MediaTrack> remoteTracksByMid() {
            return new LinkedHashMap<>(tracksByMid);
        }

        @Override
        public void close() {
            closed = true;
        }

        public boolean isClosed() {
            return closed;
        }

        public List<String> remoteDescriptions() {
            return remoteDescriptions;
        }

        public int maxBitrate() {
            return maxBitrate;
        }

        public void ice(IceConnectionState state) {
            listener.onIceConnectionState(state);
        }
    }
}
