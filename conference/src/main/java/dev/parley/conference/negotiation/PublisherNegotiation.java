package dev.parley.conference.negotiation;

import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.List;

/**
 * The outcome of reading a publisher's offer: the publisher's transport parameters (null when Parley accepts no
 * section at all, e.g. a data-channel-only offer) and the decision for each m= section, in the offer's order.
 */
public record PublisherNegotiation(SessionDescription offer, RemoteTransport remote, List<OfferedSection> sections) {

    public PublisherNegotiation {
        sections = List.copyOf(sections);
    }

    /** The streams Parley will receive from the publisher. */
    public List<PublishedStream> streams() {
        List<PublishedStream> streams = new ArrayList<>();
        for (OfferedSection section : sections) {
            if (section.stream() != null) {
                streams.add(section.stream());
            }
        }
        return streams;
    }

    /** The accepted data channel section, or null when the offer has none (or Parley rejected it). */
    public DataSection data() {
        for (OfferedSection section : sections) {
            if (section.data() != null) {
                return section.data();
            }
        }
        return null;
    }

    public boolean acceptsAny() {
        return sections.stream().anyMatch(OfferedSection::accepted);
    }
}
