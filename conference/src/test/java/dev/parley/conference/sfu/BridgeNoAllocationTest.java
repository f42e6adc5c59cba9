package dev.parley.conference.sfu;

import dev.parley.common.testing.AllocationRounds;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.forward.ForwardingSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md's rule for the media hot path, across the bridge: a packet from a publisher's transport through its
 * endpoint, the forwarding and two subscribers' endpoints to their transports allocates nothing once warm. (SRTP and
 * the UDP socket below the transports are measured in the media module; ADR 0006 says what they allocate.)
 */
class BridgeNoAllocationTest {

    private static final int PACKETS = 6000;
    private static final int ROUNDS = 5;

    /** The room's side takes each event without keeping anything (the real one posts it to the room's queue). */
    private static final MediaListener SILENT = new MediaListener() {
        @Override
        public void connected() {
        }

        @Override
        public void receiving(String mid, boolean receiving) {
        }

        @Override
        public void audioLevel(String mid, int averageLevel) {
        }

        @Override
        public void slowLink(String mid, boolean uplink, int lost) {
        }

        @Override
        public void closed(String reason) {
        }
    };

    @Test
    void theWarmPathFromOneTransportToOthersAllocatesNothing() {
        MemoryTransports transports = new MemoryTransports();
        SfuMediaPlane plane = new SfuMediaPlane(transports, ForwardingSettings.defaults(), 0, new SimpleMeterRegistry());
        RoomMedia room = plane.openRoom("1/alloc");
        PublisherEndpoint publisher = room.openPublisher(SILENT);
        publisher.receive(Streams.REMOTE, List.of(Streams.audio("0", 0x1111), Streams.video("1", 0x2222, 0x2223)));
        List<MemoryTransports.Link> subscribers = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            SubscriberEndpoint subscriber = room.openSubscriber(SILENT);
            subscriber.send(Streams.REMOTE, List.of(Streams.forwardedAudio("0", publisher, "0", 0x5001 + i),
                    Streams.forwardedVideo("1", publisher, "1", 0x6001 + i, 0x7001 + i)));
        }
        transports.loop.runPending();
        for (MemoryTransports.Link link : transports.opened) {
            link.discard = true;
            link.connect();
        }
        MemoryTransports.Link from = transports.opened.getFirst();

        byte[][] packets = new byte[2 * PACKETS][];
        for (int i = 0; i < PACKETS; i++) {
            packets[2 * i] = RtpPackets.audio(0x1111, i, 960 * i, Streams.OPUS, "0", 40);
            packets[2 * i + 1] = RtpPackets.vp8(0x2222, i, 3000 * (i / 3), Streams.VP8, "1", i % 300 == 0);
        }
        int warm = packets.length / 2;
        for (int i = 0; i < warm; i++) {
            from.receive(packets[i]);
        }

        int perRound = (packets.length - warm) / ROUNDS;
        long forwardedBefore = forwardedPackets(transports);
        AllocationRounds rounds = AllocationRounds.measure(ROUNDS, round -> {
            int first = warm + round * perRound;
            for (int i = first; i < first + perRound; i++) {
                from.receive(packets[i]);
            }
        });

        assertThat(forwardedPackets(transports) - forwardedBefore).as("the measured packets were forwarded")
                .isGreaterThan(perRound * ROUNDS);
        assertThat(rounds.least()).as("bytes allocated per round of %d packets: %s", perRound, rounds).isZero();
    }

    /** Proof that the measured packets went somewhere: the subscribers' transports count what was sent. */
    private static long forwardedPackets(MemoryTransports transports) {
        return transports.opened.stream().mapToLong(link -> link.sentWhileDiscarding).sum();
    }
}
