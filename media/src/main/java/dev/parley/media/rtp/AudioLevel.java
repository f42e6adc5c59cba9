package dev.parley.media.rtp;

/**
 * The client-to-mixer audio level extension (RFC 6464 §3), read from its one data byte.
 *
 * <pre>
 *  0 1 2 3 4 5 6 7
 * +-+-+-+-+-+-+-+-+
 * |V|    level    |
 * +-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>{@code level} is the audio level in -dBov, 0 (loudest) to 127 (silence); {@code V} the sender's voice
 * activity flag, meaningful only when negotiated with {@code vad=on} (§4).
 *
 * <p>Static methods on the caller's array, which they do not keep.
 */
public final class AudioLevel {

    /** The quietest level: digital silence. */
    public static final int SILENCE = 127;

    private AudioLevel() {
    }

    /** The level in -dBov from the extension's data byte at {@code off}. */
    public static int level(byte[] buf, int off) {
        return buf[off] & 0x7F;
    }

    public static boolean voiceActivity(byte[] buf, int off) {
        return (buf[off] & 0x80) != 0;
    }
}
