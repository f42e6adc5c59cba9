package dev.parley.media.srtp;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Time and allocation of protecting and unprotecting one 1200-byte RTP packet, per profile and library: jitsi-srtp on
 * the AES implementation {@link SrtpCiphers} chose, and Parley's own AEAD_AES_128_GCM on OpenSSL ({@link GcmSrtp}). Not a test: run by {@code bench/srtp-bench.sh}, which
 * docs/benchmarks.md quotes. Single-threaded, as the media event loop is.
 */
public final class SrtpBenchmark {

    private static final int PAYLOAD = 1200;
    private static final int WARM_UP = 200_000;

    private SrtpBenchmark() {
    }

    public static void main(String[] args) {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 5;
        int packets = args.length > 1 ? Integer.parseInt(args[1]) : 200_000;
        System.out.printf("jitsi-srtp on %s; %s; %d-byte RTP packets, %d rounds of %d packets%n", SrtpCiphers.implementation(),
                SrtpLibrary.AUTO.describe(), PAYLOAD, rounds, packets);
        for (SrtpProfile profile : SrtpProfile.values()) {
            measure(profile, SrtpLibrary.JITSI_SRTP, rounds, packets);
        }
        if (SrtpLibrary.AUTO.ownGcm(SrtpProfile.AEAD_AES_128_GCM)) {
            measure(SrtpProfile.AEAD_AES_128_GCM, SrtpLibrary.AUTO, rounds, packets);
        }
    }

    private static void measure(SrtpProfile profile, SrtpLibrary library, int rounds, int packets) {
        byte[] plain = new byte[PAYLOAD];
        ThreadLocalRandom.current().nextBytes(plain);
        plain[0] = (byte) 0x80;
        plain[1] = 111;
        byte[] buf = Arrays.copyOf(plain, PAYLOAD + SrtpProfile.MAX_OVERHEAD);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long thread = Thread.currentThread().threadId();

        run(roundTrips(profile, library, buf), WARM_UP);
        double[] protectNs = new double[rounds];
        double[] roundTripNs = new double[rounds];
        double[] bytesPerRoundTrip = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            protectNs[r] = run(protects(profile, library, buf), packets) / (double) packets;
            // A fresh sender and receiver pair: their rollover counters must agree.
            Runnable roundTrip = roundTrips(profile, library, buf);
            long allocatedBefore = threads.getThreadAllocatedBytes(thread);
            roundTripNs[r] = run(roundTrip, packets) / (double) packets;
            bytesPerRoundTrip[r] = (threads.getThreadAllocatedBytes(thread) - allocatedBefore) / (double) packets;
        }
        Arrays.sort(protectNs);
        Arrays.sort(roundTripNs);
        Arrays.sort(bytesPerRoundTrip);
        double protectMedian = protectNs[rounds / 2];
        double roundTripMedian = roundTripNs[rounds / 2];
        System.out.printf("%-10s %-24s protect %.2f µs (%.2f–%.2f), unprotect %.2f µs, round trip %.2f µs (%.2f–%.2f), allocated %.0f bytes per round trip%n",
                library == SrtpLibrary.AUTO ? "parley" : "jitsi-srtp", profile, protectMedian / 1000, protectNs[0] / 1000, protectNs[rounds - 1] / 1000, (roundTripMedian - protectMedian) / 1000,
                roundTripMedian / 1000, roundTripNs[0] / 1000, roundTripNs[rounds - 1] / 1000, bytesPerRoundTrip[rounds / 2]);
    }

    /** Protects {@code buf} again and again (its content turns to noise; the time does not depend on it). */
    private static Runnable protects(SrtpProfile profile, SrtpLibrary library, byte[] buf) {
        SrtpSender sender = new SrtpSender(keys(profile, false), 4, library);
        int[] seq = {0};
        return () -> {
            setSeq(buf, seq[0]++);
            check(sender.protectRtp(buf, 0, PAYLOAD));
        };
    }

    /** Protects then unprotects {@code buf} in place, so it is plaintext again after each call. */
    private static Runnable roundTrips(SrtpProfile profile, SrtpLibrary library, byte[] buf) {
        SrtpSender sender = new SrtpSender(keys(profile, false), 4, library);
        SrtpReceiver receiver = new SrtpReceiver(keys(profile, true), 4, library);
        int[] seq = {0};
        return () -> {
            setSeq(buf, seq[0]++);
            check(receiver.unprotectRtp(buf, 0, check(sender.protectRtp(buf, 0, PAYLOAD))));
        };
    }

    private static final byte[] MATERIAL = new byte[64];

    static {
        ThreadLocalRandom.current().nextBytes(MATERIAL);
    }

    private static SrtpKeys keys(SrtpProfile profile, boolean server) {
        return SrtpKeys.fromDtlsExport(profile, Arrays.copyOf(MATERIAL, SrtpKeys.exportLength(profile)), server);
    }

    private static long run(Runnable operation, int times) {
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            operation.run();
        }
        return System.nanoTime() - start;
    }

    private static void setSeq(byte[] buf, int seq) {
        buf[2] = (byte) (seq >> 8);
        buf[3] = (byte) seq;
    }

    private static int check(int result) {
        if (result < 0) {
            throw new IllegalStateException(SrtpResult.describe(result));
        }
        return result;
    }
}
