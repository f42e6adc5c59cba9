package dev.parley.storage;

import dev.parley.storage.model.User;
import dev.parley.storage.model.UserQuery;

import java.time.Instant;
import java.util.Optional;

/**
 * Users, always scoped by application: no method returns a user of another application.
 * Implementations are thread-safe. Writes that break a uniqueness rule throw {@link DuplicateUserException}.
 */
public interface UserRepository {

    User create(long applicationId, User.Profile profile, boolean guest, String passwordHash, Instant now);

    Optional<User> findById(long applicationId, long id);

    /** A user by id alone: ids are unique across the server (used when a chat login names no application). */
    Optional<User> findById(long id);

    Optional<User> findByLogin(long applicationId, String login);

    Optional<User> findByEmail(long applicationId, String email);

    /** The oldest user with this phone number (phone numbers are not unique). */
    Optional<User> findByPhone(long applicationId, String phone);

    Optional<User> findByExternalId(long applicationId, long externalUserId);

    /** Replaces the profile, and the password hash when {@code passwordHash} is not null. */
    User update(long applicationId, long id, User.Profile profile, String passwordHash, Instant now);

    boolean delete(long applicationId, long id);

    UserQuery.Page list(UserQuery query);

    void touchLastRequest(long id, Instant now);

    /** Deletes guest users created before {@code createdBefore} that no session refers to any more. */
    int deleteOrphanGuests(Instant createdBefore);
}
