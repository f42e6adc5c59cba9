package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.media.audio.AudioDevice;
import dev.onvoid.webrtc.media.audio.AudioDeviceModule;
import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.parley.sdk.media.MediaDevice;
import dev.parley.sdk.media.MediaException;

/**
 * A real microphone, recorded by a platform audio device module of its own and pushed into a
 * {@link CustomAudioSource}, like the synthetic ones. The factory's module must not record: a
 * module that records feeds every audio sender itself, concurrently with the custom sources, which
 * aborts WebRTC. This way the factory keeps its dummy module and each recorded chunk gives a level.
 */
final class MicrophoneAudioFeed implements AudioFeed {

    private final MediaDevice device;
    private final CustomAudioSource source = new CustomAudioSource();
    private final AudioDeviceModule recorder;
    private volatile double level;
    private boolean closed;

    MicrophoneAudioFeed(MediaDevice device, AudioDevice microphone) throws MediaException {
        this.device = device;
        try {
            recorder = new AudioDeviceModule();
        } catch (Error | RuntimeException e) {
            source.dispose();
            throw new MediaException("no platform audio to record " + device.name() + " with: " + e.getMessage(), e);
        }
        try {
            recorder.setRecordingDevice(microphone);
            recorder.setAudioSink(this::onRecorded);
            recorder.initRecording();
            recorder.startRecording();
        } catch (Error | RuntimeException e) {
            recorder.dispose();
            source.dispose();
            throw new MediaException("could not record from " + device.name() + ": " + e.getMessage(), e);
        }
    }

    /** {@code bytesPerFrame} is WebRTC's "bytes per sample" (all channels of one sample instant). */
    private synchronized void onRecorded(byte[] pcm, int frames, int bytesPerFrame, int channels, int sampleRate,
                                         int delayMs, int clockDrift) {
        if (closed || bytesPerFrame != 2 * channels) return;
        level = Pcm16.rms(pcm, frames * channels);
        source.pushAudio(pcm, 16, sampleRate, channels, frames);
    }

    @Override
    public MediaDevice device() {
        return device;
    }

    @Override
    public AudioTrackSource source() {
        return source;
    }

    @Override
    public double level() {
        return level;
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        try {
            recorder.stopRecording();
        } finally {
            recorder.dispose();
            level = 0;
            source.dispose();
        }
    }
}
