package dev.parley.media.forward;

import dev.parley.media.rtcp.TransportCcFeedbackBuilder;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * A subscriber's downlink in a test, on the room's fake clock, with the receiver behind it: a FIFO queue drained at
 * {@link #capacity} bit/s (a packet waits while the ones before it are sent), dropped when it would wait longer than
 * the queue holds, a random loss before the queue, and a fixed propagation delay. With {@link #burstBytes}, a shaper's
 * token bucket: after a quiet spell that many bytes pass at once, above the capacity. The receiver sends real
 * transport-cc feedback (RFC format, {@link TransportCcFeedbackBuilder}) of what arrived, as a browser does every
 * 100 ms; packets that never arrive show as gaps, reported not received.
 */
final class BottleneckLink implements PacketSink {

    private static final long PROPAGATION_NANOS = 20_000_000;
    private static final long QUEUE_NANOS = 300_000_000;

    private record Delivery(int transportSequenceNumber, long arrivalNanos) {
    }

    private final LongSupplier clock;
    private final int transportCcId;
    private final SplittableRandom random = new SplittableRandom(7);
    private final ArrayDeque<Delivery> inFlight = new ArrayDeque<>();
    private final RtpPacket view = new RtpPacket();
    private final HeaderExtensions extensions = new HeaderExtensions();
    private final TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
    private final byte[] rtcp = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
    long capacity;
    double lossRate;
    /** The token bucket's depth, bytes: what passes at once after a quiet spell (tc tbf's burst); 0 for none. */
    long burstBytes;
    private long busyUntil;
    private int nextToReport = -1;
    private int feedbackCount;
    long packetsSent;
    long packetsDropped;
    /** Packets of padding only (probes), by SSRC. */
    final Map<Integer, Integer> paddingOnly = new HashMap<>();
    /** Every RTP packet the room sent, in order. */
    final List<Sent> sent = new ArrayList<>();

    /** One RTP packet the room sent: its header, and whether it held padding only. */
    record Sent(int ssrc, int sequenceNumber, int timestamp, boolean marker, boolean paddingOnly) {
    }

    BottleneckLink(LongSupplier clock, ExtensionMap ids, long capacity) {
        this.clock = clock;
        this.transportCcId = ids.id(RtpExtension.TRANSPORT_CC);
        this.capacity = capacity;
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        if (!view.wrap(buf, off, len) || !extensions.find(view, transportCcId)) {
            throw new AssertionError("a subscriber packet without a transport-wide sequence number");
        }
        int sequenceNumber = TransportSequenceNumber.read(buf, extensions.dataOffset());
        packetsSent++;
        boolean padding = view.payloadLength() == 0 && view.paddingLength() > 0;
        if (padding) {
            paddingOnly.merge(view.ssrc(), 1, Integer::sum);
        }
        sent.add(new Sent(view.ssrc(), view.sequenceNumber(), view.timestamp(), view.marker(), padding));
        long now = clock.getAsLong();
        // The tokens a quiet link gathered let the packet start that much "in the past".
        long start = Math.max(now - burstBytes * 8 * 1_000_000_000L / capacity, busyUntil);
        if (random.nextDouble() < lossRate || start - now > QUEUE_NANOS) {
            packetsDropped++;
            return;
        }
        busyUntil = start + len * 8 * 1_000_000_000L / capacity;
        inFlight.add(new Delivery(sequenceNumber, Math.max(now, busyUntil) + PROPAGATION_NANOS));
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
    }

    /** The receiver's feedback about what arrived by now, given to {@code endpoint}. */
    void sendFeedback(Endpoint endpoint) {
        long now = clock.getAsLong();
        if (inFlight.isEmpty() || inFlight.peek().arrivalNanos() > now) {
            return;
        }
        if (nextToReport < 0) {
            nextToReport = inFlight.peek().transportSequenceNumber();
        }
        builder.reset(nextToReport);
        while (!inFlight.isEmpty() && inFlight.peek().arrivalNanos() <= now) {
            Delivery delivery = inFlight.poll();
            if (!builder.addReceived(delivery.transportSequenceNumber(), delivery.arrivalNanos() / 1000)) {
                send(endpoint, now);
                builder.reset(delivery.transportSequenceNumber());
                builder.addReceived(delivery.transportSequenceNumber(), delivery.arrivalNanos() / 1000);
            }
            nextToReport = (delivery.transportSequenceNumber() + 1) & 0xFFFF;
        }
        send(endpoint, now);
    }

    private void send(Endpoint endpoint, long now) {
        int length = builder.write(rtcp, 0, 0x5EED, 0, feedbackCount++ & 0xFF);
        endpoint.receiveRtcp(rtcp, 0, length, now);
    }
}
