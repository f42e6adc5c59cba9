package dev.parley.common.identity;

import java.util.List;

/**
 * Who is online: users with at least one live chat connection that has announced itself available.
 * The chat server keeps it; the REST API reads it for {@code /users/online}. Thread-safe.
 */
public interface OnlineUsers {

    /** Nobody is online (no chat server wired). */
    OnlineUsers NONE = new OnlineUsers() {
        @Override
        public List<Long> onlineUserIds(long applicationId, int offset, int limit) {
            return List.of();
        }

        @Override
        public int onlineCount(long applicationId) {
            return 0;
        }
    };

    /** Online users of an application, ordered by id. */
    List<Long> onlineUserIds(long applicationId, int offset, int limit);

    int onlineCount(long applicationId);
}
