package dev.parley.sdk.webrtc;

/**
 * A continuous sine tone cut into 10 ms chunks of 16-bit little-endian mono PCM at 48 kHz, the
 * format WebRTC takes from a custom audio source.
 */
final class SineTone {

    static final int SAMPLE_RATE = 48_000;
    static final int CHUNK_FRAMES = SAMPLE_RATE / 100;
    static final int CHUNK_BYTES = CHUNK_FRAMES * 2;

    private final double phaseStep;
    private final double amplitude;
    private double phase;

    /**
     * @param frequencyHz the pitch, below the Nyquist frequency
     * @param amplitude   the peak, 0..1 of full scale
     */
    SineTone(double frequencyHz, double amplitude) {
        if (frequencyHz <= 0 || frequencyHz >= SAMPLE_RATE / 2.0) {
            throw new IllegalArgumentException("frequency must be in (0, 24000) Hz: " + frequencyHz);
        }
        if (amplitude < 0 || amplitude > 1) throw new IllegalArgumentException("amplitude must be 0..1: " + amplitude);
        this.phaseStep = 2 * Math.PI * frequencyHz / SAMPLE_RATE;
        this.amplitude = amplitude;
    }

    /** Writes the next 10 ms into {@code pcm} ({@link #CHUNK_BYTES} long) and returns its RMS level, 0..1. */
    double next(byte[] pcm) {
        if (pcm.length != CHUNK_BYTES) throw new IllegalArgumentException("a chunk is " + CHUNK_BYTES + " bytes");
        for (int i = 0; i < CHUNK_FRAMES; i++) {
            short sample = (short) Math.round(Math.sin(phase) * amplitude * Short.MAX_VALUE);
            pcm[2 * i] = (byte) sample;
            pcm[2 * i + 1] = (byte) (sample >> 8);
            phase += phaseStep;
        }
        phase %= 2 * Math.PI;
        return Pcm16.rms(pcm, CHUNK_FRAMES);
    }
}
