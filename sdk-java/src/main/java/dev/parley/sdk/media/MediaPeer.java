package dev.parley.sdk.media;

import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One RTCPeerConnection. The SDK calls at most one of the SDP methods at a time per peer, and
 * only after the previous one's future completed.
 */
public interface MediaPeer {

    /** Hears a peer connection; may be called on any thread. */
    interface Listener {
        void onIceCandidate(IceCandidate candidate);

        void onIceConnectionState(IceConnectionState state);

        /** A remote track arrived (once per track). */
        void onRemoteTrack(MediaTrack track);

        /**
         * A message on a data channel the other side opened, with that channel's label and sub-protocol (RFC 8832
         * §5.1); the array is the listener's. Engines without data channels never call it.
         */
        default void onDataMessage(String label, String protocol, byte[] data, boolean binary) {
        }
    }

    /** Sends the media's tracks on this connection (call before the first offer or answer). */
    void addLocalMedia(LocalMedia media) throws MediaException;

    /**
     * Opens a reliable, ordered data channel (call before the offer that is to carry it).
     *
     * @throws MediaException when this engine has no data channels
     */
    default DataChannel openDataChannel(String label) throws MediaException {
        throw new MediaException("this media engine has no data channels");
    }

    /** Creates an offer (with new ICE credentials when {@code iceRestart}), sets it as local description. */
    CompletableFuture<String> createOffer(boolean iceRestart);

    /** Sets the remote offer, creates the answer and sets it as local description. */
    CompletableFuture<String> createAnswer(String remoteOfferSdp);

    /** Sets the remote answer to our offer. */
    CompletableFuture<Void> setRemoteAnswer(String sdp);

    /** Whether our last offer still waits for its answer ("have-local-offer"). */
    boolean hasLocalOffer();

    /** Drops an unanswered local offer ("rollback"). */
    CompletableFuture<Void> rollback();

    /** Adds a remote candidate; the remote description must be set. */
    CompletableFuture<Void> addIceCandidate(IceCandidate candidate);

    /** Caps every outgoing video encoding, in kbit/s; 0 lifts the cap. */
    CompletableFuture<Void> setMaxBitrate(int kbps);

    CompletableFuture<PeerStats> stats();

    /**
     * One getStats() sample split by receiving m-line ({@code mid} → what arrives on it): a conference subscription
     * carries several publishers' streams on one connection, and each publisher's figures are those of its mids.
     * Each entry holds that m-line's inbound counters and the connection's round-trip time; nothing is sent on them.
     */
    CompletableFuture<Map<String, PeerStats>> receiverStats();

    /**
     * The remote track of each m-line that has one now, by {@code mid} (RTCRtpTransceiver.mid and its
     * receiver's track). An m-line the remote side reuses for another stream keeps its track object.
     */
    Map<String, MediaTrack> remoteTracksByMid();

    /** Closes the connection; no listener call follows. Idempotent. */
    void close();
}
