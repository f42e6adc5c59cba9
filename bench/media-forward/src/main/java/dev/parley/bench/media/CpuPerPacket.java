package dev.parley.bench.media;

import dev.parley.media.forward.PacketSink;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Arrays;

/**
 * The CPU time (not wall time, so that other load on a shared machine does not count) of forwarding one packet
 * to N subscribers ({@link OneToMany}): 5 rounds of 200 000 packets after a warm-up, median and range per packet.
 * Usage: {@code CpuPerPacket [subscribers]} (default 11).
 */
public final class CpuPerPacket {

    private static long checksum;

    private CpuPerPacket() {
    }

    public static void main(String[] args) {
        int subscribers = args.length > 0 ? Integer.parseInt(args[0]) : 11;
        OneToMany room = new OneToMany(subscribers, new PacketSink() {
            @Override
            public void sendRtp(byte[] buf, int off, int len) {
                checksum += buf[off + len - 1];
            }

            @Override
            public void sendRtcp(byte[] buf, int off, int len) {
                checksum += len;
            }
        });
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        for (int i = 0; i < 300_000; i++) {
            room.forwardOne();
        }
        int packets = 200_000;
        double[] nanos = new double[5];
        for (int round = 0; round < nanos.length; round++) {
            long before = threads.getCurrentThreadCpuTime();
            for (int i = 0; i < packets; i++) {
                room.forwardOne();
            }
            nanos[round] = (threads.getCurrentThreadCpuTime() - before) / (double) packets;
        }
        Arrays.sort(nanos);
        System.out.printf("forward one packet to %d subscribers: CPU %.0f ns/packet median (%.0f-%.0f);"
                + " %d packets sent (checksum %d)%n", subscribers, nanos[2], nanos[0], nanos[4], room.rtpSent(),
                checksum);
    }
}
