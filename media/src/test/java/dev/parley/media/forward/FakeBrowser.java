package dev.parley.media.forward;

import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * What a browser publishes, packet by packet, as Chromium does (see the captures): Opus audio with its level, VP8
 * video with RTX, every packet stamped with the transport-wide sequence number and abs-send-time, in the one-byte
 * header extension form, with Chromium's extension ids. Builds fresh arrays; the allocation-free test reuses them.
 */
final class FakeBrowser {

    static final int OPUS = 111;
    static final int VP8 = 96;
    static final int VP8_RTX = 97;
    static final int AUDIO_LEVEL_ID = 1;
    static final int ABS_SEND_TIME_ID = 2;
    static final int TRANSPORT_CC_ID = 3;
    static final int MID_ID = 4;
    static final int VIDEO_ORIENTATION_ID = 13;
    /** Chromium's ids, as in the captured SDPs. */
    static final ExtensionMap EXTENSIONS = new ExtensionMap(Map.of(
            RtpExtension.SSRC_AUDIO_LEVEL.uri(), AUDIO_LEVEL_ID,
            RtpExtension.ABS_SEND_TIME.uri(), ABS_SEND_TIME_ID,
            RtpExtension.TRANSPORT_CC.uri(), TRANSPORT_CC_ID,
            RtpExtension.SDES_MID.uri(), MID_ID,
            RtpExtension.VIDEO_ORIENTATION.uri(), VIDEO_ORIENTATION_ID));

    final int audioSsrc;
    final int videoSsrc;
    final int rtxSsrc;
    int audioSequenceNumber = 1000;
    int videoSequenceNumber = 30_000;
    int rtxSequenceNumber = 500;
    int audioTimestamp = 1_000_000;
    int videoTimestamp = 2_000_000;
    int transportSequenceNumber = 65_500;
    private int pictureId = 100;
    private final HeaderExtensionWriter extensions = new HeaderExtensionWriter();

    FakeBrowser(int firstSsrc) {
        this.audioSsrc = firstSsrc;
        this.videoSsrc = firstSsrc + 1;
        this.rtxSsrc = firstSsrc + 2;
    }

    PublisherStreamConfig audioConfig() {
        return new PublisherStreamConfig(MediaKind.AUDIO, audioSsrc, OptionalInt.empty(),
                List.of(new PayloadFormat(OPUS, "opus", 48_000)), Map.of(), false, KeyframeRequestMethod.PLI);
    }

    PublisherStreamConfig videoConfig() {
        return new PublisherStreamConfig(MediaKind.VIDEO, videoSsrc, OptionalInt.of(rtxSsrc),
                List.of(new PayloadFormat(VP8, "VP8", 90_000)), Map.of(VP8_RTX, VP8), true, KeyframeRequestMethod.PLI);
    }

    /** 20 ms of Opus at {@code level} -dBov, with a payload that names it. */
    byte[] audio(int level) {
        byte[] payload = new byte[40];
        Arrays.fill(payload, (byte) audioSequenceNumber);
        byte[] packet = packet(OPUS, audioSequenceNumber, audioTimestamp, audioSsrc, true, level, 0, payload);
        audioSequenceNumber = (audioSequenceNumber + 1) & 0xFFFF;
        audioTimestamp += 960;
        return packet;
    }

    /** One video frame (33 ms at 90 kHz) in {@code packets} packets; a keyframe or a delta frame. */
    byte[][] videoFrame(boolean keyframe, int packets) {
        return videoFrame(keyframe, packets, 300);
    }

    /** One video frame in {@code packets} packets of {@code payloadSize} bytes of payload each. */
    byte[][] videoFrame(boolean keyframe, int packets, int payloadSize) {
        byte[][] frame = new byte[packets][];
        pictureId = (pictureId + 1) & 0x7FFF;
        for (int i = 0; i < packets; i++) {
            byte[] payload = new byte[payloadSize];
            Arrays.fill(payload, (byte) videoSequenceNumber);
            // RFC 7741 §4.2: X=1, S on the first packet, PID 0; I with a 15-bit picture id; then the payload header
            // (P clear on a keyframe).
            payload[0] = (byte) (i == 0 ? 0x90 : 0x80);
            payload[1] = (byte) 0x80;
            BigEndian.put16(payload, 2, 0x8000 | pictureId);
            payload[4] = (byte) (keyframe ? 0x00 : 0x01);
            frame[i] = packet(VP8, videoSequenceNumber, videoTimestamp, videoSsrc, i == packets - 1, -1, 0, payload);
            videoSequenceNumber = (videoSequenceNumber + 1) & 0xFFFF;
        }
        videoTimestamp += 3000;
        return frame;
    }

    /** RFC 4588: {@code original} (a packet this browser sent) retransmitted on the RTX stream. */
    byte[] rtx(byte[] original) {
        int headerLength = 12 + 4 + 4 * BigEndian.u16(original, 14);
        byte[] payload = new byte[2 + original.length - headerLength];
        BigEndian.put16(payload, 0, BigEndian.u16(original, 2));
        System.arraycopy(original, headerLength, payload, 2, original.length - headerLength);
        byte[] packet = packet(VP8_RTX, rtxSequenceNumber, BigEndian.i32(original, 4), rtxSsrc,
                (original[1] & 0x80) != 0, -1, 0, payload);
        rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
        return packet;
    }

    /** Bandwidth probing: an RTX packet of padding only. */
    byte[] rtxPadding() {
        byte[] packet = packet(VP8_RTX, rtxSequenceNumber, videoTimestamp, rtxSsrc, false, -1, 200, new byte[0]);
        rtxSequenceNumber = (rtxSequenceNumber + 1) & 0xFFFF;
        return packet;
    }

    /** Bandwidth probing without RTX: padding only, in the video stream's own sequence numbers. */
    byte[] videoPadding() {
        byte[] packet = packet(VP8, videoSequenceNumber, videoTimestamp, videoSsrc, false, -1, 200, new byte[0]);
        videoSequenceNumber = (videoSequenceNumber + 1) & 0xFFFF;
        return packet;
    }

    private byte[] packet(int payloadType, int sequenceNumber, int timestamp, int ssrc, boolean marker, int audioLevel,
            int padding, byte[] payload) {
        byte[] buf = new byte[12 + 64 + payload.length + padding];
        buf[0] = (byte) (0x90 | (padding > 0 ? 0x20 : 0));
        buf[1] = (byte) ((marker ? 0x80 : 0) | payloadType);
        BigEndian.put16(buf, 2, sequenceNumber);
        BigEndian.put32(buf, 4, timestamp);
        BigEndian.put32(buf, 8, ssrc);
        extensions.start(buf, 12, false);
        if (audioLevel >= 0) {
            buf[extensions.reserve(AUDIO_LEVEL_ID, 1)] = (byte) (0x80 | audioLevel);
        }
        extensions.reserve(ABS_SEND_TIME_ID, 3);
        TransportSequenceNumber.write(buf, extensions.reserve(TRANSPORT_CC_ID, 2), transportSequenceNumber);
        transportSequenceNumber = (transportSequenceNumber + 1) & 0xFFFF;
        if (payloadType == VP8) {
            buf[extensions.reserve(VIDEO_ORIENTATION_ID, 1)] = 1;
        }
        extensions.add(MID_ID, new byte[] {'1'}, 0, 1);
        int pos = 12 + extensions.finish();
        System.arraycopy(payload, 0, buf, pos, payload.length);
        pos += payload.length;
        if (padding > 0) {
            buf[pos + padding - 1] = (byte) padding;
            pos += padding;
        }
        return Arrays.copyOf(buf, pos);
    }
}
