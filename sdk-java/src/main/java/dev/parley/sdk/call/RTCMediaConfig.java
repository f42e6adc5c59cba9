package dev.parley.sdk.call;

import dev.parley.sdk.media.MediaOptions;

import java.util.List;

/**
 * The local media of calls: camera format, devices, codecs and the initial bandwidth cap. The
 * client keeps a copy when it is created.
 */
public final class RTCMediaConfig {

    private int minWidth = 640;
    private int minHeight = 480;
    private int minFrameRate = 25;
    private int maxBandwidth;
    private List<String> videoCodecs = List.of();
    private List<String> audioCodecs = List.of();
    private String cameraId;
    private String microphoneId;
    private boolean simulcast = true;

    public RTCMediaConfig() {
    }

    RTCMediaConfig(RTCMediaConfig other) {
        minWidth = other.minWidth;
        minHeight = other.minHeight;
        minFrameRate = other.minFrameRate;
        maxBandwidth = other.maxBandwidth;
        videoCodecs = other.videoCodecs;
        audioCodecs = other.audioCodecs;
        cameraId = other.cameraId;
        microphoneId = other.microphoneId;
        simulcast = other.simulcast;
    }

    /** Camera width in pixels (default 640). */
    public RTCMediaConfig setMinWidth(int width) {
        minWidth = positive(width, "width", 3840);
        return this;
    }

    /** Camera height in pixels (default 480). */
    public RTCMediaConfig setMinHeight(int height) {
        minHeight = positive(height, "height", 2160);
        return this;
    }

    /** Camera frame rate (default 25). */
    public RTCMediaConfig setMinFrameRate(int fps) {
        minFrameRate = positive(fps, "frame rate", 60);
        return this;
    }

    /** Cap on each outgoing video stream from the start of a call, kbit/s; 0 (default) = none. */
    public RTCMediaConfig setMaxBandwidth(int kbps) {
        if (kbps < 0) throw new IllegalArgumentException("max bandwidth is kbit/s ≥ 0 (0 = no cap)");
        maxBandwidth = kbps;
        return this;
    }

    /** Video codecs to prefer, in order (e.g. {@code VP8}, {@code VP9}, {@code H264}); empty = the engine's order. */
    public RTCMediaConfig setVideoCodecs(List<String> codecs) {
        videoCodecs = List.copyOf(codecs);
        return this;
    }

    /** Audio codecs to prefer, in order (e.g. {@code opus}); empty = the engine's order. */
    public RTCMediaConfig setAudioCodecs(List<String> codecs) {
        audioCodecs = List.copyOf(codecs);
        return this;
    }

    /** The camera to open (an id from {@code MediaEngine.devices}); null = the engine's default. */
    public RTCMediaConfig setCameraId(String id) {
        cameraId = id;
        return this;
    }

    /** The microphone to open; null = the engine's default. */
    public RTCMediaConfig setMicrophoneId(String id) {
        microphoneId = id;
        return this;
    }

    /**
     * Whether a conference publishes the camera in three simulcast layers (default true), of which the SFU gives
     * each subscriber the one that fits its downlink and its wish; peer-to-peer calls always send one.
     */
    public RTCMediaConfig setSimulcast(boolean enabled) {
        simulcast = enabled;
        return this;
    }

    public boolean simulcast() {
        return simulcast;
    }

    public int minWidth() {
        return minWidth;
    }

    public int minHeight() {
        return minHeight;
    }

    public int minFrameRate() {
        return minFrameRate;
    }

    public int maxBandwidth() {
        return maxBandwidth;
    }

    public List<String> videoCodecs() {
        return videoCodecs;
    }

    public List<String> audioCodecs() {
        return audioCodecs;
    }

    public String cameraId() {
        return cameraId;
    }

    public String microphoneId() {
        return microphoneId;
    }

    public MediaOptions mediaOptions(ConferenceType type) {
        boolean video = type == ConferenceType.VIDEO;
        return new MediaOptions(true, video, minWidth, minHeight, minFrameRate, video ? cameraId : null, microphoneId);
    }

    private static int positive(int value, String what, int max) {
        if (value < 1 || value > max) throw new IllegalArgumentException(what + " must be 1.." + max);
        return value;
    }
}
