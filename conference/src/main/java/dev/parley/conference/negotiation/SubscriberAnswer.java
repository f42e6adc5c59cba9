package dev.parley.conference.negotiation;

import dev.parley.conference.media.RemoteTransport;

import java.util.List;

/** A subscriber's answer as Parley reads it: its transport, and the slots it accepted to receive. */
public record SubscriberAnswer(RemoteTransport remote, List<AcceptedStream> accepted) {

    public SubscriberAnswer {
        accepted = List.copyOf(accepted);
    }
}
