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

    /**
     * Cameras, microphones or screens this engine can capture, synthetic ones included; or the audio outputs it
     * can play remote sound on (none when it plays none).
     */
    List<MediaDevice> devices(MediaDevice.Kind kind);

    /**
     * Plays the remote sound of every call and conference of this engine on {@code deviceId}, one of
     * {@code devices(AUDIO_OUTPUT)}, from now on: an engine has one playout device (WebRTC's audio device module
     * is per peer connection factory). The default refuses: an engine that plays no sound has nothing to switch.
     *
     * @throws MediaException when the engine cannot play on that device, or cannot choose its output at all
     */
    default void selectAudioOutput(String deviceId) throws MediaException {
        throw new MediaException("this media engine cannot choose the audio output");
    }

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
