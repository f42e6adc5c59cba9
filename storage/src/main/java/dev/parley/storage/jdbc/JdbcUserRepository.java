package dev.parley.storage.jdbc;

import dev.parley.storage.DuplicateUserException;
import dev.parley.storage.StorageException;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.User;
import dev.parley.storage.model.UserQuery;

import javax.sql.DataSource;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

public final class JdbcUserRepository implements UserRepository {

    private static final String COLUMNS = "id, application_id, login, email, full_name, phone, website, external_user_id,"
            + " custom_data, avatar, user_tags, timezone, is_guest, password_hash, created_at, updated_at, last_request_at";

    private final Jdbc jdbc;

    public JdbcUserRepository(DataSource dataSource) {
        this.jdbc = new Jdbc(dataSource);
    }

    @Override
    public User create(long applicationId, User.Profile p, boolean guest, String passwordHash, Instant now) {
        try {
            long id = jdbc.insert("INSERT INTO users (application_id, login, login_lc, email, email_lc, full_name, phone,"
                            + " website, external_user_id, custom_data, avatar, user_tags, timezone, is_guest, password_hash,"
                            + " created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    Arrays.asList(applicationId, p.login(), lower(p.login()), p.email(), lower(p.email()), p.fullName(),
                            p.phone(), p.website(), p.externalUserId(), p.customData(), p.avatar(), p.userTags(),
                            p.timezone(), guest, passwordHash, now, now));
            return new User(id, applicationId, p.login(), p.email(), p.fullName(), p.phone(), p.website(),
                    p.externalUserId(), p.customData(), p.avatar(), p.userTags(), p.timezone(), guest, passwordHash,
                    now, now, null);
        } catch (SQLException e) {
            throw translate(e);
        }
    }

    @Override
    public Optional<User> findById(long applicationId, long id) {
        return findOne("id = ?", applicationId, id);
    }

    @Override
    public Optional<User> findById(long id) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE id = ?", List.of(id), JdbcUserRepository::map);
    }

    @Override
    public Optional<User> findByLogin(long applicationId, String login) {
        return findOne("login_lc = ?", applicationId, lower(login));
    }

    @Override
    public Optional<User> findByEmail(long applicationId, String email) {
        return findOne("email_lc = ?", applicationId, lower(email));
    }

    @Override
    public Optional<User> findByPhone(long applicationId, String phone) {
        return findOne("phone = ?", applicationId, phone);
    }

    @Override
    public Optional<User> findByExternalId(long applicationId, long externalUserId) {
        return findOne("external_user_id = ?", applicationId, externalUserId);
    }

    @Override
    public User update(long applicationId, long id, User.Profile p, String passwordHash, Instant now) {
        String sql = "UPDATE users SET login = ?, login_lc = ?, email = ?, email_lc = ?, full_name = ?, phone = ?,"
                + " website = ?, external_user_id = ?, custom_data = ?, avatar = ?, user_tags = ?, timezone = ?,"
                + " updated_at = ?" + (passwordHash != null ? ", password_hash = ?" : "")
                + " WHERE application_id = ? AND id = ?";
        List<Object> params = new ArrayList<>(Arrays.asList(p.login(), lower(p.login()), p.email(), lower(p.email()),
                p.fullName(), p.phone(), p.website(), p.externalUserId(), p.customData(), p.avatar(), p.userTags(),
                p.timezone(), now));
        if (passwordHash != null) {
            params.add(passwordHash);
        }
        params.add(applicationId);
        params.add(id);
        try {
            jdbc.updateChecked(sql, params);
        } catch (SQLException e) {
            throw translate(e);
        }
        return findById(applicationId, id).orElseThrow(() -> new StorageException("user " + id + " vanished during update", null));
    }

    @Override
    public boolean delete(long applicationId, long id) {
        return jdbc.update("DELETE FROM users WHERE application_id = ? AND id = ?", List.of(applicationId, id)) > 0;
    }

    @Override
    public UserQuery.Page list(UserQuery query) {
        UserSqlFilter filter = UserSqlFilter.of(query);
        long total = jdbc.queryLong("SELECT COUNT(*) FROM users WHERE " + filter.where(), filter.params());
        List<Object> params = new ArrayList<>(filter.params());
        params.add(query.limit());
        params.add(query.offset());
        List<User> items = jdbc.query("SELECT " + COLUMNS + " FROM users WHERE " + filter.where()
                        + " ORDER BY " + query.sortField().column() + (query.ascending() ? " ASC" : " DESC") + ", id ASC"
                        + " LIMIT ? OFFSET ?",
                params, JdbcUserRepository::map);
        return new UserQuery.Page(total, items);
    }

    @Override
    public void touchLastRequest(long id, Instant now) {
        jdbc.update("UPDATE users SET last_request_at = ? WHERE id = ?", List.of(now, id));
    }

    @Override
    public int deleteOrphanGuests(Instant createdBefore) {
        return jdbc.update("DELETE FROM users WHERE is_guest = TRUE AND created_at < ?"
                + " AND NOT EXISTS (SELECT 1 FROM sessions WHERE sessions.user_id = users.id)", List.of(createdBefore));
    }

    private Optional<User> findOne(String condition, long applicationId, Object value) {
        return jdbc.queryOne("SELECT " + COLUMNS + " FROM users WHERE application_id = ? AND " + condition
                + " ORDER BY id LIMIT 1", List.of(applicationId, value), JdbcUserRepository::map);
    }

    private static RuntimeException translate(SQLException e) {
        if (Jdbc.isUniqueViolation(e)) {
            String message = String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT);
            if (message.contains("uq_users_login")) {
                return new DuplicateUserException("login", e);
            }
            if (message.contains("uq_users_email")) {
                return new DuplicateUserException("email", e);
            }
            if (message.contains("uq_users_external_id")) {
                return new DuplicateUserException("external_user_id", e);
            }
        }
        return Jdbc.wrap(e);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static User map(ResultSet rs) throws SQLException {
        int timezone = rs.getInt("timezone");
        Integer tz = rs.wasNull() ? null : timezone;
        return new User(rs.getLong("id"), rs.getLong("application_id"), rs.getString("login"), rs.getString("email"),
                rs.getString("full_name"), rs.getString("phone"), rs.getString("website"),
                Jdbc.nullableLong(rs, "external_user_id"), rs.getString("custom_data"), rs.getString("avatar"),
                rs.getString("user_tags"), tz, rs.getBoolean("is_guest"), rs.getString("password_hash"),
                Jdbc.instant(rs, "created_at"), Jdbc.instant(rs, "updated_at"), Jdbc.instant(rs, "last_request_at"));
    }
}
