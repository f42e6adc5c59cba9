package dev.parley.bench.sfu;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.QueuedDatagramTransport;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttributeType;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunMessageWriter;
import dev.parley.media.stun.StunParseException;
import org.bouncycastle.tls.DatagramTransport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.DatagramChannel;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One participant's peer connection: a UDP socket with one host candidate, ICE as the full, controlling agent
 * (RFC 8445 §7.2.2: Binding requests with PRIORITY, ICE-CONTROLLING and USE-CANDIDATE, aggressive nomination;
 * responses to the server's own checks; a check every 2 s afterwards for consent, RFC 7675), then the DTLS handshake
 * as client on a virtual thread, then SRTP. Received datagrams are demultiplexed by their first byte (RFC 7983) on
 * the {@link IoLoop}; a subscriber decrypts its RTP there and counts it per SSRC.
 */
final class Transport {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final long TIE_BREAKER = -1L;   // the largest 64-bit value: the bench keeps the controlling role
    private static final long CHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    private static final long CONSENT_NANOS = TimeUnit.SECONDS.toNanos(2);
    private static final int MAX_STREAMS = 256;
    private static final long FEEDBACK_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** What subscribers say they can take (REMB): more than every layer, as a browser on a fast link. */
    private static final long REMB_BITRATE = 10_000_000;
    private static final int REMB_MAX_SSRCS = 64;

    private final IoLoop loop;
    private final DatagramChannel channel;
    private final InetSocketAddress local;
    private final String ufrag = token(8);
    private final String pwd = token(24);
    private final MessageIntegrity localKey = MessageIntegrity.shortTerm(pwd);
    private final DtlsCertificate identity;
    private final String label;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    /** DTLS records the loop receives, for the handshake's thread; what bctls sends goes straight to the server. */
    private final QueuedDatagramTransport dtls = new QueuedDatagramTransport(64, 1500, this::sendRecord);
    private final byte[] stun = new byte[512];
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong sendDrops = new AtomicLong();

    // I/O loop state
    private Sdp.Remote remote;
    private MessageIntegrity remoteKey;
    private long nextCheck;
    private boolean iceConnected;
    private final Map<Integer, InboundStream> streams = new HashMap<>();
    private final Map<Integer, Integer> clockRates = new HashMap<>();
    private long undecryptable;
    private final boolean subscriber;
    private final byte[] rtcp = new byte[1500];
    private final int[] rembSsrcs = new int[REMB_MAX_SSRCS];
    private final int ownSsrc = RANDOM.nextInt();
    private long nextFeedback;

    private volatile SrtpSender sender;
    private volatile SrtpReceiver receiver;

    /** {@code subscriber}: it receives, and sends a receiver report and REMB every second. */
    Transport(IoLoop loop, InetSocketAddress address, DtlsCertificate identity, String label, boolean subscriber) throws IOException {
        this.loop = loop;
        this.subscriber = subscriber;
        this.channel = loop.open(address);
        this.local = (InetSocketAddress) channel.getLocalAddress();
        this.identity = identity;
        this.label = label;
        loop.add(this);
    }

    DatagramChannel channel() {
        return channel;
    }

    Sdp.Local sdp() {
        return new Sdp.Local(ufrag, pwd, identity.fingerprint().sdpValue(), local);
    }

    /** Starts ICE towards the server's candidate; the future completes once SRTP keys are there. */
    CompletableFuture<Void> start(Sdp.Remote answer) {
        loop.call(() -> {
            remote = answer;
            remoteKey = MessageIntegrity.shortTerm(answer.pwd());
            for (Sdp.Section section : answer.sections()) {
                section.rtpmaps().forEach((pt, map) -> {
                    String[] parts = map.split("/");
                    clockRates.put(pt, parts.length > 1 ? Integer.parseInt(parts[1]) : 90_000);
                });
            }
            nextCheck = System.nanoTime();
            return null;
        });
        return ready;
    }

    /** Timers, on the loop: connectivity checks until ICE is up, then consent checks. */
    void tick(long now) {
        if (subscriber && sender != null && now - nextFeedback >= 0) {
            nextFeedback = now + FEEDBACK_NANOS;
            feedback();
        }
        if (remote == null || now - nextCheck < 0) {
            return;
        }
        nextCheck = now + (iceConnected ? CONSENT_NANOS : CHECK_NANOS);
        byte[] transaction = new byte[StunMessage.TRANSACTION_ID_LENGTH];
        RANDOM.nextBytes(transaction);
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, transaction, stun, 0, stun.length)
                .addBytes(StunAttributeType.USERNAME, (remote.ufrag() + ":" + ufrag).getBytes(StandardCharsets.UTF_8))
                .addInt(StunAttributeType.PRIORITY, 1853824767)
                .addLong(StunAttributeType.ICE_CONTROLLING, TIE_BREAKER)
                .addFlag(StunAttributeType.USE_CANDIDATE)
                .addMessageIntegrity(remoteKey)
                .addFingerprint()
                .length();
        send(stun, length, remote.candidate());
        if (Participant.DEBUG) {
            System.err.println(label + ": check to " + remote.candidate() + ", " + length + " bytes, drops " + sendDrops);
        }
    }

    /** A datagram from {@code from}, on the loop. */
    void received(byte[] buf, int len, InetSocketAddress from, long now) {
        if (len == 0) {
            return;
        }
        int first = buf[0] & 0xFF;
        if (first < 4) {
            stun(buf, len, from);
        } else if (first >= 20 && first < 64) {
            dtls.offer(java.util.Arrays.copyOf(buf, len));
        } else if (first >= 128 && first < 192 && len >= 12) {
            int type = buf[1] & 0xFF;
            if (type < 192 || type > 223) {
                rtp(buf, len, now);
            }
        }
    }

    private void stun(byte[] buf, int len, InetSocketAddress from) {
        StunMessage message;
        try {
            message = StunMessage.parse(buf, 0, len);
        } catch (StunParseException e) {
            return;
        }
        if (Participant.DEBUG) {
            System.err.printf("%s: STUN type %04x from %s%n", label, message.type(), from);
        }
        if (message.type() == StunMessageType.BINDING_REQUEST) {
            int length = StunMessageWriter.responseTo(message, StunMessageType.BINDING_SUCCESS_RESPONSE, stun, 0, stun.length)
                    .addXorMappedAddress(from)
                    .addMessageIntegrity(localKey)
                    .addFingerprint()
                    .length();
            send(stun, length, from);
        } else if (message.type() == StunMessageType.BINDING_SUCCESS_RESPONSE && !iceConnected) {
            iceConnected = true;
            nextCheck = System.nanoTime() + CONSENT_NANOS;
            Thread.ofVirtual().name("dtls-" + label).start(this::handshake);
        } else if (message.type() == StunMessageType.BINDING_ERROR_RESPONSE && !iceConnected) {
            System.err.println("sfu-load: " + label + ": a Binding error response from the server");
        }
    }

    /**
     * A subscriber's RTCP (RFC 3550 §6.1: a compound starts with a report): an empty receiver report and a REMB
     * (draft-alvestrand-rmcat-remb) for the streams it receives, protected with the loop's SRTCP context.
     */
    private void feedback() {
        int count = 0;
        for (int ssrc : streams.keySet()) {
            if (count == REMB_MAX_SSRCS) {
                break;
            }
            rembSsrcs[count++] = ssrc;
        }
        int length = ReceiverReport.write(rtcp, 0, ownSsrc, 0);
        if (count > 0) {
            length += Remb.write(rtcp, length, ownSsrc, REMB_BITRATE, rembSsrcs, count);
        }
        int protectedLength = sender.protectRtcp(rtcp, 0, length);
        if (protectedLength > 0) {
            send(rtcp, protectedLength, remote.candidate());
        }
    }

    private void handshake() {
        try {
            SrtpKeys keys = new DtlsClient(identity, DtlsFingerprint.parse(remote.fingerprint())).handshake(dtls);
            receiver = new SrtpReceiver(keys, MAX_STREAMS);
            sender = new SrtpSender(keys, MAX_STREAMS);
            ready.complete(null);
        } catch (IOException | RuntimeException e) {
            ready.completeExceptionally(new IOException(label + ": DTLS handshake: " + e, e));
        }
    }

    private void rtp(byte[] buf, int len, long now) {
        SrtpReceiver srtp = receiver;
        if (srtp == null) {
            return;
        }
        int plain = srtp.unprotectRtp(buf, 0, len);
        if (plain < 12) {
            undecryptable++;
            return;
        }
        int end = plain;
        if ((buf[0] & 0x20) != 0) {
            end -= buf[plain - 1] & 0xFF;
        }
        int payload = 12 + 4 * (buf[0] & 0x0F);
        if ((buf[0] & 0x10) != 0 && payload + 4 <= end) {
            payload += 4 + 4 * (((buf[payload + 2] & 0xFF) << 8) | (buf[payload + 3] & 0xFF));
        }
        if (end - payload < RtpWriter.TRAILER) {
            return;   // padding only (probing), or not from a synthetic publisher
        }
        int ssrc = readInt(buf, 8);
        InboundStream stream = streams.get(ssrc);
        if (stream == null) {
            stream = new InboundStream(clockRates.getOrDefault(buf[1] & 0x7F, 90_000));
            streams.put(ssrc, stream);
        }
        long sentAt = RtpWriter.sentNanos(buf, 0, end);
        stream.packet(((buf[2] & 0xFF) << 8) | (buf[3] & 0xFF), readInt(buf, 4) & 0xFFFFFFFFL, now, sentAt);
        long latency = now - sentAt;
        if (latency >= 0 && latency < TimeUnit.SECONDS.toNanos(10)) {
            loop.latency.record(latency);
        }
    }

    /**
     * Protects and sends an RTP packet (publisher's pacer thread only); {@code counted}: one of the packets a
     * subscriber should get (audio and the top video layer, what the servers forward when nothing constrains them).
     */
    void sendRtp(byte[] buf, int len, boolean counted) {
        SrtpSender srtp = sender;
        int protectedLength = srtp.protectRtp(buf, 0, len);
        if (protectedLength > 0) {
            if (counted) {
                sent.incrementAndGet();
            }
            send(buf, protectedLength, remote.candidate());
        }
    }

    private void send(byte[] buf, int len, InetSocketAddress to) {
        try {
            if (channel.send(ByteBuffer.wrap(buf, 0, len), to) == 0) {
                sendDrops.incrementAndGet();
            }
        } catch (IOException e) {
            sendDrops.incrementAndGet();
        }
    }

    /** Packets sent of audio and the top video layer. */
    long sent() {
        return sent.get();
    }

    long sendDrops() {
        return sendDrops.get();
    }

    /** On the loop. */
    Map<Integer, InboundStream> streams() {
        return streams;
    }

    /** RTP packets that failed SRTP (authentication, replay); on the loop. */
    long undecryptable() {
        return undecryptable;
    }

    void close() {
        loop.remove(this);
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a datagram socket only fails if already closed
        }
    }

    private static int readInt(byte[] b, int off) {
        return ((b[off] & 0xFF) << 24) | ((b[off + 1] & 0xFF) << 16) | ((b[off + 2] & 0xFF) << 8) | (b[off + 3] & 0xFF);
    }

    /** A DTLS record bctls sends: straight to the server's candidate (the socket stays for SRTP). */
    private void sendRecord(byte[] buf, int off, int len) {
        try {
            channel.send(ByteBuffer.wrap(buf, off, len), remote.candidate());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String token(int length) {
        String chars = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
        StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(chars.charAt(RANDOM.nextInt(chars.length())));
        }
        return out.toString();
    }
}
