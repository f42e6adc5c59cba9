package dev.parley.storage.model;

import java.time.Instant;

/**
 * A push event an application sent (docs/protocol.md section 2.4): the decoded message, to be delivered to the
 * subscriptions chosen when it was created.
 *
 * @param senderId the user whose session sent it; null once that user is deleted
 */
public record PushEvent(long id, long applicationId, Long senderId, Details details, Instant createdAt) {

    /**
     * @param environment only subscriptions of this environment (or of none) get it; null for all
     * @param pushType    the channel family the sender asked for, or null for every channel
     * @param message     the message as UTF-8 text (the wire's base64 decoded), usually a JSON object
     * @param tagQuery    the tag conditions that chose the recipients, as text for the answer; null without tags
     */
    public record Details(String name, String environment, PushChannel pushType, String message, String tagQuery) {
    }
}
