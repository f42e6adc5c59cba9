package dev.parley.sdk.webrtc;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;

import dev.onvoid.webrtc.media.MediaDevices;
import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.desktop.DesktopSource;
import dev.onvoid.webrtc.media.video.desktop.ScreenCapturer;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaDevice.Kind;
import dev.parley.sdk.media.MediaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The cameras, microphones and screens an engine offers, and how to open each. Real devices, when
 * looked for, come first (so a {@code null} id picks them); the synthetic ones are always there.
 * Real devices are looked for once, when the engine starts.
 */
final class DeviceCatalog {

    private static final Logger LOG = LoggerFactory.getLogger(DeviceCatalog.class);

    static final MediaDevice CAMERA_1 = synthetic("synthetic:camera-1", "Synthetic camera 1 (blue)", Kind.CAMERA);
    static final MediaDevice CAMERA_2 = synthetic("synthetic:camera-2", "Synthetic camera 2 (orange)", Kind.CAMERA);
    static final MediaDevice SCREEN = synthetic("synthetic:screen", "Synthetic screen (1280x720)", Kind.SCREEN);
    static final MediaDevice MICROPHONE_1 = synthetic("synthetic:mic-1", "Synthetic microphone 1 (440 Hz)", Kind.MICROPHONE);
    static final MediaDevice MICROPHONE_2 = synthetic("synthetic:mic-2", "Synthetic microphone 2 (660 Hz, louder)", Kind.MICROPHONE);

    static final int SCREEN_WIDTH = 1280;
    static final int SCREEN_HEIGHT = 720;
    static final int SCREEN_FRAME_RATE = 10;

    private final Map<String, VideoDevice> cameras = new LinkedHashMap<>();
    private final Map<String, AudioDevice> microphones = new LinkedHashMap<>();
    private final Map<String, DesktopSource> screens = new LinkedHashMap<>();
    private final Map<String, MediaDevice> devices = new LinkedHashMap<>();
    private final ScheduledExecutorService videoTicks;
    private final ScheduledExecutorService audioTicks;

    private DeviceCatalog(ScheduledExecutorService videoTicks, ScheduledExecutorService audioTicks) {
        this.videoTicks = videoTicks;
        this.audioTicks = audioTicks;
    }

    /** Only the synthetic devices. */
    static DeviceCatalog synthetic(ScheduledExecutorService videoTicks, ScheduledExecutorService audioTicks) {
        DeviceCatalog catalog = new DeviceCatalog(videoTicks, audioTicks);
        catalog.addSynthetic();
        return catalog;
    }

    /** Real devices found here, then the synthetic ones. */
    static DeviceCatalog discover(ScheduledExecutorService videoTicks, ScheduledExecutorService audioTicks) {
        DeviceCatalog catalog = new DeviceCatalog(videoTicks, audioTicks);
        catalog.discoverCameras();
        catalog.discoverMicrophones();
        catalog.discoverScreens();
        catalog.addSynthetic();
        return catalog;
    }

    List<MediaDevice> list(Kind kind) {
        List<MediaDevice> found = new ArrayList<>();
        for (MediaDevice device : devices.values()) {
            if (device.kind() == kind) found.add(device);
        }
        return found;
    }

    VideoFeed openCamera(String id, int width, int height, int frameRate) throws MediaException {
        MediaDevice device = find(id, Kind.CAMERA);
        if (device.equals(CAMERA_1)) return new SyntheticVideoFeed(device, SyntheticPicture.CAMERA_1, width, height, frameRate, videoTicks);
        if (device.equals(CAMERA_2)) return new SyntheticVideoFeed(device, SyntheticPicture.CAMERA_2, width, height, frameRate, videoTicks);
        return new CameraVideoFeed(device, cameras.get(device.id()), width, height, frameRate);
    }

    VideoFeed openScreen(String id) throws MediaException {
        MediaDevice device = find(id, Kind.SCREEN);
        if (device.equals(SCREEN)) {
            return new SyntheticVideoFeed(device, SyntheticPicture.SCREEN, SCREEN_WIDTH, SCREEN_HEIGHT, SCREEN_FRAME_RATE, videoTicks);
        }
        return new DesktopVideoFeed(device, screens.get(device.id()).id, 1920, 1080, SCREEN_FRAME_RATE);
    }

    AudioFeed openMicrophone(String id) throws MediaException {
        MediaDevice device = find(id, Kind.MICROPHONE);
        if (device.equals(MICROPHONE_1)) return new SyntheticAudioFeed(device, new SineTone(440, 0.25), audioTicks);
        if (device.equals(MICROPHONE_2)) return new SyntheticAudioFeed(device, new SineTone(660, 0.6), audioTicks);
        return new MicrophoneAudioFeed(device, microphones.get(device.id()));
    }

    private MediaDevice find(String id, Kind kind) throws MediaException {
        if (id == null) {
            return list(kind).stream().findFirst()
                    .orElseThrow(() -> new MediaException("no " + kind.name().toLowerCase() + " here"));
        }
        MediaDevice device = devices.get(id);
        if (device == null || device.kind() != kind) {
            throw new MediaException("no " + kind.name().toLowerCase() + " with id " + id + "; known: " + list(kind));
        }
        return device;
    }

    private void addSynthetic() {
        for (MediaDevice device : List.of(CAMERA_1, CAMERA_2, SCREEN, MICROPHONE_1, MICROPHONE_2)) {
            devices.put(device.id(), device);
        }
    }

    private void discoverCameras() {
        try {
            for (VideoDevice camera : MediaDevices.getVideoCaptureDevices()) {
                String id = "camera:" + camera.getDescriptor();
                cameras.put(id, camera);
                devices.put(id, new MediaDevice(id, camera.getName(), Kind.CAMERA, false));
            }
        } catch (Error | RuntimeException e) {
            LOG.info("No cameras: {}", e.toString());
        }
    }

    /**
     * Asks a platform audio device module, not {@link MediaDevices}: the latter waits forever for a
     * PulseAudio server where there is none, while the module fails at once.
     */
    private void discoverMicrophones() {
        AudioDeviceModule probe;
        try {
            probe = new AudioDeviceModule();
        } catch (Error | RuntimeException e) {
            LOG.info("No platform audio, so no microphones: {}", e.toString());
            return;
        }
        try {
            for (AudioDevice microphone : probe.getRecordingDevices()) {
                String id = "microphone:" + microphone.getDescriptor();
                microphones.put(id, microphone);
                devices.put(id, new MediaDevice(id, microphone.getName(), Kind.MICROPHONE, false));
            }
        } catch (Error | RuntimeException e) {
            LOG.info("No microphones: {}", e.toString());
        } finally {
            probe.dispose();
        }
    }

    /** Only with a display to capture: the screen capturer is not safe to create without one. */
    private void discoverScreens() {
        if (System.getenv("DISPLAY") == null && System.getenv("WAYLAND_DISPLAY") == null) return;
        ScreenCapturer capturer;
        try {
            capturer = new ScreenCapturer();
        } catch (Error | RuntimeException e) {
            LOG.info("No screen capture: {}", e.toString());
            return;
        }
        try {
            for (DesktopSource screen : capturer.getDesktopSources()) {
                String id = "screen:" + screen.id;
                screens.put(id, screen);
                devices.put(id, new MediaDevice(id, screen.title, Kind.SCREEN, false));
            }
        } catch (Error | RuntimeException e) {
            LOG.info("No screens: {}", e.toString());
        } finally {
            capturer.dispose();
        }
    }

    private static MediaDevice synthetic(String id, String name, Kind kind) {
        return new MediaDevice(id, name, kind, true);
    }
}
