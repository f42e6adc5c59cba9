package dev.parley.sdk.webrtc;

import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import dev.onvoid.webrtc.media.audio.AudioTrackSource;
import dev.onvoid.webrtc.media.audio.CustomAudioSource;
import dev.parley.sdk.media.MediaDevice;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Pushes a {@link SineTone} into a {@link CustomAudioSource}, 10 ms at a time. */
final class SyntheticAudioFeed implements AudioFeed {

    private static final Logger LOG = LoggerFactory.getLogger(SyntheticAudioFeed.class);

    private final MediaDevice device;
    private final SineTone tone;
    private final CustomAudioSource source = new CustomAudioSource();
    private final byte[] chunk = new byte[SineTone.CHUNK_BYTES];
    private final ScheduledFuture<?> ticks;
    private volatile double level;
    private boolean closed;
    private boolean failureLogged;

    SyntheticAudioFeed(MediaDevice device, SineTone tone, ScheduledExecutorService scheduler) {
        this.device = device;
        this.tone = tone;
        this.ticks = scheduler.scheduleAtFixedRate(this::tick, 0, 10, TimeUnit.MILLISECONDS);
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

    private synchronized void tick() {
        if (closed) return;
        try {
            level = tone.next(chunk);
            source.pushAudio(chunk, 16, SineTone.SAMPLE_RATE, 1, SineTone.CHUNK_FRAMES);
        } catch (RuntimeException e) {
            if (!failureLogged) LOG.warn("{}: could not push a synthetic audio chunk", device.name(), e);
            failureLogged = true;
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            if (closed) return;
            closed = true;
        }
        ticks.cancel(false);
        level = 0;
        source.dispose();
    }
}
