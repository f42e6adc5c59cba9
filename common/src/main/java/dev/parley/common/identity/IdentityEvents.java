package dev.parley.common.identity;

/**
 * What the REST side tells the live connections about identities that stop being valid, so that a chat
 * connection authenticated with a destroyed token, or belonging to a deleted user, is closed.
 * Implementations must be thread-safe and must not block: they are called from REST worker threads.
 */
public interface IdentityEvents {

    /** Events go nowhere (no chat server wired). */
    IdentityEvents NONE = new IdentityEvents() {
        @Override
        public void tokenRevoked(String tokenHash) {
        }

        @Override
        public void userDeleted(long applicationId, long userId) {
        }
    };

    /** The session of this token was destroyed, or its user logged out of it. */
    void tokenRevoked(String tokenHash);

    void userDeleted(long applicationId, long userId);
}
