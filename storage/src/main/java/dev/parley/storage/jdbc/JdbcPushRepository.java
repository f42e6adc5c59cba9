package dev.parley.storage.jdbc;

import dev.parley.storage.PushRepository;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushDelivery;
import dev.parley.storage.model.PushEvent;
import dev.parley.storage.model.PushSubscription;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Push subscriptions, events and deliveries in three tables ({@code V6__push.sql}). Replacing a subscription and
 * queueing an event's deliveries are each one transaction; two devices racing to subscribe the same udid are told
 * apart by the unique constraint, and the loser tries again.
 */
public final class JdbcPushRepository implements PushRepository {

    private static final String SUBSCRIPTION_COLUMNS = "id, application_id, user_id, channel, udid, platform, environment,"
            + " token, bundle_identifier, web_endpoint, web_auth, web_p256dh, created_at, updated_at";
    /** Attempts at a subscription that keeps losing the unique-constraint race before giving up. */
    private static final int SUBSCRIBE_ATTEMPTS = 3;

    private final Jdbc jdbc;

    public JdbcPushRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public Optional<PushSubscription> subscribe(long applicationId, long userId, PushSubscription.Details details,
                                                Instant now, int maxPerUser) {
        for (int attempt = 1; ; attempt++) {
            try {
                return trySubscribe(applicationId, userId, details, now, maxPerUser);
            } catch (RuntimeException e) {
                if (attempt >= SUBSCRIBE_ATTEMPTS || !(e.getCause() instanceof SQLException sql)
                        || !Jdbc.isUniqueViolation(sql)) {
                    throw e;
                }
            }
        }
    }

