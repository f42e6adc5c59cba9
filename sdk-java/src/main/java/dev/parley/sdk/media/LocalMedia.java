package dev.parley.sdk.media;

/**
 * The local microphone and camera of a call. Peers added with {@link MediaPeer#addLocalMedia} send
 * its tracks; switching a device or sharing the screen changes what every one of them sends,
 * without renegotiation.
 */
public interface LocalMedia extends AutoCloseable {

    /** The microphone track, or null for a video-only stream. */
    MediaTrack audioTrack();

    /** The camera track (or the screen while sharing), or null for an audio call. */
    MediaTrack videoTrack();

    /** Sends {@code deviceId}'s picture instead of the current camera's. */
    void switchCamera(String deviceId) throws MediaException;

    /** Sends {@code deviceId}'s sound instead of the current microphone's. */
    void switchMicrophone(String deviceId) throws MediaException;

    /** Whether {@link #startScreenSharing} can work here. */
    boolean canShareScreen();

    /** Sends {@code screenId}'s picture (null = the first screen) in place of the camera. */
    void startScreenSharing(String screenId) throws MediaException;

    /** Back to the camera. Does nothing when not sharing. */
    void stopScreenSharing();

    boolean isSharingScreen();

    /** Level of the microphone's last 10 ms, 0..1 (0 when muted or audio-less). */
    double microphoneLevel();

    /** Stops the devices and releases the tracks. Idempotent. */
    @Override
    void close();
}
