package dev.parley.sdk.webrtc;

import java.util.concurrent.ScheduledExecutorService;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.VideoSink;

/**
 * The camera (or screen) track of a {@link WebrtcLocalMedia}; its sinks see the captured frames.
 *
 * <p>Muted, it sends black frames of the same size and rate: a stand-in black track goes on the
 * senders while the feed keeps running (so unmuting cannot fail and the local sinks keep seeing the
 * camera). A disabled native video track would not do: WebRTC then stops sending and the remote
 * picture freezes on the last frame.
 */
final class LocalVideoTrack extends LocalTrack<VideoFeed, VideoTrack> {

    private final PeerConnectionFactory factory;
    private final ScheduledExecutorService ticks;
    private final FrameFanout fanout = new FrameFanout();
    private VideoFeed blackFeed;
    private VideoTrack blackTrack;

    LocalVideoTrack(PeerConnectionFactory factory, ScheduledExecutorService ticks, String id, VideoFeed feed) {
        super(id);
        this.factory = factory;
        this.ticks = ticks;
        start(feed);
    }

    @Override
    VideoTrack create(String trackId, VideoFeed feed) {
        VideoTrack created = factory.createVideoTrack(trackId, feed.source());
        created.addSink(fanout);
        return created;
    }

    @Override
    void dispose(VideoTrack nativeTrack) {
        nativeTrack.removeSink(fanout);
        nativeTrack.dispose();
    }

    @Override
    synchronized VideoTrack carried() {
        return blackTrack != null ? blackTrack : track();
    }

    @Override
    void applyEnabled(boolean enabled) throws MediaException {
        if (enabled) unmute();
        else mute();
    }

    private void mute() throws MediaException {
        VideoFeed camera = feed();
        VideoFeed black = new SyntheticVideoFeed(camera.device(), FramePainter.BLACK,
                camera.width(), camera.height(), camera.frameRate(), ticks);
        VideoTrack stand = factory.createVideoTrack(nextNativeId(), black.source());
        try {
            senders.replace(track(), stand);
        } catch (MediaException e) {
            stand.dispose();
            black.close();
            throw e;
        }
        blackFeed = black;
        blackTrack = stand;
    }

    private void unmute() throws MediaException {
        senders.replace(blackTrack, track());
        VideoTrack stand = blackTrack;
        VideoFeed black = blackFeed;
        blackTrack = null;
        blackFeed = null;
        stand.dispose();
        black.close();
    }

    @Override
    synchronized void close() {
        super.close();
        if (blackTrack != null) {
            blackTrack.dispose();
            blackFeed.close();
            blackTrack = null;
            blackFeed = null;
        }
    }

    @Override
    public Kind kind() {
        return Kind.VIDEO;
    }

    @Override
    public void addSink(VideoSink sink) {
        fanout.add(sink);
    }

    @Override
    public void removeSink(VideoSink sink) {
        fanout.remove(sink);
    }
}
