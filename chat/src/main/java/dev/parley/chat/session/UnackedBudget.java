package dev.parley.chat.session;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The memory the server spends on stanzas that clients have not acknowledged yet (XEP-0198 keeps them for
 * resending): bounded per connection by {@link StreamManagement} itself, and here per user (over all the
 * user's connections) and over the whole server, so that no client that stops acknowledging, alone or with
 * others, can fill the heap. Amounts are {@link dev.parley.chat.xml.XmlElement#weight() weights}.
 *
 * <p>Thread-safe: connections on every event loop reserve and release concurrently; each user's amount and
 * the total are atomics, and a user's entry disappears when it drops to zero.
 */
public final class UnackedBudget {

    /** Why a reservation was refused. */
    public enum Refusal { NONE, USER, SERVER }

    private record UserKey(long applicationId, long userId) {
    }

    private final long perUser;
    private final long total;
    private final ConcurrentHashMap<UserKey, AtomicLong> byUser = new ConcurrentHashMap<>();
    private final AtomicLong used = new AtomicLong();

    public UnackedBudget(long perUser, long total) {
        if (perUser < 1 || total < 1) {
            throw new IllegalArgumentException("unacknowledged-stanza budgets must be positive");
        }
        this.perUser = perUser;
        this.total = total;
    }

    /**
     * Reserves {@code bytes} for the user; on refusal nothing is reserved. A user whose amount is zero may
     * always reserve one stanza, however large, so that the budgets never refuse a client that keeps up.
     */
    public Refusal reserve(long applicationId, long userId, long bytes) {
        if (used.addAndGet(bytes) > total) {
            used.addAndGet(-bytes);
            return Refusal.SERVER;
        }
        Refusal[] refusal = {Refusal.NONE};
        byUser.compute(new UserKey(applicationId, userId), (key, amount) -> {
            AtomicLong current = amount == null ? new AtomicLong() : amount;
            long before = current.get();
            if (before > 0 && before + bytes > perUser) {
                refusal[0] = Refusal.USER;
            } else {
                current.addAndGet(bytes);
            }
            return current.get() == 0 ? null : current;
        });
        if (refusal[0] != Refusal.NONE) {
            used.addAndGet(-bytes);
        }
        return refusal[0];
    }

    /** Gives back what an acknowledgement, a resend into storage or a closed connection released. */
    public void release(long applicationId, long userId, long bytes) {
        if (bytes == 0) {
            return;
        }
        byUser.computeIfPresent(new UserKey(applicationId, userId), (key, amount) ->
                amount.addAndGet(-bytes) <= 0 ? null : amount);
        used.addAndGet(-bytes);
    }

    /** What is reserved now over the whole server, for the metrics gauge and tests. */
    public long used() {
        return used.get();
    }

    /** What is reserved now for one user. */
    public long usedBy(long applicationId, long userId) {
        AtomicLong amount = byUser.get(new UserKey(applicationId, userId));
        return amount == null ? 0 : amount.get();
    }

    public long perUser() {
        return perUser;
    }

    public long total() {
        return total;
    }
}
