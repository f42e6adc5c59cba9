package dev.parley.sdk.conference;

import dev.parley.sdk.media.MediaTrack;

/**
 * The tracks of a conference (the seed's {@code onLocalStreamReceived} / {@code onRemoteStreamReceived}, per track
 * as the Java SDK's P2P {@code RTCTrackCallbacks}): this user's own when {@code joinDialog} opens them, and each
 * subscribed publisher's as they arrive.
 */
public interface ConferenceTrackCallbacks {

    default void onLocalAudioTrackReceive(ConferenceSession session, MediaTrack track) {
    }

    default void onLocalVideoTrackReceive(ConferenceSession session, MediaTrack track) {
    }

    default void onRemoteAudioTrackReceive(ConferenceSession session, MediaTrack track, long userId) {
    }

    default void onRemoteVideoTrackReceive(ConferenceSession session, MediaTrack track, long userId) {
    }
}
