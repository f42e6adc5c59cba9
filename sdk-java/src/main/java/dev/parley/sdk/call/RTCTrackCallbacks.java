package dev.parley.sdk.call;

import dev.parley.sdk.media.MediaTrack;

/**
 * Local and remote tracks of a session, to render video ({@link MediaTrack#addSink}) or show who
 * speaks. Called on the client's callback executor.
 */
public interface RTCTrackCallbacks {

    default void onLocalVideoTrackReceive(RTCSession session, MediaTrack track) {
    }

    default void onLocalAudioTrackReceive(RTCSession session, MediaTrack track) {
    }

    default void onRemoteVideoTrackReceive(RTCSession session, MediaTrack track, long userId) {
    }

    default void onRemoteAudioTrackReceive(RTCSession session, MediaTrack track, long userId) {
    }
}
