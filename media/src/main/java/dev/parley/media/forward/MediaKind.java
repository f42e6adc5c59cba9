package dev.parley.media.forward;

/** Whether a stream carries audio or video: video waits for keyframes, audio starts anywhere. */
public enum MediaKind {
    AUDIO,
    VIDEO
}
