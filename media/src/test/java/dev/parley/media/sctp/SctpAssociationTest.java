package dev.parley.media.sctp;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SctpAssociationTest {

    private static final SctpSettings SETTINGS = SctpSettings.DEFAULTS;
    private final SctpLink link = new SctpLink();
    private final RecordingListener clientEvents = new RecordingListener();
    private final RecordingListener serverEvents = new RecordingListener();
    private SctpAssociation client;
    private SctpAssociation server;

    private void create(SctpSettings clientSettings, SctpSettings serverSettings) {
        client = new SctpAssociation(clientSettings, 5000, 5000, link.outputOfA(), clientEvents, new SecureRandom());
        server = new SctpAssociation(serverSettings, 5000, 5000, link.outputOfB(), serverEvents, new SecureRandom());
        link.a = side(client);
        link.b = side(server);
    }

    private static SctpLink.Side side(SctpAssociation association) {
        return new SctpLink.Side() {
            @Override
            public void receive(byte[] buf, int off, int len, long now) {
                association.receive(buf, off, len, now);
            }

            @Override
            public void tick(long now) {
                association.tick(now);
            }
        };
    }

    private void connect() {
        create(SETTINGS, SETTINGS);
        client.connect(link.now);
        link.deliver();
        assertThat(client.state()).as("%s / %s", clientEvents.closed, serverEvents.closed)
                .isEqualTo(SctpAssociation.State.ESTABLISHED);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    private static byte[] message(int index, int size) {
        byte[] data = new byte[size];
        new Random(index).nextBytes(data);
        return data;
    }

    @Test
    void fourWayHandshakeEstablishesBothSides() {
        connect();

        assertThat(clientEvents.established).isEqualTo(1);
        assertThat(serverEvents.established).isEqualTo(1);
        assertThat(link.sentByA).extracting(SctpLink::firstChunk).containsExactly(Chunk.INIT, Chunk.COOKIE_ECHO);
        assertThat(link.sentByB).extracting(SctpLink::firstChunk).containsExactly(Chunk.INIT_ACK, Chunk.COOKIE_ACK);
        assertThat(client.outboundStreams()).isEqualTo(SETTINGS.streams());
    }

    @Test
    void lostInitAndCookieEchoAreSentAgainOnT1() {
        create(SETTINGS, SETTINGS);
        AtomicInteger dropped = new AtomicInteger();
        link.dropFromA = p -> (SctpLink.firstChunk(p) == Chunk.INIT || SctpLink.firstChunk(p) == Chunk.COOKIE_ECHO)
                && dropped.getAndIncrement() % 2 == 0;
        client.connect(link.now);
        link.advance(Duration.ofSeconds(5));

        assertThat(client.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
        assertThat(serverEvents.established).isEqualTo(1);
    }

    @Test
    void orderedMessagesArriveInOrderOnEachStream() {
        connect();
        for (int i = 0; i < 50; i++) {
            assertThat(client.send(i % 3, 53, message(i, 100 + i), Reliability.RELIABLE, link.now)).isTrue();
        }
        link.deliver();
        link.advance(Duration.ofMillis(500));

        assertThat(serverEvents.messages).hasSize(50);
        for (int stream = 0; stream < 3; stream++) {
            int s = stream;
            assertThat(serverEvents.messages.stream().filter(m -> m.stream() == s).map(m -> m.data().length))
                    .isSorted();
        }
        assertThat(client.bufferedAmount()).isZero();
    }

    @Test
    void unorderedMessagesAreDeliveredAsTheyComeEvenPastAGap() {
        connect();
        Reliability unordered = new Reliability(true, -1, -1);
        // The first message's only packet is lost once: the second is delivered before its retransmission.
        AtomicInteger data = new AtomicInteger();
        link.dropFromA = p -> SctpLink.hasChunk(p, Chunk.DATA) && data.getAndIncrement() == 0;
        client.send(1, 53, message(1, 10), unordered, link.now);
        client.send(1, 53, message(2, 20), unordered, link.now);
        link.deliver();

        assertThat(serverEvents.messages).extracting(m -> m.data().length).containsExactly(20);
        link.advance(Duration.ofSeconds(2));
        assertThat(serverEvents.messages).extracting(m -> m.data().length).containsExactly(20, 10);
    }

    @Test
    void aLossyLinkLosesNothingThroughRetransmission() {
        connect();
        Random random = new Random(7);
        link.dropFromA = p -> random.nextInt(100) < 20;
        link.dropFromB = p -> random.nextInt(100) < 20;
        int sent = 0;
        for (int round = 0; round < 100 && sent < 200; round++) {
            while (sent < 200 && client.send(1, 53, message(sent, 3000), Reliability.RELIABLE, link.now)) {
                sent++;
            }
            link.advance(Duration.ofMillis(200));
        }
        link.dropFromA = p -> false;
        link.dropFromB = p -> false;
        link.advance(Duration.ofSeconds(30));

        assertThat(sent).isEqualTo(200);
        assertThat(serverEvents.messages).hasSize(200);
        for (int i = 0; i < 200; i++) {
            assertThat(serverEvents.messages.get(i).data()).isEqualTo(message(i, 3000));
        }
        assertThat(client.bufferedAmount()).isZero();
        assertThat(client.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void a64KibMessageIsFragmentedAndReassembled() {
        connect();
        byte[] big = message(64, 64 * 1024);
        Random random = new Random(3);
        link.dropFromA = p -> random.nextInt(10) == 0;
        client.send(4, 53, big, Reliability.RELIABLE, link.now);
        link.advance(Duration.ofSeconds(20));

        assertThat(serverEvents.messages).hasSize(1);
        assertThat(serverEvents.messages.getFirst().data()).isEqualTo(big);
        assertThat(serverEvents.messages.getFirst().stream()).isEqualTo(4);
        long dataPackets = link.sentByA.stream().filter(p -> SctpLink.hasChunk(p, Chunk.DATA)).count();
        assertThat(dataPackets).isGreaterThanOrEqualTo(64 * 1024 / SETTINGS.maxFragment() + 1);
        assertThat(link.sentByA).allSatisfy(p -> assertThat(p.length).isLessThanOrEqualTo(SETTINGS.maxPacketSize()));
    }

    @Test
    void partialReliabilityAbandonsLostMessagesAndForwardTsnMovesThePeerOn() {
        connect();
        Reliability noRetransmissions = new Reliability(false, 0, -1);
        AtomicInteger data = new AtomicInteger();
        // The first message is lost for good (0 retransmissions); later ones wait for it in order until the
        // FORWARD TSN tells the receiver it was abandoned.
        link.dropFromA = p -> SctpLink.hasChunk(p, Chunk.DATA) && data.getAndIncrement() == 0;
        client.send(2, 51, message(1, 50), noRetransmissions, link.now);
        client.send(2, 51, message(2, 60), noRetransmissions, link.now);
        client.send(2, 51, message(3, 70), noRetransmissions, link.now);
        link.deliver();
        assertThat(serverEvents.messages).isEmpty();

        link.advance(Duration.ofSeconds(3));

        assertThat(serverEvents.messages).extracting(m -> m.data().length).containsExactly(60, 70);
        assertThat(link.sentByA).anyMatch(p -> SctpLink.hasChunk(p, Chunk.FORWARD_TSN));
        assertThat(client.bufferedAmount()).isZero();
        client.send(2, 51, message(4, 80), noRetransmissions, link.now);
        link.deliver();
        assertThat(serverEvents.messages).extracting(m -> m.data().length).containsExactly(60, 70, 80);
    }

    @Test
    void messagesPastTheirLifetimeAreAbandoned() {
        connect();
        Reliability shortLived = new Reliability(true, -1, Duration.ofMillis(100).toNanos());
        link.dropFromA = p -> SctpLink.hasChunk(p, Chunk.DATA);
        client.send(1, 53, message(1, 500), shortLived, link.now);
        link.advance(Duration.ofSeconds(3));
        link.dropFromA = p -> false;
        link.advance(Duration.ofSeconds(3));

        assertThat(serverEvents.messages).isEmpty();
        assertThat(client.bufferedAmount()).isZero();
        assertThat(client.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void garbageAndCorruptPacketsAreDroppedWithoutHarm() {
        connect();
        long before = server.droppedPackets();
        server.receive(new byte[] {1, 2, 3}, 0, 3, link.now);
        byte[] random = message(9, 200);
        server.receive(random, 0, random.length, link.now);
        client.send(1, 53, message(1, 10), Reliability.RELIABLE, link.now);
        byte[] valid = link.sentByA.getLast();
        byte[] corrupt = valid.clone();
        corrupt[corrupt.length - 1] ^= 1;
        server.receive(corrupt, 0, corrupt.length, link.now);
        byte[] truncated = Arrays.copyOf(valid, valid.length - 4); // checksum no longer matches either
        server.receive(truncated, 0, truncated.length, link.now);

        assertThat(server.droppedPackets()).isEqualTo(before + 4);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
        link.deliver();
        assertThat(serverEvents.messages).hasSize(1);
    }

    @Test
    void aDataChunkWithoutUserDataAbortsTheAssociation() {
        connect();
        byte[] packet = rawPacket(server, Chunk.DATA, 3, new byte[12]);
        server.receive(packet, 0, packet.length, link.now);
        link.deliver();

        assertThat(server.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(serverEvents.closed).contains("without user data");
        assertThat(client.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(clientEvents.closed).isEqualTo("aborted by the peer");
        assertThatThrownBy(() -> client.send(1, 51, new byte[1], Reliability.RELIABLE, link.now))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void aChunkLengthPastThePacketDropsThePacket() {
        connect();
        byte[] packet = rawPacket(server, Chunk.SACK, 0, new byte[12]);
        packet[14] = 0x7f; // chunk length 0x7f..: beyond the packet
        rewriteChecksum(packet);
        long before = server.droppedPackets();
        server.receive(packet, 0, packet.length, link.now);

        assertThat(server.droppedPackets()).isEqualTo(before + 1);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void unknownChunksAreSkippedOrReportedByTheirHighBits() {
        connect();
        link.sentByB.clear();
        byte[] skipAndReport = rawPacket(server, 0xff, 0, new byte[4]);
        server.receive(skipAndReport, 0, skipAndReport.length, link.now);
        byte[] padding = rawPacket(server, Chunk.PAD, 0, new byte[40]);
        server.receive(padding, 0, padding.length, link.now);

        assertThat(link.sentByB).hasSize(1);
        assertThat(SctpLink.firstChunk(link.sentByB.getFirst())).isEqualTo(Chunk.ERROR);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void aPacketWithAnotherVerificationTagIsDropped() {
        connect();
        byte[] packet = rawPacket(server, Chunk.ABORT, 0, new byte[0]);
        packet[4] ^= 1;
        rewriteChecksum(packet);
        server.receive(packet, 0, packet.length, link.now);

        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void aForgedOrStaleCookieSetsNothingUp() {
        create(SETTINGS, SETTINGS);
        link.dropFromA = p -> SctpLink.firstChunk(p) == Chunk.COOKIE_ECHO;
        client.connect(link.now);
        link.deliver();
        byte[] echo = link.sentByA.getLast();
        byte[] forged = echo.clone();
        forged[40] ^= 1;
        rewriteChecksum(forged);
        server.receive(forged, 0, forged.length, link.now);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.CLOSED);

        server.receive(echo, 0, echo.length, link.now + SETTINGS.cookieLifetime().toNanos() + 1);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.CLOSED);

        server.receive(echo, 0, echo.length, link.now);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void sendingIsBoundedByTheQueueAndTheMessageSize() {
        SctpSettings small = new SctpSettings(1200, 16_384, 8_192, 16_384, 16, Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
        create(small, small);
        client.connect(link.now);
        link.deliver();
        link.dropFromA = p -> true; // nothing is acknowledged: the queue fills

        assertThat(client.send(1, 53, message(1, 8_192), Reliability.RELIABLE, link.now)).isTrue();
        assertThat(client.send(1, 53, message(2, 8_192), Reliability.RELIABLE, link.now)).isTrue();
        assertThat(client.send(1, 53, message(3, 1), Reliability.RELIABLE, link.now)).isFalse();
        assertThat(client.bufferedAmount()).isEqualTo(16_384);
        assertThatThrownBy(() -> client.send(1, 53, new byte[8_193], Reliability.RELIABLE, link.now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8193");
        assertThatThrownBy(() -> client.send(16, 53, new byte[1], Reliability.RELIABLE, link.now))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("stream 16");
        assertThatThrownBy(() -> client.send(1, 53, new byte[0], Reliability.RELIABLE, link.now))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aMessageLargerThanTheReceiverAllowsAbortsIt() {
        SctpSettings big = new SctpSettings(1200, 512 * 1024, 256 * 1024, 1024 * 1024, 16, Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
        SctpSettings small = new SctpSettings(1200, 64 * 1024, 16 * 1024, 64 * 1024, 16, Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
        create(big, small);
        client.connect(link.now);
        link.deliver();

        client.send(1, 53, message(1, 100 * 1024), Reliability.RELIABLE, link.now);
        link.advance(Duration.ofSeconds(2));

        assertThat(server.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(serverEvents.closed).contains("larger than 16384");
        assertThat(serverEvents.messages).isEmpty();
        assertThat(client.state()).isEqualTo(SctpAssociation.State.ENDED);
    }

    @Test
    void theReceiveWindowBoundsWhatTheReceiverHolds() {
        SctpSettings small = new SctpSettings(1200, 16 * 1024, 8 * 1024, 64 * 1024, 16, Duration.ofSeconds(1),
                Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
        create(SETTINGS, small);
        client.connect(link.now);
        link.deliver();
        // The packet with the first TSN is lost until the test says otherwise, so the receiver can deliver nothing
        // in order and must hold the rest: it holds no more than its window, whatever the sender tries.
        long[] firstTsn = {-1};
        boolean[] blocking = {true};
        link.dropFromA = p -> {
            if (SctpLink.firstChunk(p) != Chunk.DATA) {
                return false;
            }
            long tsn = ((p[16] & 0xffL) << 24) | ((p[17] & 0xffL) << 16) | ((p[18] & 0xffL) << 8) | (p[19] & 0xffL);
            if (firstTsn[0] < 0) {
                firstTsn[0] = tsn;
            }
            return blocking[0] && tsn == firstTsn[0];
        };
        int sent = 0;
        for (int i = 0; i < 40; i++) {
            if (client.send(1, 53, message(i, 2_000), Reliability.RELIABLE, link.now)) {
                sent++;
            }
        }
        for (int i = 0; i < 50; i++) {
            link.advance(Duration.ofMillis(100));
            assertThat(server.receiveBuffered()).isLessThanOrEqualTo(16 * 1024);
        }
        assertThat(serverEvents.messages).isEmpty();
        assertThat(server.receiveBuffered()).isGreaterThan(8 * 1024);

        blocking[0] = false;
        link.advance(Duration.ofSeconds(60));
        assertThat(sent).isEqualTo(40);
        assertThat(serverEvents.messages).hasSize(40);
        for (int i = 0; i < 40; i++) {
            assertThat(serverEvents.messages.get(i).data()).isEqualTo(message(i, 2_000));
        }
        assertThat(server.receiveBuffered()).isZero();
    }

    @Test
    void aPeerThatStopsAnsweringEndsTheAssociation() {
        connect();
        link.dropFromA = p -> true;
        client.send(1, 53, message(1, 10), Reliability.RELIABLE, link.now);
        link.advance(Duration.ofMinutes(3));

        assertThat(client.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(clientEvents.closed).contains("stopped acknowledging");
    }

    @Test
    void streamResetRestartsSequenceNumbersOnBothSides() {
        connect();
        client.send(3, 51, message(1, 10), Reliability.RELIABLE, link.now);
        client.send(3, 51, message(2, 10), Reliability.RELIABLE, link.now);
        link.deliver();
        client.resetStreams(new int[] {3}, link.now);
        link.deliver();

        assertThat(serverEvents.resets).hasSize(1);
        assertThat(serverEvents.resets.getFirst()).containsExactly(3);
        client.send(3, 51, message(3, 10), Reliability.RELIABLE, link.now);
        link.deliver();
        assertThat(serverEvents.messages).hasSize(3);
    }

    @Test
    void heartbeatsAreAnswered() {
        connect();
        link.sentByB.clear();
        byte[] info = {0, 1, 0, 8, 1, 2, 3, 4};
        byte[] packet = rawPacket(server, Chunk.HEARTBEAT, 0, info);
        server.receive(packet, 0, packet.length, link.now);

        assertThat(link.sentByB).hasSize(1);
        byte[] ack = link.sentByB.getFirst();
        assertThat(SctpLink.firstChunk(ack)).isEqualTo(Chunk.HEARTBEAT_ACK);
        assertThat(Arrays.copyOfRange(ack, 16, 24)).isEqualTo(info);
    }

    @Test
    void shutdownEndsBothSidesAfterTheDataIsAcknowledged() {
        connect();
        client.send(1, 51, message(1, 5000), Reliability.RELIABLE, link.now);
        client.shutdown(link.now);
        link.advance(Duration.ofMillis(100));

        assertThat(serverEvents.messages).hasSize(1);
        assertThat(client.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ENDED);
        assertThat(clientEvents.closed).isEqualTo("shut down");
        assertThat(serverEvents.closed).isEqualTo("shut down");
    }

    @Test
    void aSecondMessageWithASequenceNumberAlreadyWaitingIsDropped() {
        connect();
        client.send(1, 53, message(1, 10), Reliability.RELIABLE, link.now); // stream 1, SSN 0, delivered
        link.deliver();
        byte[] sent = link.sentByA.getLast();
        long tsn = ((sent[16] & 0xffL) << 24) | ((sent[17] & 0xffL) << 16) | ((sent[18] & 0xffL) << 8) | (sent[19] & 0xffL);
        // Two whole messages claiming SSN 5 on stream 1 (SSN 1 is next): both wait, the second is a broken peer's.
        for (int i = 2; i <= 3; i++) {
            byte[] value = new byte[12 + 100 * i];
            long t = tsn + i;
            value[0] = (byte) (t >>> 24);
            value[1] = (byte) (t >>> 16);
            value[2] = (byte) (t >>> 8);
            value[3] = (byte) t;
            value[5] = 1; // stream 1
            value[7] = 5; // SSN 5
            value[11] = 53;
            byte[] packet = rawPacket(server, Chunk.DATA, 3, value);
            server.receive(packet, 0, packet.length, link.now);
        }

        assertThat(server.receiveBuffered()).isEqualTo(200);
        assertThat(server.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    /** A packet from the client's side to {@code to} with one chunk, correctly tagged and checksummed. */
    private byte[] rawPacket(SctpAssociation to, int type, int flags, byte[] value) {
        byte[] valid = link.sentByA.getLast(); // a packet of the established association: its tag is the server's
        PacketBuilder builder = new PacketBuilder(1200);
        long tag = ((valid[4] & 0xffL) << 24) | ((valid[5] & 0xffL) << 16) | ((valid[6] & 0xffL) << 8) | (valid[7] & 0xffL);
        builder.start(5000, 5000, tag);
        builder.beginChunk(type, flags);
        builder.bytes(value, 0, value.length);
        builder.endChunk();
        byte[][] out = new byte[1][];
        builder.send((buf, off, len) -> out[0] = Arrays.copyOfRange(buf, off, off + len));
        return out[0];
    }

    private static void rewriteChecksum(byte[] packet) {
        long crc = SctpPacket.checksum(packet, 0, packet.length);
        packet[8] = (byte) crc;
        packet[9] = (byte) (crc >>> 8);
        packet[10] = (byte) (crc >>> 16);
        packet[11] = (byte) (crc >>> 24);
    }
}
