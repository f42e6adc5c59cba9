package dev.parley.media.sctp;

/**
 * How a message is delivered: in stream order or as it comes, and how hard it is retried (RFC 3758 §4 policies as
 * data channels use them, RFC 8831 §6.1): at most {@code maxRetransmissions} times, or for at most
 * {@code lifetimeNanos}; negative means unlimited.
 */
public record Reliability(boolean unordered, int maxRetransmissions, long lifetimeNanos) {

    /** Ordered and retransmitted until acknowledged. */
    public static final Reliability RELIABLE = new Reliability(false, -1, -1);
}
