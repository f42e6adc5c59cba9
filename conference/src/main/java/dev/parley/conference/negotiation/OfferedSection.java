package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.MediaDescription;

import java.util.List;
import java.util.Map;

/**
 * What Parley decided for one m= section of a publisher's offer.
 *
 * @param kind       audio or video; null for data channels and for sections Parley rejects outright (unknown media)
 * @param choice     the accepted codec; null when the section is rejected
 * @param answered   the direction Parley answers (recvonly, or inactive when the publisher does not send on it)
 * @param extensions the header extensions accepted, with the offer's ids
 * @param stream     what the publisher sends on it; null unless the section is accepted and the publisher sends
 * @param rids       the simulcast RIDs accepted (answered {@code a=rid:<id> recv}, {@code a=simulcast:recv}), in the
 *                   offer's order; empty without RID simulcast
 * @param data       for an accepted data channel section (RFC 8841), what it said; null otherwise
 */
public record OfferedSection(MediaDescription offered, int index, String mid, MediaKind kind, CodecChoice choice,
                             Direction answered, Map<HeaderExtension, Integer> extensions, PublishedStream stream,
                             List<String> rids, DataSection data) {

    public OfferedSection {
        rids = List.copyOf(rids);
    }

    public boolean accepted() {
        return choice != null || data != null;
    }

    /** The type Janus's {@code streams} lists give: audio, video or data. */
    public String janusType() {
        return kind != null ? kind.sdpName() : offered.type().equals("application") ? "data" : offered.type();
    }
}
