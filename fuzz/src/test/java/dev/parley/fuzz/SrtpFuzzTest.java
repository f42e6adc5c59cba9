package dev.parley.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpResult;
import dev.parley.media.srtp.SrtpSender;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SRTP and SRTCP unprotection (RFC 3711, RFC 7714) with fixed keys, as a transport does it for whatever arrives
 * from its peer: a datagram nobody protected with the key, or a genuine packet changed on the way (bits flipped,
 * cut short, grown), never authenticates and is refused with a result code, never with an exception nor a
 * cipher failure ({@link SrtpResult#FAILED}, which would mean the library threw inside); an unchanged genuine
 * packet unprotects to its plaintext. (Only a genuine packet authenticates: one the fuzzer rebuilt, seeing the
 * tag comparisons of the fixed key, must be byte for byte what the sender makes of its plaintext.)
 */
class SrtpFuzzTest {

    /** A DTLS export as long as the longer profile needs; its content does not matter to the contract. */
    private static final byte[] MATERIAL = new byte[2 * (16 + 14)];

    static {
        for (int i = 0; i < MATERIAL.length; i++) {
            MATERIAL[i] = (byte) (31 * i + 7);
        }
    }

    private static final int MAX_DATAGRAM = 1500;

    @FuzzTest
    void unprotect(FuzzedDataProvider data) {
        SrtpProfile profile = data.pickValue(SrtpProfile.values());
        boolean rtcp = data.consumeBoolean();
        boolean genuine = data.consumeBoolean();
        byte[] material = Arrays.copyOf(MATERIAL, SrtpKeys.exportLength(profile));
        try (SrtpSender sender = new SrtpSender(SrtpKeys.fromDtlsExport(profile, material, false), 4);
             SrtpReceiver receiver = new SrtpReceiver(SrtpKeys.fromDtlsExport(profile, material, true), 4)) {
            if (!genuine) {
                byte[] datagram = data.consumeRemainingAsBytes();
                if (datagram.length > MAX_DATAGRAM) {
                    return;
                }
                byte[] received = Arrays.copyOf(datagram, datagram.length);
                int result = rtcp ? receiver.unprotectRtcp(received, 0, received.length)
                        : receiver.unprotectRtp(received, 0, received.length);
                if (result >= 0) {
                    assertGenuine(datagram, received, result, rtcp, sender);
                } else {
                    assertRefused(result);
                }
                return;
            }
            byte[] plain = plaintext(data, rtcp);
            byte[] buf = Arrays.copyOf(plain, MAX_DATAGRAM + SrtpProfile.MAX_OVERHEAD);
            int length = rtcp ? sender.protectRtcp(buf, 0, plain.length) : sender.protectRtp(buf, 0, plain.length);
            assertThat(length).as("protecting a well-formed packet").isEqualTo(plain.length
                    + (rtcp ? profile.rtcpOverhead() : profile.rtpOverhead()));
            byte[] sent = Arrays.copyOf(buf, length);
            int changedLength = mutate(data, buf, length);
            boolean changed = changedLength != length || !Arrays.equals(sent, Arrays.copyOf(buf, length));
            int result = rtcp ? receiver.unprotectRtcp(buf, 0, changedLength) : receiver.unprotectRtp(buf, 0, changedLength);
            if (changed) {
                assertRefused(result);
            } else {
                assertThat(result).as(SrtpResult.describe(result)).isEqualTo(plain.length);
                assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
            }
        }
    }

    /**
     * A datagram that authenticates must be exactly what the key's holder sends for that plaintext: the fuzzer
     * can rebuild a genuine packet when it sees the tag comparisons of the fixed key (a first packet of a stream,
     * whose SRTCP index a fresh sender repeats), but nothing else may pass.
     */
    private static void assertGenuine(byte[] datagram, byte[] received, int plainLength, boolean rtcp, SrtpSender sender) {
        byte[] buf = Arrays.copyOf(received, plainLength + SrtpProfile.MAX_OVERHEAD);
        int length = rtcp ? sender.protectRtcp(buf, 0, plainLength) : sender.protectRtp(buf, 0, plainLength);
        assertThat(Arrays.copyOf(buf, Math.max(length, 0))).as("an authenticated datagram is a genuine packet").isEqualTo(datagram);
    }

    private static void assertRefused(int result) {
        assertThat(result).as(SrtpResult.describe(result))
                .isIn(SrtpResult.AUTH_FAILED, SrtpResult.MALFORMED, SrtpResult.REPLAYED, SrtpResult.TOO_MANY_STREAMS);
    }

    /** A well-formed RTP packet (fixed header) or RTCP packet (an RR or any type with a correct length). */
    private static byte[] plaintext(FuzzedDataProvider data, boolean rtcp) {
        if (rtcp) {
            int words = data.consumeInt(1, 40);
            byte[] packet = new byte[4 * (words + 1)];
            packet[0] = (byte) (0x80 | data.consumeInt(0, 31));
            packet[1] = data.consumeByte();
            packet[2] = (byte) (words >>> 8);
            packet[3] = (byte) words;
            byte[] body = data.consumeBytes(packet.length - 4);
            System.arraycopy(body, 0, packet, 4, body.length);
            return packet;
        }
        byte[] payload = data.consumeBytes(data.consumeInt(0, 1200));
        byte[] packet = new byte[12 + payload.length];
        packet[0] = (byte) 0x80;
        packet[1] = (byte) data.consumeInt(0, 127);
        byte[] header = data.consumeBytes(10);
        System.arraycopy(header, 0, packet, 2, header.length);
        System.arraycopy(payload, 0, packet, 12, payload.length);
        return packet;
    }

    /** Flips bytes, cuts the packet short or grows it, as the fuzzer chooses; returns the new length. */
    private static int mutate(FuzzedDataProvider data, byte[] buf, int length) {
        int flips = data.consumeInt(0, 4);
        for (int i = 0; i < flips; i++) {
            buf[data.consumeInt(0, length - 1)] ^= data.consumeByte();
        }
        return switch (data.consumeInt(0, 2)) {
            case 1 -> data.consumeInt(0, length);
            case 2 -> Math.min(buf.length, length + data.consumeInt(0, 32));
            default -> length;
        };
    }
}
