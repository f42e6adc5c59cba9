package dev.parley.conference.sfu;

import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.media.datachannel.DataChannel;
import dev.parley.media.datachannel.DataChannels;
import dev.parley.media.datachannel.DcepOpen;
import dev.parley.media.forward.ForwardingSettings;
import dev.parley.media.sctp.Reliability;
import dev.parley.media.sctp.SctpSettings;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data channels through the bridge (docs/conference.md "Data channels"): browsers played by data channel peers of
 * their own (the DTLS client's side) over in-memory transports; a publisher's message reaches the subscriber of its
 * streams on a channel Parley opens with the publisher's label and feed id, and nobody else.
 */
class SfuDataTest {

    /** A browser's data channels on one transport: what it receives, and its packets to and from the bridge. */
    private static final class Browser implements DataChannels.Listener {
        final List<String> received = new ArrayList<>();
        final List<DataChannel> opened = new ArrayList<>();
        final DataChannels channels;
        final MemoryTransports.Link link;
        int delivered;

        Browser(MemoryTransports.Link link) {
            this.link = link;
            this.channels = new DataChannels(SctpSettings.DEFAULTS, false, 16,
                    (buf, off, len) -> link.events.applicationData(java.util.Arrays.copyOfRange(buf, off, off + len)),
                    this, new SecureRandom());
        }

        /** Hands the browser what the bridge sent it since last time; true if there was any. */
        boolean pump(long now) {
            boolean any = false;
            while (delivered < link.dataSent.size()) {
                byte[] packet = link.dataSent.get(delivered++);
                channels.receive(packet, 0, packet.length, now);
                any = true;
            }
            return any;
        }

        @Override
        public void onReady() {
        }

        @Override
        public void onChannelOpened(DataChannel channel) {
            opened.add(channel);
        }

        @Override
        public void onMessage(DataChannel channel, boolean binary, byte[] data) {
            received.add(channel.label() + "/" + channel.parameters().protocol() + (binary ? " binary " : " text ")
                    + new String(data, StandardCharsets.UTF_8));
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
        }

        @Override
        public void onClosed(String reason) {
        }
    }

    private final MemoryTransports transports = new MemoryTransports();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SfuMediaPlane plane = new SfuMediaPlane(transports, ForwardingSettings.defaults(), 5, registry);

    private void settle(List<Browser> browsers) {
        for (int round = 0; round < 1000; round++) {
            transports.loop.advance(Duration.ofMillis(20));
            boolean any = false;
            for (Browser browser : browsers) {
                any |= browser.pump(transports.loop.nanoTime());
            }
            if (!any && round > 5) {
                return;
            }
        }
    }

    /** A browser at the other end of every transport opened so far, with its association up. */
    private List<Browser> connectAll() {
        transports.loop.runPending();
        List<Browser> browsers = new ArrayList<>();
        for (MemoryTransports.Link link : transports.opened) {
            link.connect();
            browsers.add(new Browser(link));
        }
        for (Browser browser : browsers) {
            browser.channels.association().connect(transports.loop.nanoTime());
        }
        settle(browsers);
        return browsers;
    }

    @Test
    void aPublishersMessagesReachTheSubscribersOfItsStreamsOnChannelsNamedForIt() {
        RoomMedia room = plane.openRoom("1/data");
        PublisherEndpoint publisher = room.openPublisher(new RecordingListener());
        publisher.receive(Streams.REMOTE, List.of(Streams.audio("0", 0x1111)));
        publisher.enableData("10", 262_144);
        PublisherEndpoint other = room.openPublisher(new RecordingListener());
        other.receive(Streams.REMOTE, List.of(Streams.audio("0", 0x2222)));
        other.enableData("11", 262_144);
        SubscriberEndpoint subscriber = room.openSubscriber(new RecordingListener());
        subscriber.send(Streams.REMOTE, List.of(Streams.forwardedAudio("0", publisher, "0", 0x5001)));
        subscriber.enableData(null, 1024);
        SubscriberEndpoint elsewhere = room.openSubscriber(new RecordingListener());
        elsewhere.send(Streams.REMOTE, List.of(Streams.forwardedAudio("0", other, "0", 0x5002)));
        elsewhere.enableData(null, 262_144);
        List<Browser> browsers = connectAll();
        Browser alice = browsers.get(0);
        Browser listener = browsers.get(2);
        Browser otherListener = browsers.get(3);

        DataChannel chat = alice.channels.open(new DcepOpen("chat", "", 0, Reliability.RELIABLE), transports.loop.nanoTime());
        alice.channels.send(chat, false, "hello".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        alice.channels.send(chat, true, "bytes".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        alice.channels.send(chat, false, new byte[2000], transports.loop.nanoTime()); // over the listener's 1024
        alice.channels.send(chat, false, "after".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        settle(browsers);

        assertThat(listener.received).containsExactly("chat/10 text hello", "chat/10 binary bytes", "chat/10 text after");
        assertThat(listener.opened).singleElement().satisfies(c -> {
            assertThat(c.label()).isEqualTo("chat");
            assertThat(c.parameters().protocol()).isEqualTo("10");
            assertThat(c.stream() % 2).isOne(); // Parley is the DTLS server
        });
        assertThat(otherListener.received).isEmpty();
        assertThat(browsers.get(1).received).isEmpty();

        // A subscriber's own messages go nowhere.
        DataChannel back = listener.channels.open(new DcepOpen("chat", "", 0, Reliability.RELIABLE), transports.loop.nanoTime());
        listener.channels.send(back, false, "reply".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        settle(browsers);
        assertThat(alice.received).isEmpty();
        assertThat(otherListener.received).isEmpty();
        assertThat(registry.get("parley.sfu.data.messages").tag("outcome", "relayed").counter().count()).isEqualTo(3);
        assertThat(registry.get("parley.sfu.data.messages").tag("outcome", "dropped").counter().count())
                .as("the one over the listener's max-message-size, and the listener's reply").isEqualTo(2);
    }

    @Test
    void aPublisherOfDataOnlyReachesTheSubscribersThatTookItsData() {
        RoomMedia room = plane.openRoom("1/data-only");
        PublisherEndpoint listenerOnly = room.openPublisher(new RecordingListener());
        listenerOnly.receive(Streams.REMOTE, List.of());
        listenerOnly.enableData("20", 262_144);
        SubscriberEndpoint takesIt = room.openSubscriber(new RecordingListener());
        takesIt.send(Streams.REMOTE, List.of());
        takesIt.receiveData(List.of(listenerOnly));
        takesIt.enableData(null, 262_144);
        SubscriberEndpoint doesNot = room.openSubscriber(new RecordingListener());
        doesNot.send(Streams.REMOTE, List.of());
        doesNot.enableData(null, 262_144);
        List<Browser> browsers = connectAll();

        DataChannel chat = browsers.get(0).channels.open(new DcepOpen("chat", "", 0, Reliability.RELIABLE),
                transports.loop.nanoTime());
        browsers.get(0).channels.send(chat, false, "from a listener".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        settle(browsers);
        assertThat(browsers.get(1).received).containsExactly("chat/20 text from a listener");
        assertThat(browsers.get(2).received).isEmpty();

        takesIt.receiveData(List.of()); // the room took it away (the listener left)
        transports.loop.runPending();
        browsers.get(0).channels.send(chat, false, "again".getBytes(StandardCharsets.UTF_8), transports.loop.nanoTime());
        settle(browsers);
        assertThat(browsers.get(1).received).containsExactly("chat/20 text from a listener");
    }
}
