package dev.parley.sdk.conference;

import java.util.List;

import dev.parley.sdk.ParleyException;
import dev.parley.sdk.media.MediaTrack;

/**
 * What happens in the room of a {@link ConferenceSession} (the names of ConnectyCube's
 * {@code ConferenceSessionCallbacks}). Every method has a default; override what you need.
 */
public interface ConferenceSessionCallbacks {

    /**
     * Users started publishing: those already in the room when {@code joinDialog} completes, then each newcomer.
     * Subscribe with {@link ConferenceSession#subscribeToPublisher}.
     */
    default void onPublishersReceived(ConferenceSession session, List<Long> publishers) {
    }

    /** A publisher stopped publishing or left the room; its streams are gone. */
    default void onPublisherLeft(ConferenceSession session, long userId) {
    }

    /** Whether the server receives this user's own audio or video ({@code kind} "audio"/"video"), Janus's {@code media} event. */
    default void onMediaReceived(ConferenceSession session, String kind, boolean receiving) {
    }

    /** Whether a received publisher's audio or video reaches this user now (they muted, stopped their camera...). */
    default void onRemoteMediaState(ConferenceSession session, long userId, MediaTrack.Kind kind, boolean receiving) {
    }

    /**
     * A user of the room (this one included) started or stopped talking: the room's {@code talking} /
     * {@code stopped-talking} (Janus's, from the audio level). A publisher already talking when it is announced is told
     * before {@link #onPublishersReceived} announces it; one who stops publishing while talking is told {@code false}. {@link ConferenceSession#getTalking()} holds who talks.
     */
    default void onTalkingChanged(ConferenceSession session, long userId, boolean talking) {
    }

    /**
     * The floor changed hands (to this user too): the room's {@code dominant-speaker} event (docs/conference.md,
     * "Dominant speaker"). When the speaker leaves, {@link #onPublisherLeft} says so and
     * {@link ConferenceSession#getDominantSpeaker()} is empty until the next one.
     */
    default void onDominantSpeakerChanged(ConferenceSession session, long userId) {
    }

    /** The server sees packets lost on this user's link ({@code uplink}: on what it sends), Janus's {@code slowlink}. */
    default void onSlowLink(ConferenceSession session, boolean uplink, int lost) {
    }

    /** The session failed (the room went away, the server ended the session, a connection failed); it closes next. */
    default void onError(ConferenceSession session, ParleyException error) {
    }

    /** The session is closed: devices released, connections closed. */
    default void onSessionClosed(ConferenceSession session) {
    }
}
