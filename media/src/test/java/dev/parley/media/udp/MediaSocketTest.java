package dev.parley.media.udp;

import dev.parley.common.time.Eventually;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class MediaSocketTest {

    @Test
    void aDatagramTheKernelWillNotSendIsCountedAndTheSocketCarriesOn() throws Exception {
        DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
        MediaSocket socket = MediaSocket.bind("127.0.0.1", 0, 1500, 1 << 16, 1 << 16, new Demultiplexer(counters), counters);
        try {
            // A socket on loopback has no route to any other network, as a peer whose network went away.
            byte[] packet = new byte[100];
            packet[0] = (byte) 0x80;
            for (int i = 0; i < 3; i++) {
                assertThat(socket.send(packet, 0, packet.length, new InetSocketAddress("198.51.100.7", 9), PacketKind.RTP)).isTrue();
            }
            Eventually.await("the failed sends counted", Duration.ofSeconds(5),
                    () -> counters.droppedCount(DropReason.SEND_FAILED) == 3);
            assertThat(socket.send(packet, 0, packet.length, socket.localAddress(), PacketKind.RTP)).isTrue();
            Eventually.await("a datagram to itself arrives (RTP from nobody known)", Duration.ofSeconds(5),
                    () -> counters.droppedCount(DropReason.UNKNOWN_SENDER) == 1);
        } finally {
            socket.close();
        }
    }
}
