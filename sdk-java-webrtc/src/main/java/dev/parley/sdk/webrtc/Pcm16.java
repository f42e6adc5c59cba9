package dev.parley.sdk.webrtc;

/** Arithmetic on 16-bit little-endian PCM. */
final class Pcm16 {

    private Pcm16() {
    }

    /** RMS of the first {@code samples} samples (all channels interleaved), 0..1 of full scale. */
    static double rms(byte[] pcm, int samples) {
        if (samples <= 0) return 0;
        double sum = 0;
        for (int i = 0; i < samples; i++) {
            int sample = (short) ((pcm[2 * i] & 0xff) | (pcm[2 * i + 1] << 8));
            sum += (double) sample * sample;
        }
        return Math.min(1.0, Math.sqrt(sum / samples) / Short.MAX_VALUE);
    }
}
