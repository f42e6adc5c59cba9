package dev.parley.storage.jdbc;

import dev.parley.storage.PushCredentialsRepository;
import dev.parley.storage.model.PushCredentials;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Push credentials in one row per application ({@code V7__push_credentials.sql}), made on the first write. The
 * VAPID key pair is set only where none is, so that concurrent first uses agree on one pair.
 */
public final class JdbcPushCredentialsRepository implements PushCredentialsRepository {

    private final Jdbc jdbc;

    public JdbcPushCredentialsRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public PushCredentials find(long applicationId) {
        return jdbc.queryOne("SELECT * FROM push_credentials WHERE application_id = ?", List.of(applicationId),
                JdbcPushCredentialsRepository::map).orElse(PushCredentials.NONE);
    }

    @Override
    public void setApns(long applicationId, PushCredentials.Apns apns, Instant now) {
        ensureRow(applicationId, now);
        jdbc.update("UPDATE push_credentials SET apns_key = ?, apns_key_id = ?, apns_team_id = ?, apns_bundle_id = ?,"
                + " apns_sandbox = ?, updated_at = ? WHERE application_id = ?", Arrays.asList(
                apns == null ? null : apns.privateKeyPem(), apns == null ? null : apns.keyId(),
                apns == null ? null : apns.teamId(), apns == null ? null : apns.bundleId(),
                apns == null ? null : apns.sandbox(), now, applicationId));
    }

    @Override
    public void setFcm(long applicationId, PushCredentials.Fcm fcm, Instant now) {
        ensureRow(applicationId, now);
        jdbc.update("UPDATE push_credentials SET fcm_service_account = ?, updated_at = ? WHERE application_id = ?",
                Arrays.asList(fcm == null ? null : fcm.serviceAccountJson(), now, applicationId));
    }

    @Override
    public void setVapid(long applicationId, PushCredentials.Vapid vapid, Instant now) {
        ensureRow(applicationId, now);
        jdbc.update("UPDATE push_credentials SET vapid_public_key = ?, vapid_private_key = ?, vapid_subject = ?,"
                + " updated_at = ? WHERE application_id = ?", Arrays.asList(vapid.publicKey(), vapid.privateKey(),
                vapid.subject(), now, applicationId));
    }

    @Override
    public PushCredentials.Vapid ensureVapid(long applicationId, PushCredentials.Vapid candidate, Instant now) {
        ensureRow(applicationId, now);
        jdbc.update("UPDATE push_credentials SET vapid_public_key = ?, vapid_private_key = ?, vapid_subject = ?,"
                + " updated_at = ? WHERE application_id = ? AND vapid_public_key IS NULL", Arrays.asList(
                candidate.publicKey(), candidate.privateKey(), candidate.subject(), now, applicationId));
        return find(applicationId).vapid();
    }

    @Override
    public Optional<Boolean> callPush(long applicationId) {
        return jdbc.queryOne("SELECT call_push FROM push_credentials WHERE application_id = ?", List.of(applicationId),
                rs -> {
                    boolean value = rs.getBoolean(1);
                    return rs.wasNull() ? Optional.<Boolean>empty() : Optional.of(value);
                }).flatMap(value -> value);
    }

    @Override
    public void setCallPush(long applicationId, Boolean callPush, Instant now) {
        ensureRow(applicationId, now);
        jdbc.update("UPDATE push_credentials SET call_push = ?, updated_at = ? WHERE application_id = ?",
                Arrays.asList(callPush, now, applicationId));
    }

    /** Makes the application's row unless it exists; a concurrent maker's row is as good. */
    private void ensureRow(long applicationId, Instant now) {
        try {
            jdbc.updateChecked("INSERT INTO push_credentials (application_id, updated_at) SELECT ?, ? WHERE NOT EXISTS"
                    + " (SELECT 1 FROM push_credentials WHERE application_id = ?)", List.of(applicationId, now,
                    applicationId));
        } catch (SQLException e) {
            if (!Jdbc.isUniqueViolation(e)) {
                throw Jdbc.wrap(e);
            }
        }
    }

    private static PushCredentials map(ResultSet rs) throws SQLException {
        String apnsKey = rs.getString("apns_key");
        PushCredentials.Apns apns = apnsKey == null ? null : new PushCredentials.Apns(apnsKey, rs.getString("apns_key_id"),
                rs.getString("apns_team_id"), rs.getString("apns_bundle_id"), rs.getBoolean("apns_sandbox"));
        String serviceAccount = rs.getString("fcm_service_account");
        PushCredentials.Fcm fcm = serviceAccount == null ? null : new PushCredentials.Fcm(serviceAccount);
        String vapidPublic = rs.getString("vapid_public_key");
        PushCredentials.Vapid vapid = vapidPublic == null ? null : new PushCredentials.Vapid(vapidPublic,
                rs.getString("vapid_private_key"), rs.getString("vapid_subject"));
        return new PushCredentials(apns, fcm, vapid);
    }
}
