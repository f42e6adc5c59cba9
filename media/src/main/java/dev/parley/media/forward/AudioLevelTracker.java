package dev.parley.media.forward;

/**
 * Averages the RFC 6464 audio levels of one audio stream over a window of packets, the way Janus's video room
 * decides who is talking ({@code audio_active_packets}, {@code audio_level_average}): the conference layer gets
 * one average per window and applies its threshold. Confined to the room's thread.
 */
final class AudioLevelTracker {

    private final int window;
    private int sum;
    private int count;

    AudioLevelTracker(int window) {
        this.window = window;
    }

    /** Adds one packet's level (0-127 -dBov); returns the window's average when it completes, else -1. */
    int add(int level) {
        sum += level;
        if (++count < window) {
            return -1;
        }
        int average = sum / count;
        sum = count = 0;
        return average;
    }
}
