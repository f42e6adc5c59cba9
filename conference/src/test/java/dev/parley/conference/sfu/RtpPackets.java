package dev.parley.conference.sfu;

import dev.parley.media.rtp.RtpPacket;

/**
 * Packets as a browser sends them: RTP with the one-byte header extension form (RFC 8285 §4.2) carrying the mid and,
 * for audio, the audio level; VP8 payloads that start a keyframe or not (RFC 7741 §4.2–4.3).
 */
final class RtpPackets {

    static final int MID_ID = 4;
    static final int AUDIO_LEVEL_ID = 1;

    private RtpPackets() {
    }

    /** Opus with its level (-dBov) and mid. */
    static byte[] audio(int ssrc, int seq, int timestamp, int payloadType, String mid, int level) {
        return packet(ssrc, seq, timestamp, payloadType, mid, level, new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
    }

    /** One VP8 packet: a keyframe start, or the middle of a frame. */
    static byte[] vp8(int ssrc, int seq, int timestamp, int payloadType, String mid, boolean keyframe) {
        byte[] payload = new byte[40];
        payload[0] = (byte) (keyframe ? 0x10 : 0x00);
        payload[1] = (byte) (keyframe ? 0x00 : 0x01);
        return packet(ssrc, seq, timestamp, payloadType, mid, -1, payload);
    }

    private static byte[] packet(int ssrc, int seq, int timestamp, int payloadType, String mid, int level, byte[] payload) {
        byte[] midBytes = mid.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        int elements = 1 + midBytes.length + (level >= 0 ? 2 : 0);
        int extensionWords = (elements + 3) / 4;
        byte[] packet = new byte[RtpPacket.FIXED_HEADER_LENGTH + 4 + extensionWords * 4 + payload.length];
        packet[0] = (byte) 0x90;
        packet[1] = (byte) payloadType;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        writeInt(packet, 4, timestamp);
        writeInt(packet, 8, ssrc);
        packet[12] = (byte) 0xBE;
        packet[13] = (byte) 0xDE;
        packet[14] = 0;
        packet[15] = (byte) extensionWords;
        int at = 16;
        packet[at++] = (byte) ((MID_ID << 4) | (midBytes.length - 1));
        System.arraycopy(midBytes, 0, packet, at, midBytes.length);
        at += midBytes.length;
        if (level >= 0) {
            packet[at++] = (byte) (AUDIO_LEVEL_ID << 4);
            packet[at] = (byte) (0x80 | level);
        }
        System.arraycopy(payload, 0, packet, RtpPacket.FIXED_HEADER_LENGTH + 4 + extensionWords * 4, payload.length);
        return packet;
    }

    static void writeInt(byte[] buf, int at, int value) {
        buf[at] = (byte) (value >>> 24);
        buf[at + 1] = (byte) (value >>> 16);
        buf[at + 2] = (byte) (value >>> 8);
        buf[at + 3] = (byte) value;
    }

    /** A view of {@code packet}, checked to be RTP. */
    static RtpPacket view(byte[] packet) {
        RtpPacket view = new RtpPacket();
        if (!view.wrap(packet, 0, packet.length)) {
            throw new AssertionError("not RTP");
        }
        return view;
    }
}
