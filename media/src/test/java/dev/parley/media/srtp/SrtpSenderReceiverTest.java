package dev.parley.media.srtp;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Round trips, replay and forgery rejection, and the bounds, for both profiles and, for AEAD_AES_128_GCM, both
 * implementations (jitsi-srtp, and Parley's own on OpenSSL, {@link GcmSrtp}); and the two reading each other's packets.
 * The machines that build Parley have OpenSSL 3: without it these tests fail rather than pass on jitsi-srtp alone.
 */
class SrtpSenderReceiverTest {

    private static final int SSRC = 0x11223344;

    /** Every profile on jitsi-srtp, and AEAD_AES_128_GCM on OpenSSL ({@link SrtpLibrary#AUTO}). */
    static Stream<Arguments> sessions() {
        return Stream.of(
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, SrtpLibrary.JITSI_SRTP),
                Arguments.of(SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpLibrary.JITSI_SRTP),
                Arguments.of(SrtpProfile.AEAD_AES_128_GCM, SrtpLibrary.AUTO));
    }

    @Test
    void openSslLoadsAndTakesAesGcmOnly() {
        assertThat(OpenSslGcm.unavailableReason()).as("OpenSSL 3's libcrypto").isNull();
        assertThat(SrtpLibrary.AUTO.ownGcm(SrtpProfile.AEAD_AES_128_GCM)).isTrue();
        assertThat(SrtpLibrary.AUTO.ownGcm(SrtpProfile.AES128_CM_HMAC_SHA1_80)).isFalse();
        assertThat(SrtpLibrary.JITSI_SRTP.ownGcm(SrtpProfile.AEAD_AES_128_GCM)).isFalse();
        assertThat(SrtpLibrary.AUTO.describe()).contains("AEAD_AES_128_GCM on OpenSSL's libcrypto.so.3");
    }

    /**
     * Each implementation reads what the other protected, across a rollover and with several SSRCs (jitsi-srtp's GCM and
     * Parley's are both checked against RFC 7714's vectors in SrtpVectorsTest; the key derivation only here).
     */
    @Test
    void openSslAndJitsiSrtpReadEachOther() {
        SrtpProfile gcm = SrtpProfile.AEAD_AES_128_GCM;
        byte[] material = new byte[SrtpKeys.exportLength(gcm)];
        ThreadLocalRandom.current().nextBytes(material);
        for (SrtpLibrary senderLibrary : SrtpLibrary.values()) {
            SrtpLibrary receiverLibrary = senderLibrary == SrtpLibrary.AUTO ? SrtpLibrary.JITSI_SRTP : SrtpLibrary.AUTO;
            try (SrtpSender sender = new SrtpSender(SrtpKeys.fromDtlsExport(gcm, material, false), 4, senderLibrary);
                    SrtpReceiver receiver = new SrtpReceiver(SrtpKeys.fromDtlsExport(gcm, material, true), 4, receiverLibrary)) {
                for (int seq = 65500; seq < 65600; seq++) {
                    byte[] plain = rtp(SSRC + seq % 3, seq & 0xFFFF, 1000);
                    byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
                    int length = sender.protectRtp(buf, 0, plain.length);
                    assertThat(receiver.unprotectRtp(buf, 0, length)).as("%s to %s, seq %d", senderLibrary, receiverLibrary, seq)
                            .isEqualTo(plain.length);
                    assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
                }
                for (int i = 0; i < 5; i++) {
                    byte[] report = rtcp(SSRC + i % 2);
                    byte[] buf = Arrays.copyOf(report, report.length + SrtpProfile.MAX_OVERHEAD);
                    int length = sender.protectRtcp(buf, 0, report.length);
                    assertThat(receiver.unprotectRtcp(buf, 0, length)).as("%s to %s, RTCP", senderLibrary, receiverLibrary).isEqualTo(report.length);
                    assertThat(Arrays.copyOf(buf, report.length)).isEqualTo(report);
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void rtpAndRtcpRoundTripInPlaceAtAnOffset(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 8);
        for (int seq = 65530; seq < 65540; seq++) {
            byte[] plain = rtp(SSRC, seq & 0xFFFF, 1200);
            byte[] buf = new byte[7 + plain.length + SrtpProfile.MAX_OVERHEAD];
            System.arraycopy(plain, 0, buf, 7, plain.length);

            int protectedLength = peers.sender.protectRtp(buf, 7, plain.length);
            assertThat(protectedLength).isEqualTo(plain.length + profile.rtpOverhead());
            assertThat(Arrays.copyOfRange(buf, 7 + 12, 7 + plain.length)).isNotEqualTo(Arrays.copyOfRange(plain, 12, plain.length));
            assertThat(peers.receiver.unprotectRtp(buf, 7, protectedLength)).as("seq %d (rollover at 65535)", seq).isEqualTo(plain.length);
            assertThat(Arrays.copyOfRange(buf, 7, 7 + plain.length)).isEqualTo(plain);
        }
        byte[] report = rtcp(SSRC);
        byte[] buf = Arrays.copyOf(report, report.length + SrtpProfile.MAX_OVERHEAD);
        int protectedLength = peers.sender.protectRtcp(buf, 0, report.length);
        assertThat(protectedLength).isEqualTo(report.length + profile.rtcpOverhead());
        assertThat(peers.receiver.unprotectRtcp(buf, 0, protectedLength)).isEqualTo(report.length);
        assertThat(Arrays.copyOf(buf, report.length)).isEqualTo(report);
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void replaysAreRefused(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 8);
        byte[] first = peers.protectedRtp(SSRC, 1000);
        byte[] copy = first.clone();
        assertThat(peers.receiver.unprotectRtp(first, 0, first.length)).isPositive();
        assertThat(peers.receiver.unprotectRtp(copy, 0, copy.length)).isEqualTo(SrtpResult.REPLAYED);

        byte[] old = peers.protectedRtp(SSRC, 1001);
        for (int seq = 1002; seq < 1200; seq++) {
            byte[] next = peers.protectedRtp(SSRC, seq);
            assertThat(peers.receiver.unprotectRtp(next, 0, next.length)).isPositive();
        }
        assertThat(peers.receiver.unprotectRtp(old, 0, old.length)).as("older than the 64-packet window").isEqualTo(SrtpResult.REPLAYED);

        byte[] report = peers.protectedRtcp(SSRC);
        byte[] reportCopy = report.clone();
        assertThat(peers.receiver.unprotectRtcp(report, 0, report.length)).isPositive();
        assertThat(peers.receiver.unprotectRtcp(reportCopy, 0, reportCopy.length)).isEqualTo(SrtpResult.REPLAYED);
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void tamperedPacketsFailAuthenticationWithoutHarmingTheStream(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 8);
        byte[] packet = peers.protectedRtp(SSRC, 5);
        for (int at : new int[] {3, 20, packet.length - 1}) {
            byte[] tampered = packet.clone();
            tampered[at] ^= 0x10;
            assertThat(peers.receiver.unprotectRtp(tampered, 0, tampered.length)).as("byte %d flipped", at).isEqualTo(SrtpResult.AUTH_FAILED);
        }
        assertThat(peers.receiver.unprotectRtp(packet, 0, packet.length)).as("the genuine packet still passes").isPositive();

        byte[] report = peers.protectedRtcp(SSRC);
        report[12] ^= 1;
        assertThat(peers.receiver.unprotectRtcp(report, 0, report.length)).isEqualTo(SrtpResult.AUTH_FAILED);
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void forgedStreamsFillNoTable(SrtpProfile profile, SrtpLibrary library) {
        Peers genuine = new Peers(profile, library, 64, 2);
        Peers forger = new Peers(profile, library, 64, 64);
        for (int ssrc = 1; ssrc <= 20; ssrc++) {
            byte[] forged = forger.protectedRtp(ssrc, 1);
            assertThat(genuine.receiver.unprotectRtp(forged, 0, forged.length)).isEqualTo(SrtpResult.AUTH_FAILED);
        }
        for (int ssrc = 100; ssrc < 102; ssrc++) {
            byte[] packet = genuine.protectedRtp(ssrc, 1);
            assertThat(genuine.receiver.unprotectRtp(packet, 0, packet.length)).isPositive();
        }
        byte[] third = genuine.protectedRtp(102, 1);
        assertThat(genuine.receiver.unprotectRtp(third, 0, third.length)).isEqualTo(SrtpResult.TOO_MANY_STREAMS);
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void senderBoundsItsStreamsAndForgetsRetiredOnes(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 2);
        assertThat(peers.protectRtpLength(1, 1)).isPositive();
        assertThat(peers.protectRtpLength(2, 1)).isPositive();
        assertThat(peers.protectRtpLength(3, 1)).isEqualTo(SrtpResult.TOO_MANY_STREAMS);
        peers.sender.forget(1);
        assertThat(peers.protectRtpLength(3, 1)).isPositive();
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void theSameSequenceNumberMayBeSentAgainAsARetransmission(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 8);
        assertThat(peers.protectRtpLength(SSRC, 7)).isPositive();
        assertThat(peers.protectRtpLength(SSRC, 8)).isPositive();
        assertThat(peers.protectRtpLength(SSRC, 7)).as("RFC 4585 retransmission without RTX").isPositive();
    }

    @ParameterizedTest
    @MethodSource("sessions")
    void shortPacketsAndBuffersWithoutRoomAreMalformed(SrtpProfile profile, SrtpLibrary library) {
        Peers peers = new Peers(profile, library, 8);
        byte[] plain = rtp(SSRC, 1, 100);
        assertThat(peers.sender.protectRtp(plain, 0, plain.length)).as("no room for the tag").isEqualTo(SrtpResult.MALFORMED);
        assertThat(peers.sender.protectRtp(new byte[40], 0, 11)).isEqualTo(SrtpResult.MALFORMED);
        assertThat(peers.receiver.unprotectRtp(new byte[40], 0, 11)).isEqualTo(SrtpResult.MALFORMED);
        assertThat(peers.receiver.unprotectRtcp(new byte[40], 0, 7)).isEqualTo(SrtpResult.MALFORMED);
        byte[] headerOnly = rtp(SSRC, 1, 12);
        assertThat(peers.receiver.unprotectRtp(headerOnly, 0, 14)).as("shorter than header and tag").isNotPositive();
    }

    @ParameterizedTest
    @EnumSource(SrtpProfile.class)
    void dtlsExportSplitsClientAndServerKeys(SrtpProfile profile) {
        byte[] material = new byte[SrtpKeys.exportLength(profile)];
        ThreadLocalRandom.current().nextBytes(material);
        SrtpKeys server = SrtpKeys.fromDtlsExport(profile, material, true);
        SrtpKeys client = SrtpKeys.fromDtlsExport(profile, material, false);
        assertThat(server.localKey()).isEqualTo(client.remoteKey()).isEqualTo(Arrays.copyOfRange(material, profile.keyLength(), 2 * profile.keyLength()));
        assertThat(server.remoteSalt()).isEqualTo(client.localSalt())
                .isEqualTo(Arrays.copyOfRange(material, 2 * profile.keyLength(), 2 * profile.keyLength() + profile.saltLength()));

        byte[] packet = rtp(SSRC, 1, 200);
        byte[] buf = Arrays.copyOf(packet, packet.length + SrtpProfile.MAX_OVERHEAD);
        int length = new SrtpSender(client, 4).protectRtp(buf, 0, packet.length);
        assertThat(new SrtpReceiver(server, 4).unprotectRtp(buf, 0, length)).isEqualTo(packet.length);
    }

    static byte[] rtp(int ssrc, int seq, int length) {
        byte[] packet = new byte[length];
        ThreadLocalRandom.current().nextBytes(packet);
        packet[0] = (byte) 0x80;
        packet[1] = 96;
        packet[2] = (byte) (seq >> 8);
        packet[3] = (byte) seq;
        packet[8] = (byte) (ssrc >>> 24);
        packet[9] = (byte) (ssrc >>> 16);
        packet[10] = (byte) (ssrc >>> 8);
        packet[11] = (byte) ssrc;
        return packet;
    }

    /** A receiver report with one report block (RFC 3550 §6.4.2). */
    static byte[] rtcp(int ssrc) {
        byte[] packet = new byte[32];
        ThreadLocalRandom.current().nextBytes(packet);
        packet[0] = (byte) 0x81;
        packet[1] = (byte) 201;
        packet[2] = 0;
        packet[3] = 7;
        packet[4] = (byte) (ssrc >>> 24);
        packet[5] = (byte) (ssrc >>> 16);
        packet[6] = (byte) (ssrc >>> 8);
        packet[7] = (byte) ssrc;
        return packet;
    }

    /** A sender and receiver sharing one association's keys. */
    static final class Peers {
        final SrtpSender sender;
        final SrtpReceiver receiver;

        Peers(SrtpProfile profile, SrtpLibrary library, int maxStreams) {
            this(profile, library, maxStreams, maxStreams);
        }

        Peers(SrtpProfile profile, SrtpLibrary library, int senderStreams, int receiverStreams) {
            byte[] material = new byte[SrtpKeys.exportLength(profile)];
            ThreadLocalRandom.current().nextBytes(material);
            sender = new SrtpSender(SrtpKeys.fromDtlsExport(profile, material, false), senderStreams, library);
            receiver = new SrtpReceiver(SrtpKeys.fromDtlsExport(profile, material, true), receiverStreams, library);
        }

        byte[] protectedRtp(int ssrc, int seq) {
            byte[] plain = rtp(ssrc, seq, 300);
            byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
            return Arrays.copyOf(buf, sender.protectRtp(buf, 0, plain.length));
        }

        int protectRtpLength(int ssrc, int seq) {
            byte[] plain = rtp(ssrc, seq, 300);
            return sender.protectRtp(Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD), 0, plain.length);
        }

        byte[] protectedRtcp(int ssrc) {
            byte[] plain = rtcp(ssrc);
            byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
            return Arrays.copyOf(buf, sender.protectRtcp(buf, 0, plain.length));
        }
    }
}
