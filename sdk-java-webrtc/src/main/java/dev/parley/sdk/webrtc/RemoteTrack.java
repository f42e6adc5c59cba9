package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.onvoid.webrtc.media.audio.AudioTrack;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.VideoSink;

/**
 * A track received on a {@link WebrtcPeer}. A video track has one native sink from the start, so
 * the SDK's sinks come and go without native calls. The native track belongs to its receiver and is
 * never disposed here.
 */
final class RemoteTrack implements MediaTrack {

    private final MediaStreamTrack track;
    private final Kind kind;
    private final String id;
    private final FrameFanout fanout;
    private volatile boolean enabled = true;

    private RemoteTrack(MediaStreamTrack track, Kind kind, FrameFanout fanout) {
        this.track = track;
        this.kind = kind;
        this.id = track.getId();
        this.fanout = fanout;
    }

    /** Wraps a receiver's track, or returns null for a kind this engine does not handle. */
    static RemoteTrack wrap(MediaStreamTrack track) {
        if (track instanceof VideoTrack video) {
            FrameFanout fanout = new FrameFanout();
            video.addSink(fanout);
            return new RemoteTrack(track, Kind.VIDEO, fanout);
        }
        if (track instanceof AudioTrack) return new RemoteTrack(track, Kind.AUDIO, null);
        return null;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public boolean isEnabled() {
        return enabled;
    }

    /** A disabled remote track is not played out, and its video sinks get no frames. */
    @Override
    public synchronized void setEnabled(boolean enabled) {
        this.enabled = enabled;
        if (fanout != null) fanout.setPaused(!enabled);
        track.setEnabled(enabled);
    }

    @Override
    public void addSink(VideoSink sink) {
        if (fanout != null) fanout.add(sink);
    }

    @Override
    public void removeSink(VideoSink sink) {
        if (fanout != null) fanout.remove(sink);
    }

    /** Unhooks the native sink; called before the peer connection closes. */
    void detach() {
        if (track instanceof VideoTrack video) video.removeSink(fanout);
    }
}
