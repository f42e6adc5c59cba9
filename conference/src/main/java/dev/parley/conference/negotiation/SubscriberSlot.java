package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.sdp.Msid;

/**
 * One m= section of the offer Parley writes to a subscriber: the subscriber's mid, the kind and codec of the
 * publisher's stream it carries (the publisher's payload types), the SSRCs Parley sends it with and the feed it comes
 * from. An inactive slot (its source has gone) is offered {@code a=inactive}, keeping its place in the m= line order
 * (RFC 8829 §5.2.2) until a new stream of its kind takes it over.
 *
 * @param rtxPayloadType -1 when the publisher offered no retransmission
 * @param rtxSsrc        -1 when there is no retransmission
 */
public record SubscriberSlot(String mid, MediaKind kind, Codec codec, int rtxPayloadType, long ssrc, long rtxSsrc,
                             long feedId, String sourceMid, boolean active) {

    public SubscriberSlot inactive() {
        return new SubscriberSlot(mid, kind, codec, rtxPayloadType, ssrc, rtxSsrc, feedId, sourceMid, false);
    }

    /** The {@code a=msid} Parley gives the slot: one media stream per feed, one track per source stream (RFC 8830). */
    public Msid msid() {
        return new Msid(Long.toString(feedId), feedId + "-" + sourceMid);
    }
}
