package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.parley.sdk.media.VideoSink;

/** The microphone track of a {@link WebrtcLocalMedia}; muted, it sends silence (WebRTC's own mute). */
final class LocalAudioTrack extends LocalTrack<AudioFeed, AudioTrack> {

    private final PeerConnectionFactory factory;

    LocalAudioTrack(PeerConnectionFactory factory, String id, AudioFeed feed) {
        super(id);
        this.factory = factory;
        start(feed);
    }

    @Override
    AudioTrack create(String trackId, AudioFeed feed) {
        AudioTrack created = factory.createAudioTrack(trackId, feed.source());
        created.setEnabled(isEnabled());
        return created;
    }

    @Override
    void dispose(AudioTrack nativeTrack) {
        nativeTrack.dispose();
    }

    @Override
    void applyEnabled(boolean enabled) {
        track().setEnabled(enabled);
    }

    /** Level of the last 10 ms captured, 0 when muted. */
    synchronized double level() {
        return isEnabled() && !isClosed() ? feed().level() : 0;
    }

    @Override
    public Kind kind() {
        return Kind.AUDIO;
    }

    @Override
    public void addSink(VideoSink sink) {
        // Audio has no frames to show.
    }

    @Override
    public void removeSink(VideoSink sink) {
        // See addSink.
    }
}
