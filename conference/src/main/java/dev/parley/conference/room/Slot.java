package dev.parley.conference.room;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.negotiation.SubscriberSlot;
import dev.parley.conference.room.message.SlotView;

/**
 * One m= section of a subscription: which publisher stream feeds it now (none once that stream is gone), the SSRCs
 * Parley sends it with, and whether the subscriber wants it sent. Confined to its room's executor.
 */
final class Slot {

    final String mid;
    final int index;
    final MediaKind kind;
    long ssrc;
    long rtxSsrc;
    Codec codec;
    int rtxPayloadType;
    Participant source;
    String sourceMid;
    boolean send = true;
    /** The highest simulcast or temporal layer: all of them. */
    static final int ALL_LAYERS = 2;
    /**
     * The simulcast layers the subscriber asked for ({@code streams} entries and {@code configure} with
     * {@code substream}/{@code temporal}).
     */
    int substream = ALL_LAYERS;
    int temporal = ALL_LAYERS;

    Slot(String mid, int index, long ssrc, long rtxSsrc, Participant source, PublishedStream stream) {
        this.mid = mid;
        this.index = index;
        this.kind = stream.kind();
        this.ssrc = ssrc;
        this.rtxSsrc = rtxSsrc;
        feedFrom(source, stream);
    }

    boolean active() {
        return source != null;
    }

    void feedFrom(Participant participant, PublishedStream stream) {
        source = participant;
        sourceMid = stream.mid();
        codec = stream.codec();
        rtxPayloadType = stream.rtxPayloadType();
    }

    void stop() {
        source = null;
    }

    /**
     * A stopped slot takes a new stream of its kind (as Janus reuses inactive m-lines): new SSRCs, since the
     * subscriber's receivers of the old ones still hold their numbering, and sent again.
     */
    void reuse(long newSsrc, long newRtxSsrc, Participant participant, PublishedStream stream) {
        ssrc = newSsrc;
        rtxSsrc = newRtxSsrc;
        send = true;
        feedFrom(participant, stream);
    }

    SubscriberSlot sdp() {
        SubscriberSlot slot = new SubscriberSlot(mid, kind, codec, rtxSsrc >= 0 ? rtxPayloadType : -1, ssrc,
                rtxPayloadType >= 0 ? rtxSsrc : -1, source == null ? 0 : source.id, sourceMid, true);
        return active() ? slot : slot.inactive();
    }

    SlotView view() {
        return new SlotView(kind.sdpName(), active(), index, mid, send, active() ? source.id : 0,
                active() ? source.display : null, sourceMid, codec.janusName());
    }
}
