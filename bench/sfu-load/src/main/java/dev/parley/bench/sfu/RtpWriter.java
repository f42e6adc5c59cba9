package dev.parley.bench.sfu;

/**
 * Writes the publishers' RTP packets (RFC 3550 §5.1) into a caller's buffer: one-byte header extensions (RFC 8285
 * §4.2) for the MID (RFC 8843 §15) and, in simulcast, the RID (RFC 8852 §3.1), the payload, and an 8-byte trailer
 * with the send time ({@link System#nanoTime()}) that the subscribers read back for the added latency. Both ends run
 * in one process, so the clocks are the same; SFUs forward the payload untouched (SRTP re-encrypts it).
 */
final class RtpWriter {

    /** VP8 bytes per packet: with headers, descriptor, trailer and SRTP the datagram stays under 1200 bytes. */
    static final int MAX_VP8_CHUNK = 1100;
    static final int TRAILER = 8;

    private RtpWriter() {
    }

    /**
     * Writes a packet; returns its length. {@code prefix} (may be null) goes before {@code payload[off, off+len)}:
     * the VP8 payload descriptor.
     */
    static int write(byte[] out, int payloadType, boolean marker, int seq, long timestamp, int ssrc, int midId, String mid,
                     int ridId, String rid, byte[] prefix, byte[] payload, int off, int len, long sentNanos) {
        out[0] = (byte) 0x90;
        out[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        putShort(out, 2, seq);
        putInt(out, 4, (int) timestamp);
        putInt(out, 8, ssrc);
        int p = 16;
        p = element(out, p, midId, mid);
        if (rid != null) {
            p = element(out, p, ridId, rid);
        }
        while ((p - 16) % 4 != 0) {
            out[p++] = 0;
        }
        putShort(out, 12, 0xBEDE);
        putShort(out, 14, (p - 16) / 4);
        if (prefix != null) {
            System.arraycopy(prefix, 0, out, p, prefix.length);
            p += prefix.length;
        }
        System.arraycopy(payload, off, out, p, len);
        p += len;
        putLong(out, p, sentNanos);
        return p + TRAILER;
    }

    /** The send time a subscriber reads from a decrypted packet's last 8 bytes. */
    static long sentNanos(byte[] packet, int off, int len) {
        long value = 0;
        for (int i = off + len - TRAILER; i < off + len; i++) {
            value = (value << 8) | (packet[i] & 0xFF);
        }
        return value;
    }

    /** RFC 7741 §4.2: X and I set, S on a frame's first packet, partition 0, a 15-bit picture ID (M set). */
    static void vp8Descriptor(byte[] out, boolean start, int pictureId) {
        out[0] = (byte) (0x80 | (start ? 0x10 : 0));
        out[1] = (byte) 0x80;
        out[2] = (byte) (0x80 | ((pictureId >> 8) & 0x7F));
        out[3] = (byte) pictureId;
    }

    private static int element(byte[] out, int p, int id, String value) {
        int length = value.length();
        out[p++] = (byte) ((id << 4) | (length - 1));
        for (int i = 0; i < length; i++) {
            out[p++] = (byte) value.charAt(i);
        }
        return p;
    }

    static void putShort(byte[] b, int off, int v) {
        b[off] = (byte) (v >> 8);
        b[off + 1] = (byte) v;
    }

    static void putInt(byte[] b, int off, int v) {
        putShort(b, off, v >>> 16);
        putShort(b, off + 2, v);
    }

    static void putLong(byte[] b, int off, long v) {
        putInt(b, off, (int) (v >>> 32));
        putInt(b, off + 4, (int) v);
    }
}
