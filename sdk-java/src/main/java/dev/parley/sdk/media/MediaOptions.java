package dev.parley.sdk.media;

/**
 * What to open: audio and/or video, the camera format, and which devices ({@code null} = the
 * engine's default; a synthetic device's id picks generated frames or tones).
 */
public record MediaOptions(boolean audio, boolean video, int width, int height, int frameRate,
                           String cameraId, String microphoneId) {

    public MediaOptions {
        if (!audio && !video) throw new IllegalArgumentException("open audio, video or both");
        if (video && (width <= 0 || height <= 0 || frameRate <= 0)) {
            throw new IllegalArgumentException("video needs a positive width, height and frame rate");
        }
    }
}
