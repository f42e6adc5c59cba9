package dev.parley.media.forward;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * The forwarding graph of one conference room: its endpoints (one per participant transport), the streams they
 * publish and the subscriptions that carry each stream to other endpoints, each subscriber in its own SSRC,
 * sequence number and timestamp space.
 *
 * <pre>
 *  transport ──receiveRtp/Rtcp──► Endpoint pipeline ──► PublisherStream ──► Subscription ──► other Endpoint
 *  (SRTP unprotected)             (validate, demux, RTX, stats,   (cache, NACKs,    (keyframe gate,     │
 *                                  NACK, levels, keyframes, cache) keyframe reqs)    rewrite, RTX)      ▼
 *                                                                                              PacketSink (SRTP, UDP)
 * </pre>
 *
 * <p><b>Threading.</b> A room and everything in it (endpoints, streams, subscriptions, counters) is confined to one
 * thread, the room's event loop, which also runs the room's transports: packets arrive there, and the conference
 * layer posts its changes to the graph (publish, subscribe, pause, close…) to it. Nothing here takes a lock, and
 * the per-packet path allocates nothing: views over the transport's arrays, buffers allocated when a stream or
 * endpoint is added.
 *
 * <p><b>Time.</b> The room reads no clock. Each packet comes with its arrival time and the owner calls
 * {@link #tick} about every {@link ForwardingSettings#tickInterval()}, all in nanoseconds of one monotonic clock
 * ({@link System#nanoTime()} in production, a plain counter in tests); timers (NACK retries, transport-cc
 * feedback, receiver reports, keyframe request retries, the no-media timeout) run inside {@link #tick}. Changes to
 * the graph happen at the latest time the room was given (creation, a packet or a tick), at most a tick late.
 */
public final class ForwardingRoom {

    private final RoomContext context;
    private final List<Endpoint> endpoints = new ArrayList<>();
    private Endpoint[] tickOrder = new Endpoint[0];
    private boolean closed;

    /** A room created at {@code nowNanos} on the clock of {@link #tick}. */
    public ForwardingRoom(ForwardingSettings settings, StreamListener listener, long nowNanos) {
        this(settings, listener, nowNanos, new SplittableRandom());
    }

    /** With the source of random SSRCs and initial sequence numbers and timestamps, seeded in tests. */
    public ForwardingRoom(ForwardingSettings settings, StreamListener listener, long nowNanos, RandomGenerator random) {
        this.context = new RoomContext(settings, listener, random);
        this.context.now = nowNanos;
    }

    /**
     * Adds an endpoint for a new transport.
     *
     * @param sink where the endpoint's outbound packets go
     * @param inboundExtensions the header extension ids the endpoint's packets use (its offer)
     * @param outboundExtensions the ids Parley's packets to it use (Parley's offer or answer)
     */
    public Endpoint addEndpoint(PacketSink sink, ExtensionMap inboundExtensions, ExtensionMap outboundExtensions) {
        if (closed) {
            throw new IllegalStateException("the room is closed");
        }
        Endpoint endpoint = new Endpoint(this, context, sink, inboundExtensions, outboundExtensions);
        endpoints.add(endpoint);
        tickOrder = endpoints.toArray(Endpoint[]::new);
        return endpoint;
    }

    /** Runs the room's timers at {@code nowNanos}; see the class comment. */
    public void tick(long nowNanos) {
        context.now = nowNanos;
        for (Endpoint endpoint : tickOrder) {
            endpoint.tick(nowNanos);
        }
    }

    /** Closes every endpoint; the room accepts none after. */
    public void close() {
        closed = true;
        for (Endpoint endpoint : tickOrder) {
            endpoint.close();
        }
    }

    public ForwardingSettings settings() {
        return context.settings;
    }

    public ForwardingCounters counters() {
        return context.counters;
    }

    public int endpointCount() {
        return endpoints.size();
    }

    void removeEndpoint(Endpoint endpoint) {
        endpoints.remove(endpoint);
        tickOrder = endpoints.toArray(Endpoint[]::new);
    }
}
