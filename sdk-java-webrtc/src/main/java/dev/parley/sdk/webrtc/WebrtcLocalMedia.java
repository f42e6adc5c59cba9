package dev.parley.sdk.webrtc;

import java.util.function.Consumer;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local microphone and camera of a {@link WebrtcJavaEngine}. Switching a device or sharing the
 * screen swaps the feed under the same {@link MediaTrack}, and so reaches every peer it was added to.
 */
final class WebrtcLocalMedia implements LocalMedia {

    private static final Logger LOG = LoggerFactory.getLogger(WebrtcLocalMedia.class);

    private final PeerConnectionFactory factory;
    private final DeviceCatalog catalog;
    private final String streamId;
    private final MediaOptions options;
    private final LocalAudioTrack audio;
    private final LocalVideoTrack video;
    private final Consumer<WebrtcLocalMedia> onClose;
    private String cameraId;
    private boolean sharing;
    private boolean closed;

    WebrtcLocalMedia(PeerConnectionFactory factory, DeviceCatalog catalog, String streamId, MediaOptions options,
                     LocalAudioTrack audio, LocalVideoTrack video, Consumer<WebrtcLocalMedia> onClose) {
        this.factory = factory;
        this.catalog = catalog;
        this.streamId = streamId;
        this.options = options;
        this.audio = audio;
        this.video = video;
        this.onClose = onClose;
        this.cameraId = video == null ? null : video.feed().device().id();
    }

    /** Whether the tracks belong to {@code owner}: a peer connection of another factory must not send them. */
    boolean madeBy(PeerConnectionFactory owner) {
        return factory == owner;
    }

    /** The stream id the tracks are sent under (SDP {@code msid}). */
    String streamId() {
        return streamId;
    }

    LocalAudioTrack audio() {
        return audio;
    }

    LocalVideoTrack video() {
        return video;
    }

    @Override
    public MediaTrack audioTrack() {
        return audio;
    }

    @Override
    public MediaTrack videoTrack() {
        return video;
    }

    /** While sharing the screen, the new camera is remembered and comes back with {@link #stopScreenSharing}. */
    @Override
    public synchronized void switchCamera(String deviceId) throws MediaException {
        requireOpen();
        if (video == null) throw new MediaException("cannot switch camera: this media has no video");
        if (!sharing) {
            video.swap(catalog.openCamera(deviceId, options.width(), options.height(), options.frameRate()));
        }
        cameraId = deviceId;
    }

    @Override
    public synchronized void switchMicrophone(String deviceId) throws MediaException {
        requireOpen();
        if (audio == null) throw new MediaException("cannot switch microphone: this media has no audio");
        audio.swap(catalog.openMicrophone(deviceId));
    }

    @Override
    public boolean canShareScreen() {
        return video != null && !catalog.list(MediaDevice.Kind.SCREEN).isEmpty();
    }

    @Override
    public synchronized void startScreenSharing(String screenId) throws MediaException {
        requireOpen();
        if (video == null) throw new MediaException("cannot share the screen: this media has no video track to send it on");
        video.swap(catalog.openScreen(screenId));
        sharing = true;
    }

    /** Back to the camera; if it cannot be reopened, to the first synthetic camera. */
    @Override
    public synchronized void stopScreenSharing() {
        if (!sharing || closed) return;
        try {
            video.swap(catalog.openCamera(cameraId, options.width(), options.height(), options.frameRate()));
        } catch (MediaException e) {
            LOG.warn("Could not reopen camera {} after screen sharing; sending the synthetic camera", cameraId, e);
            try {
                video.swap(catalog.openCamera(DeviceCatalog.CAMERA_1.id(), options.width(), options.height(), options.frameRate()));
                cameraId = DeviceCatalog.CAMERA_1.id();
            } catch (MediaException fallbackFailed) {
                LOG.warn("Could not send the synthetic camera either; still sending the screen", fallbackFailed);
                return;
            }
        }
        sharing = false;
    }

    @Override
    public synchronized boolean isSharingScreen() {
        return sharing;
    }

    @Override
    public double microphoneLevel() {
        return audio == null ? 0 : audio.level();
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            if (audio != null) audio.close();
        } finally {
            if (video != null) video.close();
            onClose.accept(this);
        }
    }

    private void requireOpen() throws MediaException {
        if (closed) throw new MediaException("local media is closed");
    }
}
