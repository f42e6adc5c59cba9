package dev.parley.media.srtp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.common.testing.AllocationRounds;

import java.util.Arrays;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What SRTP allocates per packet, per profile and library, on the calling thread (the media event loop)
 * (docs/benchmarks.md). Each figure is the least of 5 rounds of 20 000 1200-byte RTP packets after 100 000 of
 * warm-up; the test prints them and holds them to what was measured: nothing through Parley's own AES-GCM on OpenSSL
 * ({@link GcmSrtp}), and for jitsi-srtp
 * what it allocated on 2026-12-01 (OpenSSL through its JNI library, this module's tests without escape analysis),
 * so that a change of library or provider shows here either way.
 */
class SrtpAllocationTest {

    private static final int SSRC = 0x11223344;
    private static final int LENGTH = 1200;
    private static final int WARM_UP = 100_000;
    private static final int PER_ROUND = 20_000;

    @ParameterizedTest
    @MethodSource("dev.parley.media.srtp.SrtpSenderReceiverTest#sessions")
    void perPacketAllocationOfProtectAndUnprotect(SrtpProfile profile, SrtpLibrary library) {
        SrtpKeys keys = SrtpKeys.fromDtlsExport(profile, new byte[SrtpKeys.exportLength(profile)], true);
        SrtpKeys peerKeys = SrtpKeys.fromDtlsExport(profile, new byte[SrtpKeys.exportLength(profile)], false);
        byte[] buf = new byte[LENGTH + SrtpProfile.MAX_OVERHEAD];
        buf[0] = (byte) 0x80;
        buf[1] = 96;
        buf[8] = 0x11;
        buf[9] = 0x22;
        buf[10] = 0x33;
        buf[11] = 0x44;
        byte[] wire = new byte[buf.length];
        // A sender each, so that the receiver's rollover counter starts where its sender's does.
        try (SrtpSender sender = new SrtpSender(keys, 4, library); SrtpSender tripSender = new SrtpSender(keys, 4, library);
                SrtpReceiver receiver = new SrtpReceiver(peerKeys, 4, library); SrtpSender rtcpSender = new SrtpSender(keys, 4, library)) {
            int[] seq = {0};
            int[] failures = {0};
            Runnable protect = () -> {
                int s = seq[0]++;
                buf[2] = (byte) (s >> 8);
                buf[3] = (byte) s;
                if (sender.protectRtp(buf, 0, LENGTH) != LENGTH + profile.rtpOverhead()) {
                    failures[0]++;
                }
            };
            int[] tripSeq = {0};
            Runnable roundTrip = () -> {
                int s = tripSeq[0]++;
                buf[2] = (byte) (s >> 8);
                buf[3] = (byte) s;
                System.arraycopy(buf, 0, wire, 0, LENGTH);
                int length = tripSender.protectRtp(wire, 0, LENGTH);
                if (receiver.unprotectRtp(wire, 0, length) != LENGTH) {
                    failures[0]++;
                }
            };
            byte[] report = Arrays.copyOf(new byte[] {(byte) 0x80, (byte) 201, 0, 1, 0x11, 0x22, 0x33, 0x44}, 8 + SrtpProfile.MAX_OVERHEAD);
            Runnable protectRtcp = () -> {
                if (rtcpSender.protectRtcp(report, 0, 8) != 8 + profile.rtcpOverhead()) {
                    failures[0]++;
                }
            };
            double rtp = perPacket(protect);
            double trip = perPacket(roundTrip);
            double rtcp = perPacket(protectRtcp);
            assertThat(failures[0]).isZero();
            boolean own = library.ownGcm(profile);
            System.out.printf("%s %s: protect RTP %.1f B/packet, protect+unprotect RTP %.1f B, protect RTCP %.1f B%n",
                    own ? "Parley's SRTP on OpenSSL" : "jitsi-srtp on " + SrtpCiphers.implementation(), profile, rtp, trip, rtcp);
            if (own) {
                // The packet is copied into the session's native memory and back; nothing on the Java heap. A round may
                // catch a one-off allocation of the JVM's own (AllocationRounds takes the least of five).
                assertThat(rtp).as("bytes per protected RTP packet").isLessThan(1);
                assertThat(trip).as("bytes per protected and unprotected RTP packet").isLessThan(1);
                assertThat(rtcp).as("bytes per protected RTCP packet").isLessThan(1);
                return;
            }
            // Measured: GCM 112 (64 with escape analysis), AES-CM 144 (104-120): jitsi-srtp's IV parameter spec and its
            // IV copy, the OpenSSL cipher's copy of the IV on every init, and for AES-CM the HMAC's result array.
            // A little slack over those figures for one-off allocations in a round (JIT, a GC's bookkeeping).
            assertThat(rtp).as("bytes per protected RTP packet").isLessThanOrEqualTo(switch (profile) {
                case AEAD_AES_128_GCM -> 112 + 4;
                case AES128_CM_HMAC_SHA1_80 -> 144 + 4;
            });
        }
    }

    private static double perPacket(Runnable packet) {
        for (int i = 0; i < WARM_UP; i++) {
            packet.run();
        }
        AllocationRounds rounds = AllocationRounds.measure(5, round -> {
            for (int i = 0; i < PER_ROUND; i++) {
                packet.run();
            }
        });
        return (double) rounds.least() / PER_ROUND;
    }
}
