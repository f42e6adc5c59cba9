package dev.parley.storage;

import dev.parley.storage.model.OfflineMessage;

import java.time.Instant;
import java.util.List;

/** Messages held for offline users. Implementations are thread-safe. */
public interface OfflineMessageRepository {

    /**
     * Stores a stanza for the user unless they already have {@code maxPerUser} waiting.
     *
     * @return false when the user's store is full or the user is not a user of the application (nothing stored)
     */
    boolean add(long applicationId, long userId, String stanza, Instant now, int maxPerUser);

    /** Removes and returns the user's waiting messages, oldest first. */
    List<OfflineMessage> takeAll(long applicationId, long userId);

    /** Deletes messages stored before {@code before}; returns how many. */
    int deleteOlderThan(Instant before);
}
