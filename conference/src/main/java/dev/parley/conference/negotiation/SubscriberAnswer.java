package dev.parley.conference.negotiation;

import dev.parley.conference.media.RemoteTransport;

import java.util.List;

/**
 * A subscriber's answer as Parley reads it: its transport, and the slots it accepted to receive.
 *
 * @param data the data channel section it accepted, or null
 */
public record SubscriberAnswer(RemoteTransport remote, List<AcceptedStream> accepted, DataSection data) {

    public SubscriberAnswer {
        accepted = List.copyOf(accepted);
    }
}
