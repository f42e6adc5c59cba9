package dev.parley.media;

import dev.parley.common.testing.AllocationRounds;
import dev.parley.common.time.FakeScheduler;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.ice.BindingRequests;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.srtp.SrtpLibrary;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DatagramSender;
import dev.parley.media.udp.Demultiplexer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * ARCHITECTURE.md's hot-path rule for ICE: a consent check (RFC 7675) from a peer already connected, a Binding
 * request every few seconds from each of hundreds of subscribers, is parsed, authenticated, answered and noted
 * without allocating, as media packets are. Measured with the JVM's per-thread allocation counter.
 */
class StunAllocationTest {

    private static final int ROUNDS = 5;
    private static final int CHECKS_PER_ROUND = 2_000;
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.20", 61000);

    private final FakeScheduler clock = new FakeScheduler();
    private final DatagramCounters counters = new DatagramCounters(new SimpleMeterRegistry());
    private final Demultiplexer demultiplexer = new Demultiplexer(counters);
    private int answers;
    private int lastAnswerType;
    private final DatagramSender sender = (buf, off, len, to, kind) -> {
        answers++;
        lastAnswerType = ((buf[off] & 0xFF) << 8) | (buf[off + 1] & 0xFF);
        return true;
    };
    private final MediaSettings settings = new MediaSettings("127.0.0.1", 0, List.of(), 1500, 1 << 20, 1 << 20,
            Duration.ofSeconds(30), Duration.ofSeconds(20), Duration.ofSeconds(10), 4, 16, 64,
            -1, Duration.ofSeconds(10), 16, 1 << 20, SrtpLibrary.AUTO);
    private final TransportContext context = new TransportContext(clock, sender, demultiplexer, counters,
            DtlsCertificate.generate(), new Semaphore(4), settings,
            List.of(IceCandidate.host(0, new InetSocketAddress("127.0.0.1", 40000))), (transport, reason) -> { });
    private final MediaTransport transport = new MediaTransport(context, IceCredentials.random(), new TransportListener() {
        @Override
        public void onConnected(MediaTransport t) {
        }

        @Override
        public void onClosed(MediaTransport t, CloseReason reason) {
        }
    });

    @Test
    void aConsentCheckFromAConnectedPeerAllocatesNothing() {
        assertThat(transport.open()).isTrue();
        clock.runPending();
        transport.setRemoteUfrag("peer");
        byte[] nomination = BindingRequests.to(transport.localCredentials(), "peer").useCandidate().build();
        demultiplexer.dispatch(nomination, 0, nomination.length, PEER);
        assertThat(transport.selectedAddress()).isEqualTo(PEER);
        byte[] consent = BindingRequests.to(transport.localCredentials(), "peer").build();

        AllocationRounds rounds = AllocationRounds.measure(ROUNDS, round -> {
            for (int i = 0; i < CHECKS_PER_ROUND; i++) {
                demultiplexer.dispatch(consent, 0, consent.length, PEER);
            }
        });

        assertThat(answers).isEqualTo(1 + ROUNDS * CHECKS_PER_ROUND);
        assertThat(lastAnswerType).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(rounds.least()).as("bytes allocated per round of %d checks: %s", CHECKS_PER_ROUND, rounds)
                .isZero();
    }
}
