package dev.parley.media.bwe;

/** What the overuse detector makes of the delay trend (draft-ietf-rmcat-gcc-02 §5.4). */
enum BandwidthUsage {
    /** Queues neither grow nor drain. */
    NORMAL,
    /** Queues grow: sending faster than the path carries. */
    OVERUSING,
    /** Queues drain: a queue built earlier empties. */
    UNDERUSING
}
