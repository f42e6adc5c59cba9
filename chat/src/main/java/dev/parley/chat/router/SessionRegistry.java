package dev.parley.chat.router;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.xml.StreamError;
import dev.parley.common.identity.IdentityEvents;
import dev.parley.common.identity.OnlineUsers;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

/**
 * Every bound session, by user; the online users of each application; the sessions authenticated with each
 * REST token; and the detached stream-management sessions awaiting resumption. Thread-safe: sessions on
 * different event loops register and look each other up concurrently; changes to one user's sessions are
 * serialized through {@link ConcurrentHashMap#compute}.
 */
public final class SessionRegistry implements OnlineUsers, IdentityEvents {

    private record UserKey(long applicationId, long userId) {
    }

    private final ConcurrentHashMap<UserKey, List<ClientSession>> sessions = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Long, ConcurrentSkipListSet<Long>> online = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Set<ClientSession>> byToken = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, ClientSession> detached = new ConcurrentHashMap<>();

    /** Adds a bound session; false when the user already has {@code maxPerUser} sessions. */
    public boolean register(ClientSession session, int maxPerUser) {
        boolean[] added = {false};
        sessions.compute(key(session), (k, list) -> {
            List<ClientSession> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            if (next.size() < maxPerUser) {
                next.add(session);
                added[0] = true;
            }
            return List.copyOf(next);
        });
        String token = session.user().tokenHash();
        if (added[0] && token != null) {
            byToken.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet()).add(session);
        }
        return added[0];
    }

    public void unregister(ClientSession session) {
        sessions.computeIfPresent(key(session), (k, list) -> {
            List<ClientSession> next = new ArrayList<>(list);
            next.remove(session);
            updateOnline(k, next);
            return next.isEmpty() ? null : List.copyOf(next);
        });
        forgetToken(session);
    }

    /** A resumed session takes the place of the detached one it continues (XEP-0198 §5). */
    public void replace(ClientSession old, ClientSession successor) {
        sessions.compute(key(successor), (k, list) -> {
            List<ClientSession> next = list == null ? new ArrayList<>() : new ArrayList<>(list);
            next.remove(old);
            next.add(successor);
            updateOnline(k, next);
            return List.copyOf(next);
        });
        forgetToken(old);
        String token = successor.user().tokenHash();
        if (token != null) {
            byToken.computeIfAbsent(token, t -> ConcurrentHashMap.newKeySet()).add(successor);
        }
    }

    /** Re-evaluates whether the session's user is online after its availability changed. */
    public void availabilityChanged(ClientSession session) {
        sessions.computeIfPresent(key(session), (k, list) -> {
            updateOnline(k, list);
            return list;
        });
    }

    /** The user's bound sessions (possibly detached ones awaiting resumption). */
    public List<ClientSession> sessionsOf(long applicationId, long userId) {
        return sessions.getOrDefault(new UserKey(applicationId, userId), List.of());
    }

    public ClientSession byFullJid(long applicationId, long userId, String resource) {
        for (ClientSession session : sessionsOf(applicationId, userId)) {
            Jid jid = session.jid();
            if (jid != null && resource.equals(jid.resource())) {
                return session;
            }
        }
        return null;
    }

    public void detached(String streamId, ClientSession session) {
        detached.put(streamId, session);
    }

    public ClientSession detachedSession(String streamId) {
        return streamId == null ? null : detached.get(streamId);
    }

    public void forgetDetached(String streamId) {
        detached.remove(streamId);
    }

    /** Number of bound sessions, for metrics. */
    public int sessionCount() {
        return sessions.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public List<Long> onlineUserIds(long applicationId, int offset, int limit) {
        Set<Long> users = online.get(applicationId);
        return users == null ? List.of() : users.stream().skip(offset).limit(limit).toList();
    }

    @Override
    public int onlineCount(long applicationId) {
        Set<Long> users = online.get(applicationId);
        return users == null ? 0 : users.size();
    }

    @Override
    public void tokenRevoked(String tokenHash) {
        Set<ClientSession> affected = byToken.remove(tokenHash);
        if (affected != null) {
            affected.forEach(s -> s.closeFromAnyThread(StreamError.NOT_AUTHORIZED, "The session token was revoked"));
        }
    }

    @Override
    public void userDeleted(long applicationId, long userId) {
        sessionsOf(applicationId, userId).forEach(s -> s.closeFromAnyThread(StreamError.NOT_AUTHORIZED,
                "The account was deleted"));
    }

    private void updateOnline(UserKey key, List<ClientSession> list) {
        boolean any = list.stream().anyMatch(ClientSession::available);
        if (any) {
            online.computeIfAbsent(key.applicationId(), a -> new ConcurrentSkipListSet<>()).add(key.userId());
        } else {
            online.computeIfPresent(key.applicationId(), (a, set) -> {
                set.remove(key.userId());
                return set.isEmpty() ? null : set;
            });
        }
    }

    private void forgetToken(ClientSession session) {
        String token = session.user() == null ? null : session.user().tokenHash();
        if (token != null) {
            byToken.computeIfPresent(token, (t, set) -> {
                set.remove(session);
                return set.isEmpty() ? null : set;
            });
        }
    }

    private static UserKey key(ClientSession session) {
        return new UserKey(session.user().applicationId(), session.user().userId());
    }
}
