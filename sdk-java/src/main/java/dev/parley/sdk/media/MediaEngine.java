package dev.parley.sdk.media;

import java.util.List;

/**
 * The WebRTC stack the SDK drives: it opens local media and makes peer connections; the SDK does
 * the signaling, the call state machines and the timers. Parley ships one on webrtc-java (desktop
 * JVM, {@code parley-sdk-java-webrtc}); an Android engine wraps {@code org.webrtc} the same way.
 *
 * <p>Threading: methods are called from the SDK's own thread; an engine may call its listeners and
 * complete its futures on any thread (native ones included), and the SDK hops back to its thread
 * before acting. Engine methods must not block on the network.
 */
public interface MediaEngine extends AutoCloseable {

    /** Cameras, microphones or screens this engine can capture, synthetic ones included. */
    List<MediaDevice> devices(MediaDevice.Kind kind);

    /**
     * Opens the microphone and/or camera (or the synthetic sources) asked for.
     *
     * @throws MediaException when a device cannot be opened
     */
    LocalMedia openLocalMedia(MediaOptions options) throws MediaException;

    /** A new peer connection; {@code listener} hears its candidates, ICE states and remote tracks. */
    MediaPeer createPeer(PeerOptions options, MediaPeer.Listener listener) throws MediaException;

    /** Releases everything the engine holds (factory, threads, devices). Idempotent. */
    @Override
    void close();
}
