package dev.parley.media.forward;

import static dev.parley.media.forward.ForwardingRoomTest.assertContinuous;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.Captures;
import dev.parley.media.Hex;
import dev.parley.media.forward.RoomScenario.Subscriber;
import dev.parley.media.rtp.BigEndian;

import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** Whatever arrives on a transport, the room drops what is malformed, counts why, and goes on for everyone else. */
class BadInputTest {

    @Test
    void dropsAndCountsMalformedRtp() {
        RoomScenario scenario = new RoomScenario();
        Endpoint a = scenario.a.endpoint;
        FakeBrowser browser = scenario.a.browser;

        a.receiveRtp(new byte[11], 0, 11, scenario.now);
        byte[] version1 = browser.audio(30);
        version1[0] = 0x50;
        a.receiveRtp(version1, 0, version1.length, scenario.now);
        byte[] oversized = new byte[PacketSink.MAX_PACKET_LENGTH + 1];
        System.arraycopy(browser.audio(30), 0, oversized, 0, 60);
        a.receiveRtp(oversized, 0, oversized.length, scenario.now);
        byte[] stranger = new FakeBrowser(0x9999).audio(30);
        a.receiveRtp(stranger, 0, stranger.length, scenario.now);
        byte[] padding = browser.rtxPadding();
        a.receiveRtp(padding, 0, padding.length, scenario.now);
        byte[] noOsn = browser.rtx(browser.videoFrame(false, 1)[0]);
        int headerLength = 12 + 4 + 4 * BigEndian.u16(noOsn, 14);
        a.receiveRtp(noOsn, 0, headerLength + 1, scenario.now);
        byte[] unknownRtxType = browser.rtx(browser.videoFrame(false, 1)[0]);
        unknownRtxType[1] = 98;
        a.receiveRtp(unknownRtxType, 0, unknownRtxType.length, scenario.now);

        ForwardingCounters counters = scenario.room.counters();
        assertThat(counters.dropped(DropReason.MALFORMED_RTP)).isEqualTo(2);
        assertThat(counters.dropped(DropReason.TOO_LARGE)).isEqualTo(1);
        assertThat(counters.dropped(DropReason.UNKNOWN_SSRC)).isEqualTo(1);
        assertThat(counters.dropped(DropReason.RTX_PADDING)).isEqualTo(1);
        assertThat(counters.dropped(DropReason.MALFORMED_RTX)).isEqualTo(2);
        assertThat(counters.rtpReceived()).isEqualTo(7);
    }

    @Test
    void dropsAndCountsMalformedRtcp() {
        RoomScenario scenario = new RoomScenario();
        Endpoint s1 = scenario.s1.endpoint;
        scenario.s1.subscribe(scenario.a.video);
        List<String> malformed = List.of(
                "80C90002 00000001",                          // length beyond the datagram
                "81CD0002 00000001 00001000",                 // NACK without an entry
                "81CE0001 00000001",                          // PLI without a media SSRC
                "84CE0002 00000001 00000000",                 // FIR without an entry
                "8FCD0004 00000001 00000002 00010005 00000100", // transport-cc without chunks
                "81C80001 00000001",                          // SR without sender info
                "81C90001 00000001");                         // RR announcing a block it lacks
        for (String hex : malformed) {
            byte[] packet = Hex.bytes(hex);
            s1.receiveRtcp(packet, 0, packet.length, scenario.now);
        }
        assertThat(scenario.room.counters().dropped(DropReason.MALFORMED_RTCP)).isEqualTo(malformed.size());
        assertThat(scenario.room.counters().rtcpReceived()).isEqualTo(malformed.size());
    }

    /** Random and mutated datagrams (seeded by Chromium's packets) into every entry point, while media flows. */
    @Test
    void survivesGarbageAndKeepsForwarding() {
        RoomScenario scenario = new RoomScenario();
        scenario.subscribeEveryone();
        scenario.run(500, scenario.a, scenario.b);
        Random random = new Random(1);
        List<byte[]> seeds = Captures.CODECS.stream().flatMap(c -> Captures.datagrams(c).stream())
                .map(Captures.Datagram::payload).toList();
        List<Endpoint> endpoints = List.of(scenario.a.endpoint, scenario.b.endpoint, scenario.s1.endpoint,
                scenario.s2.endpoint, scenario.s3.endpoint);
        for (int i = 0; i < 30_000; i++) {
            byte[] packet = seeds.get(random.nextInt(seeds.size())).clone();
            for (int flips = random.nextInt(6); flips > 0; flips--) {
                packet[random.nextInt(packet.length)] = (byte) random.nextInt(256);
            }
            int length = random.nextInt(10) == 0 ? random.nextInt(packet.length + 1) : packet.length;
            Endpoint endpoint = endpoints.get(random.nextInt(endpoints.size()));
            if (random.nextBoolean()) {
                endpoint.receiveRtp(packet, 0, length, scenario.now);
            } else {
                endpoint.receiveRtcp(packet, 0, length, scenario.now);
            }
        }
        for (Subscriber subscriber : List.of(scenario.s1, scenario.s2, scenario.s3)) {
            subscriber.sink.clear();
        }

        scenario.run(1_000, scenario.a, scenario.b);

        for (Subscriber subscriber : List.of(scenario.s1, scenario.s2, scenario.s3)) {
            assertContinuous(subscriber.sink.rtp(subscriber.ssrcOf(scenario.a.audio)), 960);
            assertThat(subscriber.sink.rtp(subscriber.ssrcOf(scenario.b.video))).hasSizeGreaterThan(50);
        }
    }
}
