package dev.parley.media.forward;

import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.TransportCcFeedback;

import java.util.Arrays;

/**
 * What a subscriber's downlink carries, from the feedback it sends: its REMB (draft-alvestrand-rmcat-remb), the
 * receiver's own estimate, when it sends one; otherwise the rate its transport-cc feedback acknowledges
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01), bytes received over their arrival span, smoothed. The
 * latter is what the link delivered, a lower bound of its capacity rather than a probe of it: enough to choose a
 * layer that fits, not a congestion controller.
 *
 * <p>Keeps the size of each packet sent with a transport-wide sequence number in a ring of {@value #HISTORY}.
 */
final class DownlinkEstimator extends EndpointStep {

    static final int HISTORY = 1 << 12;
    /** Weight of a new sample in the smoothed delivery rate. */
    private static final double SMOOTHING = 0.25;

    private final RoomContext context;
    private final int[] sequenceNumbers = new int[HISTORY];
    private final int[] sizes = new int[HISTORY];
    private final Remb remb = new Remb();
    private final TransportCcFeedback feedback = new TransportCcFeedback();
    private long rembBitrate;
    private double deliveredBitrate;
    private double lossFraction;

    DownlinkEstimator(RoomContext context) {
        this.context = context;
        Arrays.fill(sequenceNumbers, -1);
    }

    /** Notes a packet sent to the subscriber with transport-wide sequence number {@code sequenceNumber}. */
    void sent(int sequenceNumber, int length) {
        int slot = sequenceNumber & (HISTORY - 1);
        sequenceNumbers[slot] = sequenceNumber;
        sizes[slot] = length;
    }

    /** The subscriber's REMB if it sent one, else the delivery rate; bits per second, 0 before any feedback. */
    long estimate() {
        return rembBitrate > 0 ? rembBitrate : (long) deliveredBitrate;
    }

    /** The smoothed fraction of packets the subscriber's transport-cc feedback reported lost. */
    double lossFraction() {
        return lossFraction;
    }

    @Override
    void onRtcp(InboundRtcp packet) {
        if (packet.packetType() == RtcpHeader.PSFB && packet.countOrFormat() == RtcpFeedback.FMT_AFB) {
            // Other application layer feedback than REMB is legal and ignored.
            if (remb.wrap(packet.buffer(), packet.offset(), packet.length())) {
                rembBitrate = remb.bitrate();
            }
        } else if (packet.packetType() == RtcpHeader.RTPFB
                && packet.countOrFormat() == RtcpFeedback.FMT_TRANSPORT_CC) {
            if (!feedback.wrap(packet.buffer(), packet.offset(), packet.length())) {
                context.counters.drop(DropReason.MALFORMED_RTCP);
                return;
            }
            onFeedback();
        }
    }

    private void onFeedback() {
        int base = feedback.baseSequenceNumber();
        long bytes = 0;
        int received = 0;
        int lost = 0;
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        int firstSize = 0;
        for (int i = 0; i < feedback.packetStatusCount(); i++) {
            int sequenceNumber = (base + i) & 0xFFFF;
            int slot = sequenceNumber & (HISTORY - 1);
            if (sequenceNumbers[slot] != sequenceNumber) {
                continue;
            }
            if (!feedback.received(i)) {
                lost++;
                continue;
            }
            received++;
            long arrival = feedback.arrivalTimeMicros(i);
            if (arrival < first) {
                first = arrival;
                firstSize = sizes[slot];
            }
            last = Math.max(last, arrival);
            bytes += sizes[slot];
        }
        if (received + lost > 0) {
            lossFraction += SMOOTHING * ((double) lost / (received + lost) - lossFraction);
        }
        if (received >= 2 && last > first) {
            // What arrived after the first packet, over the time it took.
            double sample = (bytes - firstSize) * 8 * 1_000_000.0 / (last - first);
            deliveredBitrate = deliveredBitrate == 0 ? sample
                    : deliveredBitrate + SMOOTHING * (sample - deliveredBitrate);
        }
    }
}
