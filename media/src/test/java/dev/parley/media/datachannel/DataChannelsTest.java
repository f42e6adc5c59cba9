package dev.parley.media.datachannel;

import dev.parley.media.sctp.Reliability;
import dev.parley.media.sctp.SctpAssociation;
import dev.parley.media.sctp.SctpLink;
import dev.parley.media.sctp.SctpSettings;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

import static org.assertj.core.api.Assertions.assertThat;

class DataChannelsTest {

    private static final class Events implements DataChannels.Listener {
        record Message(String label, boolean binary, String text) {
        }

        int ready;
        final List<DataChannel> opened = new ArrayList<>();
        final List<Message> messages = new ArrayList<>();
        final List<DataChannel> closedChannels = new ArrayList<>();
        String closed;

        @Override
        public void onReady() {
            ready++;
        }

        @Override
        public void onChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void onMessage(DataChannel channel, boolean binary, byte[] data) {
            messages.add(new Message(channel.label(), binary, new String(data, StandardCharsets.UTF_8)));
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
            closedChannels.add(channel);
        }

        @Override
        public void onClosed(String reason) {
            closed = reason;
        }
    }

    private final SctpLink link = new SctpLink();
    private final Events browserEvents = new Events();
    private final Events sfuEvents = new Events();
    private final DataChannels browser;
    private final DataChannels sfu;

    DataChannelsTest() {
        browser = new DataChannels(SctpSettings.DEFAULTS, false, 16, link.outputOfA(), browserEvents, new SecureRandom());
        sfu = new DataChannels(SctpSettings.DEFAULTS, true, 4, link.outputOfB(), sfuEvents, new SecureRandom());
        link.a = side(browser);
        link.b = side(sfu);
        browser.association().connect(link.now);
        link.deliver();
    }

    private static SctpLink.Side side(DataChannels channels) {
        return new SctpLink.Side() {
            @Override
            public void receive(byte[] buf, int off, int len, long now) {
                channels.receive(buf, off, len, now);
            }

            @Override
            public void tick(long now) {
                channels.tick(now);
            }
        };
    }

