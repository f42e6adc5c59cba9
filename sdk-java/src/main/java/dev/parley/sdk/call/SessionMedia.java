package dev.parley.sdk.call;

import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;

import java.util.List;

/**
 * The local side of a session: its microphone and camera (opened when the call starts or is accepted, closed
 * with the session), mute, device switches, screen sharing, the audio output, and the bandwidth cap to apply
 * to every peer. Actions run on the SDK thread; the getters read a volatile reference and may be called from
 * any thread.
 */
final class SessionMedia {

    private final MediaEngine engine;
    private final RTCMediaConfig config;
    private final ConferenceType type;
    private final SessionListeners listeners;
    private volatile LocalMedia media;
    private volatile boolean closed;
    private volatile int maxBandwidthKbps;

    SessionMedia(MediaEngine engine, RTCMediaConfig config, ConferenceType type, SessionListeners listeners) {
        this.engine = engine;
        this.config = config;
        this.type = type;
        this.listeners = listeners;
        this.maxBandwidthKbps = config.maxBandwidth();
    }

    /** Opens the devices the call type needs, once; the app hears of the local tracks. */
    LocalMedia open() throws MediaException {
        if (media != null) return media;
        LocalMedia opened = engine.openLocalMedia(config.mediaOptions(type));
        media = opened;
        listeners.localTracks(opened.audioTrack(), opened.videoTrack());
        return opened;
    }

    /** The open media, or an {@link IllegalStateException} before the call started or after it ended. */
    LocalMedia require() {
        LocalMedia m = media;
        if (m == null || closed) throw new IllegalStateException("no local media: the call has not started or is over");
        return m;
    }

    MediaTrack audioTrack() {
        LocalMedia m = media;
        return m == null ? null : m.audioTrack();
    }

    MediaTrack videoTrack() {
        LocalMedia m = media;
        return m == null ? null : m.videoTrack();
    }

    boolean isSharingScreen() {
        LocalMedia m = media;
        return m != null && m.isSharingScreen();
    }

    double microphoneLevel() {
        LocalMedia m = media;
        return m == null ? 0 : m.microphoneLevel();
    }

    void setAudioEnabled(boolean enabled) {
        require().audioTrack().setEnabled(enabled);
    }

    void setVideoEnabled(boolean enabled) {
        MediaTrack video = require().videoTrack();
        if (video == null) throw new IllegalStateException("an audio call has no video");
        video.setEnabled(enabled);
    }

    void switchCamera(String deviceId) throws MediaException {
        LocalMedia m = require();
        if (m.videoTrack() == null) throw new IllegalStateException("an audio call has no camera");
        m.switchCamera(deviceId);
    }

    void switchMicrophone(String deviceId) throws MediaException {
        require().switchMicrophone(deviceId);
    }

    void startScreenSharing(String screenId) throws MediaException {
        LocalMedia m = require();
        if (m.videoTrack() == null) throw new IllegalStateException("an audio call has no video to share a screen on");
        if (!m.canShareScreen()) throw new IllegalStateException("this media engine cannot capture a screen here");
        m.startScreenSharing(screenId);
    }

    void stopScreenSharing() {
        require().stopScreenSharing();
    }

    /** The devices remote sound can be played on (any thread). */
    List<MediaDevice> audioOutputs() {
        return engine.devices(MediaDevice.Kind.AUDIO_OUTPUT);
    }

    /** Plays remote sound on {@code deviceId}, one of {@link #audioOutputs()}; the engine says why it cannot. */
    void selectAudioOutput(String deviceId) throws MediaException {
        engine.selectAudioOutput(deviceId);
    }

    int maxBandwidthKbps() {
        return maxBandwidthKbps;
    }

    void maxBandwidthKbps(int kbps) {
        maxBandwidthKbps = kbps;
    }

    /** Releases the devices; later actions fail with {@link IllegalStateException}. */
    void close() {
        closed = true;
        LocalMedia m = media;
        if (m != null) m.close();
    }
}
