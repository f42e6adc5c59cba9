package dev.parley.media.forward;

import dev.parley.media.rtcp.TransportCcFeedbackBuilder;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpSequence;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.Arrays;

/**
 * The receiver's half of transport-wide congestion control (draft-holmer-rmcat-transport-wide-cc-extensions-01):
 * notes the arrival time of every packet carrying a transport-wide sequence number, before anything may drop it
 * (an unknown SSRC or probing padding arrived all the same), and every
 * {@link ForwardingSettings#transportCcInterval()} reports what arrived since the last feedback, so that the
 * publisher's browser can run its send-side bandwidth estimation.
 *
 * <p>Arrivals are kept in a ring of {@value #HISTORY} sequence numbers; a packet arriving after its number was
 * reported is not reported again (the sender already counted it lost, as libwebrtc's receiver also does).
 */
final class TransportCcResponder extends EndpointStep {

    static final int HISTORY = 1 << 12;

    private final Endpoint endpoint;
    private final RoomContext context;
    private final long intervalNanos;
    private final HeaderExtensions extensions = new HeaderExtensions();
    private final TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
    private final long[] sequenceNumbers = new long[HISTORY];
    private final long[] arrivalMicros = new long[HISTORY];
    private long highest = -1;
    private long nextToReport = -1;
    private long lastFeedbackAt = Long.MIN_VALUE;
    private int feedbackCount;

    TransportCcResponder(Endpoint endpoint, RoomContext context) {
        this.endpoint = endpoint;
        this.context = context;
        this.intervalNanos = context.settings.transportCcInterval().toNanos();
        Arrays.fill(sequenceNumbers, -1);
    }

    @Override
    DropReason onRtp(InboundRtp packet) {
        int id = endpoint.inboundExtensions().id(RtpExtension.TRANSPORT_CC);
        if (!extensions.find(packet.rtp, id) || extensions.dataLength() < TransportSequenceNumber.LENGTH) {
            return null;
        }
        int sequenceNumber = TransportSequenceNumber.read(packet.rtp.buffer(), extensions.dataOffset());
        long extended = highest < 0 ? sequenceNumber : RtpSequence.unwrap(sequenceNumber, highest);
        if (nextToReport < 0) {
            nextToReport = extended;
        }
        if (extended < nextToReport) {
            return null;
        }
        int slot = (int) (extended & (HISTORY - 1));
        sequenceNumbers[slot] = extended;
        arrivalMicros[slot] = packet.arrivalNanos / 1_000;
        highest = Math.max(highest, extended);
        return null;
    }

    @Override
    void onTick(long nowNanos) {
        boolean due = lastFeedbackAt == Long.MIN_VALUE || nowNanos - lastFeedbackAt >= intervalNanos;
        if (highest < 0 || highest < nextToReport || !due) {
            return;
        }
        lastFeedbackAt = nowNanos;
        long from = Math.max(nextToReport, highest - HISTORY + 1);
        builder.reset((int) from);
        for (long seq = from; seq <= highest; seq++) {
            int slot = (int) (seq & (HISTORY - 1));
            if (sequenceNumbers[slot] != seq) {
                continue;
            }
            if (!builder.addReceived((int) seq, arrivalMicros[slot])) {
                send();
                builder.reset((int) seq);
                builder.addReceived((int) seq, arrivalMicros[slot]);
            }
        }
        send();
        nextToReport = highest + 1;
    }

    private void send() {
        if (builder.packetCount() == 0) {
            return;
        }
        PublisherStream[] streams = endpoint.streams();
        int mediaSsrc = streams.length > 0 ? streams[0].ssrc() : 0;
        int length = builder.write(context.rtcpBuffer, 0, endpoint.feedbackSsrc(), mediaSsrc, feedbackCount);
        feedbackCount = (feedbackCount + 1) & 0xFF;
        context.counters.transportCcFeedbackSent++;
        endpoint.sendRtcp(length);
    }
}
