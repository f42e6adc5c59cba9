package dev.parley.conference.sfu;

import dev.parley.media.forward.DropReason;
import dev.parley.media.forward.ForwardingCounters;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;

/**
 * The SFU's Micrometer meters: rooms and transports open now, and what the rooms forwarded, added from each room's
 * {@link ForwardingCounters} once a second (and when it closes), so that the per-packet path only bumps plain
 * fields. (Datagrams, bytes on the wire and DTLS failures are the media port's own meters, {@code parley.media.*}.)
 * Thread-safe.
 */
final class SfuMetrics {

    private record Forwarded(Counter counter, ToLongFunction<ForwardingCounters> value) {
    }

    private final AtomicInteger rooms = new AtomicInteger();
    private final AtomicInteger publishers = new AtomicInteger();
    private final AtomicInteger subscribers = new AtomicInteger();
    private final List<Forwarded> forwarded = new ArrayList<>();
    private final Counter lost;
    private final DistributionSummary downlinkEstimates;
    private final Counter dataRelayed;
    private final Counter dataDropped;

    /** How many counters {@link #add} reads: the size of a room's last-reported array. */
    static final int FORWARDING_COUNTERS = 16 + DropReason.values().length;

    SfuMetrics(MeterRegistry registry) {
        Gauge.builder("parley.sfu.rooms", rooms, AtomicInteger::get).description("Video rooms with media open")
                .register(registry);
        Gauge.builder("parley.sfu.transports", publishers, AtomicInteger::get).tag("role", "publisher")
                .description("Open transports of publishers and subscribers").register(registry);
        Gauge.builder("parley.sfu.transports", subscribers, AtomicInteger::get).tag("role", "subscriber")
                .description("Open transports of publishers and subscribers").register(registry);
        both(registry, "parley.sfu.rtp.packets", "RTP packets received from publishers and sent to subscribers",
                ForwardingCounters::rtpReceived, ForwardingCounters::rtpSent);
        both(registry, "parley.sfu.rtp.bytes", "RTP bytes (unprotected) received from publishers and sent to subscribers",
                ForwardingCounters::rtpBytesReceived, ForwardingCounters::rtpBytesSent);
        both(registry, "parley.sfu.rtcp.packets", "RTCP packets received and sent",
                ForwardingCounters::rtcpReceived, ForwardingCounters::rtcpSent);
        both(registry, "parley.sfu.keyframe.requests", "PLIs and FIRs received from subscribers and sent to publishers",
                ForwardingCounters::keyframeRequestsReceived, ForwardingCounters::keyframeRequestsSent);
        counter(registry, "parley.sfu.nacks.received", "Generic NACK messages received from subscribers",
                ForwardingCounters::nacksReceived);
        counter(registry, "parley.sfu.nacked.packets", "Packets NACKed to publishers (their own loss, or what the cache lacked)",
                c -> c.nackedPacketsRequested() + c.nackedPacketsMissingFromCache());
        counter(registry, "parley.sfu.retransmissions", "Packets retransmitted to subscribers from the cache",
                ForwardingCounters::retransmissionsSent);
        skipped(registry, "too-soon", ForwardingCounters::retransmissionsTooSoon);
        skipped(registry, "over-budget", ForwardingCounters::retransmissionsOverBudget);
        counter(registry, "parley.sfu.probe.packets", "Padding-only packets sent to probe subscribers' downlinks",
                ForwardingCounters::probePacketsSent);
        counter(registry, "parley.sfu.layer.trials", "Steps up to a higher simulcast layer tried on a padded downlink first",
                ForwardingCounters::layerTrialsStarted);
        counter(registry, "parley.sfu.layer.trials.passed", "Layer trials whose downlink carried the padding: the step up was made",
                ForwardingCounters::layerTrialsPassed);
        for (DropReason reason : DropReason.values()) {
            forwarded.add(new Forwarded(Counter.builder("parley.sfu.packets.dropped")
                    .tag("reason", reason.name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .description("Packets from transports the forwarding dropped, by reason").register(registry),
                    c -> c.dropped(reason)));
        }
        lost = Counter.builder("parley.sfu.packets.lost").description("Packets publishers sent that never arrived (RFC 3550 A.3)")
                .register(registry);
        downlinkEstimates = DistributionSummary.builder("parley.sfu.downlink.estimate").baseUnit("bps")
                .description("Subscribers' send-side downlink estimates, one sample per subscriber each second")
                .register(registry);
        dataRelayed = Counter.builder("parley.sfu.data.messages").tag("outcome", "relayed")
                .description("Data channel messages: copies relayed to subscribers, and ones dropped").register(registry);
        dataDropped = Counter.builder("parley.sfu.data.messages").tag("outcome", "dropped")
                .description("Data channel messages: copies relayed to subscribers, and ones dropped").register(registry);
        if (forwarded.size() != FORWARDING_COUNTERS) {
            throw new IllegalStateException("FORWARDING_COUNTERS is " + FORWARDING_COUNTERS + ", counters are " + forwarded.size());
        }
    }

    /** Adds what a room counted since {@code reported} (its values at the last call, updated here). */
    void add(ForwardingCounters counters, long[] reported) {
        for (int i = 0; i < forwarded.size(); i++) {
            Forwarded f = forwarded.get(i);
            long now = f.value().applyAsLong(counters);
            if (now > reported[i]) {
                f.counter().increment(now - reported[i]);
            }
            reported[i] = now;
        }
    }

    /**
     * One data channel message copy: relayed to a subscriber, or dropped (too large for it, its queue full, no
     * channel left, or a subscriber's own message).
     */
    void dataMessage(boolean relayed) {
        (relayed ? dataRelayed : dataDropped).increment();
    }

    void lost(long packets) {
        if (packets > 0) {
            lost.increment(packets);
        }
    }

    void downlinkEstimate(long bitsPerSecond) {
        downlinkEstimates.record(bitsPerSecond);
    }

    void roomOpened() {
        rooms.incrementAndGet();
    }

    void roomClosed() {
        rooms.decrementAndGet();
    }

    void transportOpened(boolean publisher) {
        (publisher ? publishers : subscribers).incrementAndGet();
    }

    void transportClosed(boolean publisher) {
        (publisher ? publishers : subscribers).decrementAndGet();
    }

    int rooms() {
        return rooms.get();
    }

    private void both(MeterRegistry registry, String name, String description, ToLongFunction<ForwardingCounters> in,
                      ToLongFunction<ForwardingCounters> out) {
        forwarded.add(new Forwarded(Counter.builder(name).tag("direction", "in").description(description).register(registry), in));
        forwarded.add(new Forwarded(Counter.builder(name).tag("direction", "out").description(description).register(registry), out));
    }

    private void skipped(MeterRegistry registry, String reason, ToLongFunction<ForwardingCounters> value) {
        forwarded.add(new Forwarded(Counter.builder("parley.sfu.retransmissions.skipped").tag("reason", reason)
                .description("NACKed packets not resent: resent less than a round trip before, or over the share of "
                        + "the subscriber's downlink retransmissions may take").register(registry), value));
    }

    private void counter(MeterRegistry registry, String name, String description, ToLongFunction<ForwardingCounters> value) {
        forwarded.add(new Forwarded(Counter.builder(name).description(description).register(registry), value));
    }
}
