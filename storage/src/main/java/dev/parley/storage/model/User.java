package dev.parley.storage.model;

import java.time.Instant;

/**
 * A user of one application. {@code passwordHash} is an Argon2id PHC string, or null for guests.
 * Lower-cased login and email are kept by the repository for case-insensitive lookups and uniqueness.
 */
public record User(
        long id,
        long applicationId,
        String login,
        String email,
        String fullName,
        String phone,
        String website,
        Long externalUserId,
        String customData,
        String avatar,
        String userTags,
        Integer timezone,
        boolean guest,
        String passwordHash,
        Instant createdAt,
        Instant updatedAt,
        Instant lastRequestAt) {

    /** Profile fields a user may write; the rest is owned by the server. */
    public record Profile(
            String login,
            String email,
            String fullName,
            String phone,
            String website,
            Long externalUserId,
            String customData,
            String avatar,
            String userTags,
            Integer timezone) {
    }

    public User withLastRequestAt(Instant at) {
        return new User(id, applicationId, login, email, fullName, phone, website, externalUserId, customData, avatar,
                userTags, timezone, guest, passwordHash, createdAt, updatedAt, at);
    }

    public Profile profile() {
        return new Profile(login, email, fullName, phone, website, externalUserId, customData, avatar, userTags, timezone);
    }
}
