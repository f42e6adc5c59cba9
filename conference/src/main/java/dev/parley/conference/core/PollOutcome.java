package dev.parley.conference.core;

import dev.parley.conference.janus.JanusMessage;

import java.util.List;

/** What an HTTP long poll gets: events (or one keepalive), or a refusal the transport turns into an HTTP status. */
public sealed interface PollOutcome {

    record Events(List<JanusMessage> messages) implements PollOutcome {
        public Events {
            messages = List.copyOf(messages);
        }
    }

    /** @param httpStatus 403 for a bad token, 404 for an unknown session (as Janus's HTTP transport answers) */
    record Refused(int httpStatus, JanusMessage.Error error) implements PollOutcome {
    }
}
