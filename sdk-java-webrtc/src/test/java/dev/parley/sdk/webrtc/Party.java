package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;

/**
 * One side of a test call: an engine, its local media and one peer. Candidates for the other side
 * are passed on in memory, held back until that side has a remote description.
 */
final class Party implements MediaPeer.Listener, AutoCloseable {

    final String name;
    final MediaEngine engine;
    final LocalMedia media;
    final MediaPeer peer;
    final FrameProbe remoteVideo = new FrameProbe();
    final List<IceConnectionState> iceStates = new CopyOnWriteArrayList<>();
    final List<MediaTrack> remoteTracks = new CopyOnWriteArrayList<>();
    private final List<IceCandidate> heldCandidates = new ArrayList<>();
    private final boolean ownsEngine;
    private Party other;
    private boolean remoteDescriptionSet;

    /** A party with an engine and local media of its own, closed with it. */
    Party(String name, MediaEngine engine, MediaOptions options, PeerOptions peerOptions) throws MediaException {
        this(name, engine, engine.openLocalMedia(options), peerOptions, true);
    }

    /** Another peer of an engine and media that others share: closing it closes the peer only. */
    Party(String name, MediaEngine engine, LocalMedia media, PeerOptions peerOptions) throws MediaException {
        this(name, engine, media, peerOptions, false);
    }

    private Party(String name, MediaEngine engine, LocalMedia media, PeerOptions peerOptions, boolean ownsEngine)
            throws MediaException {
        this.name = name;
        this.engine = engine;
        this.media = media;
        this.ownsEngine = ownsEngine;
        this.peer = engine.createPeer(peerOptions, this);
        peer.addLocalMedia(media);
    }

    void connectTo(Party other) {
        this.other = other;
    }

    @Override
    public void onIceCandidate(IceCandidate candidate) {
        other.receive(candidate);
    }

    @Override
    public void onIceConnectionState(IceConnectionState state) {
        iceStates.add(state);
    }

    @Override
    public void onRemoteTrack(MediaTrack track) {
        remoteTracks.add(track);
        if (track.kind() == MediaTrack.Kind.VIDEO) track.addSink(remoteVideo);
    }

    private synchronized void receive(IceCandidate candidate) {
        if (remoteDescriptionSet) peer.addIceCandidate(candidate);
        else heldCandidates.add(candidate);
    }

    /** Called once the remote description is set: candidates may go in now. */
    synchronized void remoteDescriptionSet() {
        remoteDescriptionSet = true;
        heldCandidates.forEach(peer::addIceCandidate);
        heldCandidates.clear();
    }

    PeerStats stats() {
        try {
            return peer.stats().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(name + ": stats failed", e);
        }
    }

    @Override
    public void close() {
        peer.close();
        if (!ownsEngine) return;
        try {
            media.close();
        } finally {
            engine.close();
        }
    }
}