    private Optional<PushSubscription> trySubscribe(long applicationId, long userId, PushSubscription.Details d,
                                                    Instant now, int maxPerUser) {
        long[] id = new long[1];
        boolean stored = jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "DELETE FROM push_subscriptions WHERE application_id = ? AND channel = ? AND udid = ?")) {
                ps.setLong(1, applicationId);
                ps.setString(2, d.channel().wireName());
                ps.setString(3, d.udid());
                ps.executeUpdate();
            }
            if (count(c, userId) >= maxPerUser) {
                return false;
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO push_subscriptions (application_id, user_id,"
                    + " channel, udid, platform, environment, token, bundle_identifier, web_endpoint, web_auth, web_p256dh,"
                    + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, applicationId);
                ps.setLong(2, userId);
                ps.setString(3, d.channel().wireName());
                ps.setString(4, d.udid());
                ps.setString(5, d.platform());
                ps.setString(6, d.environment());
                ps.setString(7, d.token());
                ps.setString(8, d.bundleIdentifier());
                ps.setString(9, d.webEndpoint());
                ps.setString(10, d.webAuth());
                ps.setString(11, d.webP256dh());
                ps.setObject(12, utc(now));
                ps.setObject(13, utc(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key for a push subscription");
                    }
                    id[0] = keys.getLong(1);
                }
            }
            return true;
        });
        return stored ? Optional.of(new PushSubscription(id[0], applicationId, userId, d, now, now)) : Optional.empty();
    }

    private static long count(Connection c, long userId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM push_subscriptions WHERE user_id = ?")) {
            ps.setLong(1, userId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    @Override
    public List<PushSubscription> subscriptions(long applicationId, long userId) {
        return jdbc.query("SELECT " + SUBSCRIPTION_COLUMNS + " FROM push_subscriptions WHERE application_id = ?"
                + " AND user_id = ? ORDER BY id", List.of(applicationId, userId), JdbcPushRepository::subscription);
    }

    @Override
    public boolean unsubscribe(long applicationId, long userId, long subscriptionId) {
        return jdbc.update("DELETE FROM push_subscriptions WHERE application_id = ? AND user_id = ? AND id = ?",
                List.of(applicationId, userId, subscriptionId)) > 0;
    }

    @Override
    public List<PushSubscription> subscriptionsOf(long applicationId, Collection<Long> userIds) {
        if (userIds.isEmpty()) {
            return List.of();
        }
        List<Object> params = new ArrayList<>();
        params.add(applicationId);
        params.addAll(userIds);
        return jdbc.query("SELECT " + SUBSCRIPTION_COLUMNS + " FROM push_subscriptions WHERE application_id = ?"
                + " AND user_id IN (" + String.join(", ", Collections.nCopies(userIds.size(), "?")) + ") ORDER BY id",
                params, JdbcPushRepository::subscription);
    }

    @Override
    public PushEvent createEvent(long applicationId, Long senderId, PushEvent.Details d, List<Long> subscriptionIds,
                                 Instant now) {
        long[] id = new long[1];
        jdbc.inTransaction(c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO push_events (application_id, sender_id, name,"
                    + " environment, push_type, message, tag_query, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                    Statement.RETURN_GENERATED_KEYS)) {
                ps.setLong(1, applicationId);
                ps.setObject(2, senderId, java.sql.Types.BIGINT);
                ps.setString(3, d.name());
                ps.setString(4, d.environment());
                ps.setString(5, d.pushType() == null ? null : d.pushType().wireName());
                ps.setString(6, d.message());
                ps.setString(7, d.tagQuery());
                ps.setObject(8, utc(now));
                ps.executeUpdate();
                try (ResultSet keys = ps.getGeneratedKeys()) {
                    if (!keys.next()) {
                        throw new SQLException("no generated key for a push event");
                    }
                    id[0] = keys.getLong(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO push_deliveries (application_id, event_id,"
                    + " subscription_id, attempts, next_attempt_at, created_at) VALUES (?, ?, ?, 0, ?, ?)")) {
                for (long subscriptionId : subscriptionIds) {
                    ps.setLong(1, applicationId);
                    ps.setLong(2, id[0]);
                    ps.setLong(3, subscriptionId);
                    ps.setObject(4, utc(now));
                    ps.setObject(5, utc(now));
                    ps.addBatch();
                }
                ps.executeBatch();
            }
            return true;
        });
        return new PushEvent(id[0], applicationId, senderId, d, now);
    }

    @Override
    public long queued(long applicationId) {
        return jdbc.queryLong("SELECT COUNT(*) FROM push_deliveries WHERE application_id = ?", List.of(applicationId));
    }

    @Override
    public long queued() {
        return jdbc.queryLong("SELECT COUNT(*) FROM push_deliveries", List.of());
    }

    @Override
    public List<PushDelivery> claimDue(Instant now, Instant leaseUntil, int limit) {
        List<PushDelivery> due = jdbc.query("SELECT d.id AS delivery_id, d.attempts, d.next_attempt_at,"
                + " e.id AS event_id, e.sender_id, e.name, e.environment AS event_environment, e.push_type, e.message,"
                + " e.tag_query, e.created_at AS event_created_at, s." + SUBSCRIPTION_COLUMNS.replace(", ", ", s.")
                + " FROM push_deliveries d JOIN push_events e ON e.id = d.event_id"
                + " JOIN push_subscriptions s ON s.id = d.subscription_id"
                + " WHERE d.next_attempt_at <= ? ORDER BY d.next_attempt_at, d.id LIMIT ?",
                List.of(now, limit), JdbcPushRepository::delivery);
        List<PushDelivery> claimed = new ArrayList<>(due.size());
        for (PushDelivery delivery : due) {
            // Taken only if nobody else moved it since it was read.
            if (jdbc.update("UPDATE push_deliveries SET next_attempt_at = ? WHERE id = ? AND next_attempt_at = ?",
                    List.of(leaseUntil, delivery.id(), delivery.nextAttemptAt())) == 1) {
                claimed.add(delivery);
            }
        }
        return claimed;
    }

    @Override
    public void complete(PushDelivery delivery) {
        jdbc.update("DELETE FROM push_deliveries WHERE id = ?", List.of(delivery.id()));
        jdbc.update("DELETE FROM push_events WHERE id = ? AND NOT EXISTS (SELECT 1 FROM push_deliveries WHERE event_id = ?)",
                List.of(delivery.event().id(), delivery.event().id()));
    }

    @Override
    public void retry(PushDelivery delivery, Instant next) {
        jdbc.update("UPDATE push_deliveries SET attempts = ?, next_attempt_at = ? WHERE id = ?",
                List.of(delivery.attempts() + 1, next, delivery.id()));
    }

    @Override
    public void deleteSubscription(long subscriptionId) {
        jdbc.update("DELETE FROM push_subscriptions WHERE id = ?", List.of(subscriptionId));
    }

    private static PushDelivery delivery(ResultSet rs) throws SQLException {
        String pushType = rs.getString("push_type");
        PushEvent event = new PushEvent(rs.getLong("event_id"), rs.getLong("application_id"),
                Jdbc.nullableLong(rs, "sender_id"), new PushEvent.Details(rs.getString("name"),
                rs.getString("event_environment"), pushType == null ? null : PushChannel.byWireName(pushType).orElse(null),
                rs.getString("message"), rs.getString("tag_query")), Jdbc.instant(rs, "event_created_at"));
        return new PushDelivery(rs.getLong("delivery_id"), rs.getLong("application_id"), rs.getInt("attempts"),
                Jdbc.instant(rs, "next_attempt_at"), event, subscription(rs));
    }

    private static PushSubscription subscription(ResultSet rs) throws SQLException {
        String name = rs.getString("channel");
        PushChannel channel = PushChannel.byWireName(name)
                .orElseThrow(() -> new IllegalStateException("unknown push channel in the database: " + name));
        return new PushSubscription(rs.getLong("id"), rs.getLong("application_id"), rs.getLong("user_id"),
                new PushSubscription.Details(channel, rs.getString("udid"), rs.getString("platform"),
                        rs.getString("environment"), rs.getString("token"), rs.getString("bundle_identifier"),
                        rs.getString("web_endpoint"), rs.getString("web_auth"), rs.getString("web_p256dh")),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"));
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }
}
