package dev.parley.sdk.webrtc;

import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioLayer;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaEngine;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.PeerOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link MediaEngine} on webrtc-java (desktop JVM, Linux x86-64 tested), with one
 * {@link PeerConnectionFactory}. It works headless: local media comes from synthetic cameras, a
 * synthetic screen and synthetic microphones (see {@link #devices}) or, with
 * {@link Devices#AUTO}, from the real cameras, microphones and screens found at start.
 *
 * <p>The factory's audio device module is webrtc-java's dummy one ({@code AudioLayer.kDummyAudio}):
 * every microphone, synthetic or real, is a custom source the engine pushes 10 ms chunks into.
 * Nothing plays remote audio out, so WebRTC never decodes it: audio bytes and packets arrive and
 * are counted, but the inbound {@code audioLevel} and {@code totalAudioEnergy} in
 * {@link dev.parley.sdk.media.PeerStats} stay 0. (webrtc-java 0.14.0's only module that pulls
 * playout, {@code HeadlessAudioDeviceModule}, also starts a recording thread as soon as audio is
 * sent, which feeds every audio sender concurrently with the custom sources and aborts the JVM.)
 *
 * <p>Run the JVM with {@code --enable-native-access=ALL-UNNAMED}. {@link #close()} ends every peer
 * and local media it made, then its threads and the factory.
 */
public final class WebrtcJavaEngine implements MediaEngine {

    private static final Logger LOG = LoggerFactory.getLogger(WebrtcJavaEngine.class);

    /** Which capture devices the engine offers. */
    public enum Devices {
        /** Only the synthetic ones: the same pictures and tones on every machine. */
        SYNTHETIC,
        /** Real cameras, microphones and screens found at start (chosen by a {@code null} id), then the synthetic ones. */
        AUTO
    }

    /** Options of a new engine. */
    public static final class Builder {

        private Devices devices = Devices.AUTO;

        private Builder() {
        }

        /** {@link Devices#AUTO} unless told otherwise. */
        public Builder devices(Devices devices) {
            this.devices = devices;
            return this;
        }

        /**
         * Starts WebRTC (its threads and factory) and, with {@link Devices#AUTO}, looks for devices.
         *
         * @throws MediaException when the native library cannot start
         */
        public WebrtcJavaEngine build() throws MediaException {
            return new WebrtcJavaEngine(devices);
        }
    }

    private final EngineThreads threads = new EngineThreads();
    private final AudioDeviceModule audioModule;
    private final PeerConnectionFactory factory;
    private final DeviceCatalog catalog;
    private final Set<WebrtcPeer> peers = ConcurrentHashMap.newKeySet();
    private final Set<WebrtcLocalMedia> media = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private WebrtcJavaEngine(Devices devices) throws MediaException {
        AudioDeviceModule module = null;
        try {
            module = new AudioDeviceModule(AudioLayer.kDummyAudio);
            this.factory = new PeerConnectionFactory(module);
        } catch (Error | RuntimeException e) {
            if (module != null) module.dispose();
            shutdownThreads();
            throw new MediaException("could not start WebRTC: " + e.getMessage(), e);
        }
        this.audioModule = module;
        this.catalog = devices == Devices.AUTO
                ? DeviceCatalog.discover(threads.videoTicks, threads.audioTicks)
                : DeviceCatalog.synthetic(threads.videoTicks, threads.audioTicks);
    }

    /** Options for an engine: {@link Devices#AUTO} unless told otherwise. */
    public static Builder builder() {
        return new Builder();
    }

    /** An engine with real devices where there are some, synthetic ones otherwise. */
    public static WebrtcJavaEngine create() throws MediaException {
        return builder().build();
    }

    /** An engine with only synthetic devices. */
    public static WebrtcJavaEngine synthetic() throws MediaException {
        return builder().devices(Devices.SYNTHETIC).build();
    }

    /** The capture devices of {@link Devices}; no audio outputs, since this engine plays no sound (see below). */
    @Override
    public List<MediaDevice> devices(MediaDevice.Kind kind) {
        return catalog.list(kind);
    }

    /**
     * Refuses: this engine plays no remote sound, so there is no output to choose. Its audio device module is
     * webrtc-java 0.14.0's dummy one, which has no playout devices (its {@code getPlayoutDevices} fails
     * natively); the modules that do play ({@code kPlatformDefaultAudio}, {@code HeadlessAudioDeviceModule})
     * cannot run with the engine's custom microphones (see the class comment).
     */
    @Override
    public void selectAudioOutput(String deviceId) throws MediaException {
        throw new MediaException("the webrtc-java engine plays no remote sound, so it has no audio output to choose"
                + " (webrtc-java 0.14.0's dummy audio device module, the one that works with its microphones, has no playout devices)");
    }

    @Override
    public LocalMedia openLocalMedia(MediaOptions options) throws MediaException {
        requireOpen();
        String streamId = "parley-" + UUID.randomUUID();
        LocalAudioTrack audio = null;
        LocalVideoTrack video = null;
        try {
            if (options.audio()) {
                audio = new LocalAudioTrack(factory, "audio-" + UUID.randomUUID(), catalog.openMicrophone(options.microphoneId()));
            }
            if (options.video()) {
                VideoFeed camera = catalog.openCamera(options.cameraId(), options.width(), options.height(), options.frameRate());
                video = new LocalVideoTrack(factory, threads.videoTicks, "video-" + UUID.randomUUID(), camera);
            }
        } catch (MediaException | RuntimeException e) {
            if (audio != null) audio.close();
            if (e instanceof MediaException media) throw media;
            throw new MediaException("could not open local media: " + e.getMessage(), e);
        }
        WebrtcLocalMedia opened = new WebrtcLocalMedia(factory, catalog, streamId, options, audio, video, media::remove);
        media.add(opened);
        return opened;
    }

    @Override
    public MediaPeer createPeer(PeerOptions options, MediaPeer.Listener listener) throws MediaException {
        requireOpen();
        WebrtcPeer peer = new WebrtcPeer(factory, options, listener, threads.ops, peers::remove);
        peers.add(peer);
        return peer;
    }

    /**
     * Closes the peers (their tracks come off the connections first), then the local media, the
     * threads, the factory and the audio module. Idempotent; each step runs even if one before failed.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            for (WebrtcPeer peer : List.copyOf(peers)) closeQuietly(peer::close, "a peer");
            for (WebrtcLocalMedia local : List.copyOf(media)) closeQuietly(local::close, "local media");
        } finally {
            shutdownThreads();
            try {
                factory.dispose();
            } finally {
                audioModule.dispose();
            }
        }
    }

    private void shutdownThreads() {
        try {
            threads.shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Runnable close, String what) {
        try {
            close.run();
        } catch (Error | RuntimeException e) {
            LOG.warn("Could not close {}", what, e);
        }
    }

    private void requireOpen() throws MediaException {
        if (closed) throw new MediaException("the media engine is closed");
    }
}
