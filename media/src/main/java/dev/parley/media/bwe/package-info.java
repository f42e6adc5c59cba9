/**
 * Send-side bandwidth estimation toward a subscriber, in the manner of Google Congestion Control
 * (draft-ietf-rmcat-gcc-02) over transport-wide congestion control feedback
 * (draft-holmer-rmcat-transport-wide-cc-extensions-01): {@link dev.parley.media.bwe.SendSideEstimator} notes what
 * is sent, matches the receiver's feedback, and combines a delay-based controller (packet groups, trendline filter,
 * overuse detector with an adaptive threshold, AIMD rate control), a loss-based one, the acknowledged rate and the
 * receiver's REMB into one estimate; probe clusters of padding let the estimate grow beyond what media fills.
 * Everything here runs on the room's thread, takes time as nanoseconds passed in, and allocates nothing per packet.
 */
package dev.parley.media.bwe;
