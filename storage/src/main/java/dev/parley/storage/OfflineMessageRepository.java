package dev.parley.storage;

import dev.parley.storage.model.OfflineMessage;

import java.time.Instant;
import java.util.List;

/** Messages held for offline users. Implementations are thread-safe. */
public interface OfflineMessageRepository {

    /**
     * Stores a stanza for the user unless they already have {@code maxPerUser} waiting, or the sender (when
     * given) already has {@code maxPerSender} waiting over all recipients.
     *
     * @param senderId the user who sent it, or null (counted against no sender)
     * @return what happened; anything but {@link Outcome#STORED} stored nothing
     */
    Outcome add(long applicationId, long userId, Long senderId, String stanza, Instant now, int maxPerUser, int maxPerSender);

    /** What {@link #add} did. */
    enum Outcome {
        STORED,
        /** The recipient has as many messages waiting as allowed. */
        RECIPIENT_FULL,
        /** The sender has as many messages waiting (for anyone) as allowed. */
        SENDER_FULL,
        /** The recipient is no user of the application. */
        NO_SUCH_USER
    }

    /** Removes and returns the user's waiting messages, oldest first. */
    List<OfflineMessage> takeAll(long applicationId, long userId);

    /** Deletes messages stored before {@code before}; returns how many. */
    int deleteOlderThan(Instant before);
}
