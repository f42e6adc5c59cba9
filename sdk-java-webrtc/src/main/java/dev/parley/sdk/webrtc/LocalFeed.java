package dev.parley.sdk.webrtc;

import dev.parley.sdk.media.MediaDevice;

/** What drives a local track's source: a device or a generator. */
interface LocalFeed extends AutoCloseable {

    MediaDevice device();

    /** Stops producing media and disposes the source; the track made from it must be gone first. Idempotent. */
    @Override
    void close();
}