    private static DcepOpen reliable(String label) {
        return new DcepOpen(label, "", 0, Reliability.RELIABLE);
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aChannelThePeerOpensIsAcknowledgedAndCarriesTextBinaryAndEmptyMessages() {
        assertThat(sfuEvents.ready).isEqualTo(1);
        DataChannel mine = browser.open(new DcepOpen("chat", "json", 256, new Reliability(true, 3, -1)), link.now);
        assertThat(mine.stream() % 2).isZero(); // the DTLS client takes even streams
        assertThat(mine.acknowledged()).isFalse();
        browser.send(mine, false, utf8("first"), link.now);
        link.deliver();

        assertThat(mine.acknowledged()).isTrue();
        assertThat(sfuEvents.opened).hasSize(1);
        DataChannel theirs = sfuEvents.opened.getFirst();
        assertThat(theirs.label()).isEqualTo("chat");
        assertThat(theirs.parameters().protocol()).isEqualTo("json");
        assertThat(theirs.parameters().priority()).isEqualTo(256);
        assertThat(theirs.parameters().reliability()).isEqualTo(new Reliability(true, 3, -1));

        browser.send(mine, true, utf8("bin"), link.now);
        browser.send(mine, false, new byte[0], link.now);
        browser.send(mine, true, new byte[0], link.now);
        sfu.send(theirs, false, utf8("héllo back"), link.now);
        link.deliver();

        assertThat(sfuEvents.messages).containsExactly(new Events.Message("chat", false, "first"),
                new Events.Message("chat", true, "bin"), new Events.Message("chat", false, ""),
                new Events.Message("chat", true, ""));
        assertThat(browserEvents.messages).containsExactly(new Events.Message("chat", false, "héllo back"));
    }

    @Test
    void theSfuOpensChannelsOnOddStreamsWithTheirReliability() {
        DataChannel timed = sfu.open(new DcepOpen("cursor", "", 0,
                new Reliability(true, -1, Duration.ofMillis(500).toNanos())), link.now);
        link.deliver();

        assertThat(timed.stream() % 2).isOne();
        assertThat(timed.acknowledged()).isTrue();
        assertThat(browserEvents.opened).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("cursor");
            assertThat(c.parameters().reliability().lifetimeNanos()).isEqualTo(Duration.ofMillis(500).toNanos());
        });
        assertThat(browser.find("cursor")).isNotNull();
    }

    @Test
    void closingResetsTheStreamOnBothSidesAndFreesIt() {
        DataChannel mine = browser.open(reliable("a"), link.now);
        link.deliver();
        DataChannel theirs = sfuEvents.opened.getFirst();

        browser.close(mine, link.now);
        link.deliver();

        assertThat(sfuEvents.closedChannels).containsExactly(theirs);
        assertThat(browserEvents.closedChannels).containsExactly(mine);
        assertThat(sfu.channels()).isEmpty();
        assertThat(browser.channels()).isEmpty();
        assertThat(sfu.send(theirs, false, utf8("late"), link.now)).isFalse();

        DataChannel again = browser.open(reliable("b"), link.now);
        browser.send(again, false, utf8("on a reused stream"), link.now);
        link.deliver();
        assertThat(again.stream()).isEqualTo(mine.stream());
        assertThat(sfuEvents.messages).containsExactly(new Events.Message("b", false, "on a reused stream"));
    }

    @Test
    void opensBeyondTheChannelLimitAreRefused() {
        List<DataChannel> mine = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            mine.add(browser.open(reliable("c" + i), link.now));
        }
        link.deliver();

        assertThat(sfu.channels()).hasSize(4); // its limit
        assertThat(sfu.refusedOpens()).isEqualTo(1);
        assertThat(browserEvents.closedChannels).containsExactly(mine.getLast()); // refused by a stream reset
        assertThat(browser.channels()).hasSize(4);
        assertThat(sfu.open(reliable("one more"), link.now)).isNull();
    }

    @Test
    void anOpenThatCannotBeAcknowledgedForAFullSendQueueIsRefused() {
        // The browser reads nothing the SFU sends: the SFU's send queue fills up.
        link.dropFromB = packet -> true;
        int queued = 0;
        while (sfu.association().send(1, DataChannels.PPID_BINARY, new byte[SctpSettings.DEFAULTS.maxMessageSize()],
                Reliability.RELIABLE, link.now)) {
            queued++;
        }
        assertThat(queued).isPositive();

        DataChannel mine = browser.open(reliable("late"), link.now);
        link.deliver();
        assertThat(sfu.refusedOpens()).isEqualTo(1);
        assertThat(sfu.channels()).isEmpty();
        assertThat(sfuEvents.opened).as("not left open on the SFU's side only").isEmpty();

        // Once the browser hears from the SFU again, the refusal (a stream reset) reaches it.
        link.dropFromB = packet -> false;
        link.advance(Duration.ofSeconds(5));
        assertThat(browserEvents.closedChannels).contains(mine);
    }

    @Test
    void aMalformedOpenIsRefusedAndMessagesOnUnknownStreamsAreDropped() {
        assertThat(DcepOpen.parse(new byte[] {3, 0})).isNull();
        byte[] wrongLengths = reliable("label").encode();
        wrongLengths[9] = 99;
        assertThat(DcepOpen.parse(wrongLengths)).isNull();
        byte[] unknownType = reliable("label").encode();
        unknownType[1] = 0x05;
        assertThat(DcepOpen.parse(unknownType)).isNull();

        browser.association().send(2, DataChannels.PPID_DCEP, wrongLengths, Reliability.RELIABLE, link.now);
        browser.association().send(4, DataChannels.PPID_STRING, utf8("nobody"), Reliability.RELIABLE, link.now);
        link.deliver();

        assertThat(sfu.refusedOpens()).isEqualTo(1);
        assertThat(sfu.droppedMessages()).isEqualTo(1);
        assertThat(sfuEvents.opened).isEmpty();
        assertThat(sfu.association().state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
    }

    @Test
    void anOpenBundledAfterThePeersShutdownIsRefusedInsteadOfThrowing() {
        // Found by SctpFuzzTest#packet: a DATA_CHANNEL_OPEN that arrives once the peer sent SHUTDOWN (here in the same
        // packet, after it) is handled in SHUTDOWN-ACK-SENT, where the association sends nothing new; acknowledging
        // it threw IllegalStateException out of receive.
        ArrayDeque<byte[]> toSfu = new ArrayDeque<>();
        ArrayDeque<byte[]> toBrowser = new ArrayDeque<>();
        Events events = new Events();
        DataChannels peer = new DataChannels(SctpSettings.DEFAULTS, false, 16,
                (buf, off, len) -> toSfu.add(Arrays.copyOfRange(buf, off, off + len)), new Events(), new SecureRandom());
        DataChannels parley = new DataChannels(SctpSettings.DEFAULTS, true, 4,
                (buf, off, len) -> toBrowser.add(Arrays.copyOfRange(buf, off, off + len)), events, new SecureRandom());
        long now = link.now;
        peer.association().connect(now);
        while (!toSfu.isEmpty() || !toBrowser.isEmpty()) {
            byte[] p = toSfu.poll();
            if (p != null) {
                parley.receive(p, 0, p.length, now);
            }
            p = toBrowser.poll();
            if (p != null) {
                peer.receive(p, 0, p.length, now);
            }
        }
        peer.open(reliable("late"), now);
        byte[] data = toSfu.poll(); // the DATA chunk with the open, held back

        byte[] packet = new byte[data.length + 8];
        System.arraycopy(data, 0, packet, 0, 12);
        packet[12] = 7; // SHUTDOWN, its cumulative TSN ack 0 (not read)
        packet[15] = 8;
        System.arraycopy(data, 12, packet, 20, data.length - 12);
        packet[8] = packet[9] = packet[10] = packet[11] = 0;
        CRC32C crc = new CRC32C();
        crc.update(packet);
        long sum = crc.getValue();
        for (int i = 0; i < 4; i++) {
            packet[8 + i] = (byte) (sum >>> (8 * i));
        }
        parley.receive(packet, 0, packet.length, now);

        assertThat(parley.association().state()).isEqualTo(SctpAssociation.State.SHUTDOWN_ACK_SENT);
        assertThat(events.opened).isEmpty();
        assertThat(parley.channels()).isEmpty();
        assertThat(parley.refusedOpens()).isEqualTo(1);
    }
}
