package dev.parley.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.datachannel.DataChannel;
import dev.parley.media.datachannel.DataChannels;
import dev.parley.media.datachannel.DcepOpen;
import dev.parley.media.sctp.Reliability;
import dev.parley.media.sctp.SctpAssociation;
import dev.parley.media.sctp.SctpFuzzAccess;
import dev.parley.media.sctp.SctpOutput;
import dev.parley.media.sctp.SctpSettings;

import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * SCTP over DTLS (RFC 9260 subset, RFC 8261) and the data channels on it (RFC 8831, DCEP RFC 8832), as Parley runs
 * them: {@link DataChannels} in the DTLS server's role, waiting for the browser's INIT, on a clock the target moves.
 * Whatever the peer sends after DTLS is refused by the parser (a counted drop), set aside, or handled; nothing is
 * thrown, what the association holds for reassembly stays within its receive window (twice it for the TSN that
 * completes the sequence), the channels within their limit, and every packet it sends in answer parses again
 * (CRC32c, chunk lengths), fits {@link SctpSettings#maxPacketSize()} and carries the ports and a non-zero tag.
 *
 * <p>The inputs are records (see {@link Input}). A record's chunks get a common header with the right ports, the
 * association's tag (or 0, as an INIT needs) and a correct CRC32c, so that the fuzzer gets past the checksum; a raw
 * record goes as it is. The randomness is fixed, so tags, initial TSNs and cookies are the same on every run and the
 * corpus's DATA chunks carry TSNs that follow the genuine peer's.
 */
class SctpFuzzTest {

    /** Small bounds, so that the fuzzer reaches them: four fragments to a message, two messages to the window. */
    static final SctpSettings SETTINGS = new SctpSettings(1200, 8192, 4096, 8192, 16, Duration.ofSeconds(1),
            Duration.ofMillis(200), Duration.ofSeconds(10), 10, Duration.ofSeconds(60));
    static final int MAX_CHANNELS = 4;
    static final int PORT = DataChannels.SCTP_PORT;
    private static final int MAX_RECORDS = 64;
    private static final int MAX_EXCHANGE = 10_000;
    private static final int INIT_ACK = 2;
    private static final int COOKIE_ECHO = 10;
    private static final int PARAM_STATE_COOKIE = 7;

    /**
     * Any packets to a fresh association (the browser's part of the set-up is the fuzzer's) or, when the first byte is
     * odd, to one a well-formed peer set up (INIT, INIT ACK, COOKIE ECHO, COOKIE ACK), so that DATA, SACK, FORWARD
     * TSN, RE-CONFIG, HEARTBEAT, SHUTDOWN and ABORT are handled in their state. A record may also bundle the last
     * State Cookie the association handed out before its chunks (COOKIE ECHO with DATA), and moves the clock.
     */
    @FuzzTest
    void packet(byte[] bytes) {
        Input in = new Input(bytes);
        Session s = new Session();
        if ((in.u8() & 1) != 0) {
            s.handshake();
        }
        for (int i = 0; i < MAX_RECORDS && in.more(); i++) {
            int ctl = in.u8();
            s.inject(ctl, in.bytes(in.u16()));
            s.advance(ctl);
            s.check();
        }
    }

    /**
     * Messages a well-formed peer sends on streams after a genuine set-up: DCEP DATA_CHANNEL_OPEN and ACK (PPID 50),
     * strings, binaries and their empty forms (51, 53, 56, 57), the deprecated and unknown PPIDs, ordered or not,
     * reliable or not, some of the peer's packets lost on the way; stream resets from the peer; channels Parley opens
     * and messages it sends; fuzzed packets in between; time passing. Besides the contract above, without fuzzed
     * packets every message Parley delivers on a channel is one the peer sent on that stream, of that kind.
     */
    @FuzzTest
    void dataChannels(byte[] bytes) {
        Input in = new Input(bytes);
        Session s = new Session();
        s.handshake();
        for (int i = 0; i < MAX_RECORDS && in.more(); i++) {
            int op = in.u8();
            int stream = in.u8();
            int ppidChoice = in.u8();
            byte[] payload = in.bytes(in.u16());
            s.clientLoses = (op & 0x10) != 0;
            switch (op & 3) {
                case 0 -> s.clientSends(stream, ppid(ppidChoice), payload, op);
                case 1 -> s.inject(op >>> 2, payload);
                case 2 -> {
                    if ((stream & 0x80) != 0) {
                        s.serverSends(ppidChoice, payload);
                    } else if (s.client.state() == SctpAssociation.State.ESTABLISHED) {
                        s.client.resetStreams(new int[] {stream % SETTINGS.streams()}, s.now);
                    }
                }
                default -> s.advance(stream, ppidChoice == 1);
            }
            s.clientLoses = false;
            s.exchange();
            s.check();
        }
    }

    private static long ppid(int choice) {
        return switch (choice) {
            case 0 -> 50; // DCEP
            case 1 -> 51; // string
            case 2 -> 53; // binary
            case 3 -> 56; // empty string
            case 4 -> 57; // empty binary
            case 5 -> 52; // deprecated partial string
            default -> choice;
        };
    }

    /** An association in Parley's role, the genuine peer it may talk to, and the checks on what it sends. */
    private static final class Session implements DataChannels.Listener {

        long now = 1_000_000_000L;
        final Wire serverWire = new Wire(this, true);
        final Wire clientWire = new Wire(this, false);
        final DataChannels server = new DataChannels(SETTINGS, true, MAX_CHANNELS, serverWire, this, fixedRandom(1));
        final SctpAssociation client = new SctpAssociation(SETTINGS, PORT, PORT, clientWire, new ClientEvents(),
                fixedRandom(2));
        /** The association's own verification tag, from its last INIT ACK. */
        long serverTag;
        byte[] lastCookie;
        boolean connected;
        boolean clientLoses;
        /** Whether fuzzed packets went to the association (then the message check below does not hold). */
        boolean injected;
        /** stream:binary:hex of every message the peer sent. */
        final Set<String> sent = new HashSet<>();

        void handshake() {
            client.connect(now);
            connected = true;
            exchange();
            assertThat(server.association().state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
            assertThat(client.state()).isEqualTo(SctpAssociation.State.ESTABLISHED);
        }

        /** Chunks under a header this association takes (or a raw datagram), delivered; its answers checked. */
        void inject(int ctl, byte[] chunks) {
            byte[] datagram;
            if ((ctl & 1) != 0) {
                datagram = chunks;
            } else {
                byte[] echo = new byte[0];
                if ((ctl & 0x20) != 0 && lastCookie != null) {
                    echo = new byte[4 + ((lastCookie.length + 3) & ~3)];
                    echo[0] = COOKIE_ECHO;
                    echo[2] = (byte) ((4 + lastCookie.length) >>> 8);
                    echo[3] = (byte) (4 + lastCookie.length);
                    System.arraycopy(lastCookie, 0, echo, 4, lastCookie.length);
                }
                ByteBuffer b = ByteBuffer.allocate(12 + echo.length + chunks.length);
                b.putShort((short) PORT).putShort((short) PORT).putInt((ctl & 2) != 0 ? 0 : (int) serverTag).putInt(0);
                b.put(echo).put(chunks);
                datagram = b.array();
                long crc = SctpFuzzAccess.checksum(datagram, 0, datagram.length);
                datagram[8] = (byte) crc;
                datagram[9] = (byte) (crc >>> 8);
                datagram[10] = (byte) (crc >>> 16);
                datagram[11] = (byte) (crc >>> 24);
            }
            injected = true;
            byte[] copy = Arrays.copyOf(datagram, datagram.length);
            server.receive(datagram, 0, datagram.length, now);
            assertThat(datagram).as("the received packet is left as it was").isEqualTo(copy);
        }

        /** The clock moves by what bits 2-3 of a packet record say, and the association runs its timers. */
        void advance(int ctl) {
            long[] steps = {0, 10, 1_000, 61_000};
            long ms = steps[(ctl >>> 2) & 3];
            if (ms > 0) {
                now += ms * 1_000_000L;
                server.tick(now);
                check();
            }
        }

        /** Time passes in up to 20 steps (each a tick of both sides and an exchange), {@code units} × 50 ms. */
        void advance(int units, boolean longer) {
            long total = (units + 1) * (longer ? 1_000L : 50L) * 1_000_000L;
            long step = Math.max(10_000_000L, total / 20);
            for (long t = 0; t < total; t += step) {
                now += step;
                server.tick(now);
                client.tick(now);
                exchange();
                check();
            }
        }

        void clientSends(int stream, long ppid, byte[] payload, int op) {
            if (client.state() != SctpAssociation.State.ESTABLISHED) {
                return;
            }
            stream %= client.outboundStreams();
            boolean empty = ppid == 56 || ppid == 57;
            byte[] data = empty || payload.length == 0 ? new byte[1]
                    : Arrays.copyOf(payload, Math.min(payload.length, SETTINGS.maxMessageSize()));
            Reliability reliability = new Reliability((op & 4) != 0, (op & 8) != 0 ? 0 : -1, -1);
            if (client.send(stream, ppid, data, reliability, now)) {
                if (ppid == 51 || ppid == 53) {
                    sent.add(key(stream, ppid == 53, data));
                } else if (empty) {
                    sent.add(key(stream, ppid == 57, new byte[0]));
                }
            }
        }

        void serverSends(int choice, byte[] payload) {
            if ((choice & 1) == 0) {
                server.open(new DcepOpen("f" + choice, "", 0, Reliability.RELIABLE), now);
                return;
            }
            for (DataChannel channel : server.channels()) {
                server.send(channel, (choice & 2) != 0, Arrays.copyOf(payload,
                        Math.min(payload.length, SETTINGS.maxMessageSize())), now);
                return;
            }
        }

        /** Delivers both ways until nothing is left; an exchange that never ends is a finding. */
        void exchange() {
            int delivered = 0;
            while (!serverWire.queue.isEmpty() || !clientWire.queue.isEmpty()) {
                assertThat(++delivered).as("packets exchanged for one step").isLessThan(MAX_EXCHANGE);
                byte[] p = clientWire.queue.poll();
                if (p != null) {
                    server.receive(p, 0, p.length, now);
                }
                p = serverWire.queue.poll();
                if (p != null && connected) {
                    client.receive(p, 0, p.length, now);
                }
            }
            check();
        }

        void check() {
            SctpAssociation association = server.association();
            assertThat(SctpFuzzAccess.receiveBuffered(association)).as("bytes held for reassembly")
                    .isBetween(0, 2 * SETTINGS.receiveWindow());
            assertThat(association.bufferedAmount()).as("bytes queued to send")
                    .isBetween(0, SETTINGS.sendQueueLimit());
            assertThat(server.channels().size()).as("open channels").isLessThanOrEqualTo(MAX_CHANNELS);
            assertThat(association.outboundStreams()).isLessThanOrEqualTo(SETTINGS.streams());
        }

        /** A packet the association sent: it must parse as any received one must. */
        void sentByServer(byte[] p) {
            assertThat(p.length).as("packet size").isLessThanOrEqualTo(SETTINGS.maxPacketSize());
            assertThat(SctpFuzzAccess.parse(p, 0, p.length)).as("chunks of a packet sent: " + HexFormat.of()
                    .formatHex(p)).isPositive();
            assertThat(u16(p, 0)).isEqualTo(PORT);
            assertThat(u16(p, 2)).isEqualTo(PORT);
            assertThat(u32(p, 4)).as("verification tag").isNotZero();
            if ((p[12] & 0xff) == INIT_ACK && p.length >= 32) {
                serverTag = u32(p, 16);
                lastCookie = cookie(p);
            }
        }

        /** The State Cookie parameter of an INIT ACK (RFC 9260 §3.3.3). */
        private static byte[] cookie(byte[] p) {
            int end = Math.min(p.length, 12 + u16(p, 14));
            for (int at = 32; at + 4 <= end; ) {
                int type = u16(p, at);
                int length = u16(p, at + 2);
                if (length < 4 || at + length > end) {
                    return null;
                }
                if (type == PARAM_STATE_COOKIE) {
                    return Arrays.copyOfRange(p, at + 4, at + length);
                }
                at += (length + 3) & ~3;
            }
            return null;
        }

        private static String key(int stream, boolean binary, byte[] data) {
            return stream + ":" + binary + ":" + HexFormat.of().formatHex(data);
        }

        // ---- DataChannels.Listener (Parley's side)

        @Override
        public void onReady() {
        }

        @Override
        public void onChannelOpened(DataChannel channel) {
            assertThat(channel.stream()).isBetween(0, SETTINGS.streams() - 1);
        }

        @Override
        public void onMessage(DataChannel channel, boolean binary, byte[] data) {
            if (!injected) {
                assertThat(sent).as("a message delivered is one the peer sent")
                        .contains(key(channel.stream(), binary, data));
            }
        }

        @Override
        public void onChannelClosed(DataChannel channel) {
        }

        @Override
        public void onClosed(String reason) {
        }
    }

    /** The genuine peer's events: nothing to check there. */
    private static final class ClientEvents implements SctpAssociation.Listener {
        @Override
        public void onEstablished() {
        }

        @Override
        public void onMessage(int stream, long ppid, byte[] data) {
        }

        @Override
        public void onIncomingStreamsReset(int[] streams) {
        }

        @Override
        public void onClosed(String reason) {
        }
    }

    /** One side's outgoing packets: copied into a queue for the other side, the association's checked first. */
    private static final class Wire implements SctpOutput {
        private final Session session;
        private final boolean server;
        final ArrayDeque<byte[]> queue = new ArrayDeque<>();

        Wire(Session session, boolean server) {
            this.session = session;
            this.server = server;
        }

        @Override
        public void send(byte[] packet, int offset, int length) {
            byte[] copy = Arrays.copyOfRange(packet, offset, offset + length);
            if (server) {
                session.sentByServer(copy);
            } else if (session.clientLoses) {
                return;
            }
            if (queue.size() < MAX_EXCHANGE) {
                queue.add(copy);
            }
        }
    }

    /** Records: [control byte][length u16][bytes], as many as there are; a short input ends with what it has. */
    static final class Input {
        private final byte[] bytes;
        private int at;

        Input(byte[] bytes) {
            this.bytes = bytes;
        }

        boolean more() {
            return at < bytes.length;
        }

        int u8() {
            return at < bytes.length ? bytes[at++] & 0xff : 0;
        }

        int u16() {
            return (u8() << 8) | u8();
        }

        byte[] bytes(int length) {
            int n = Math.min(length, bytes.length - at);
            byte[] out = Arrays.copyOfRange(bytes, at, at + n);
            at += n;
            return out;
        }
    }

    /** A SecureRandom that repeats itself from a seed: the same tags, TSNs and cookie key on every run. */
    static SecureRandom fixedRandom(long seed) {
        return new SecureRandom() {
            private final Random random = new Random(seed);

            @Override
            public void nextBytes(byte[] bytes) {
                random.nextBytes(bytes);
            }
        };
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private static long u32(byte[] p, int at) {
        return ((long) u16(p, at) << 16) | u16(p, at + 2);
    }
}
