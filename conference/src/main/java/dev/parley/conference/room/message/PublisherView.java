package dev.parley.conference.room.message;

import java.util.List;

/** A publisher as {@code joined} and {@code publishers} events announce it. */
public record PublisherView(long id, String display, List<StreamView> streams, boolean talking) {

    public PublisherView {
        streams = List.copyOf(streams);
    }
}
