package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.audio.AudioTrackSource;

/** A local audio source and what drives it. */
interface AudioFeed extends LocalFeed {

    AudioTrackSource source();

    /** RMS level of the last 10 ms chunk, 0..1. */
    double level();
}
