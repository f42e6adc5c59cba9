package db.migration;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.text.Normalizer;
import java.util.Locale;

/**
 * Logins and e-mails are looked up in Unicode NFC since issue 10 (a login typed decomposed and one typed
 * composed are the same login). Rows stored before then are brought to NFC here, so that their users can
 * still log in. A row whose NFC form would clash with another user's is left as it was, and logged: two
 * accounts that only looked alike stay apart. Plain JDBC, the same on H2 and PostgreSQL.
 */
public final class V5__Normalise_identifiers extends BaseJavaMigration {

    private static final Logger LOG = LoggerFactory.getLogger(V5__Normalise_identifiers.class);

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        try (PreparedStatement select = connection.prepareStatement("SELECT id, login, email FROM users");
             ResultSet rows = select.executeQuery();
             PreparedStatement update = connection.prepareStatement(
                     "UPDATE users SET login = ?, login_lc = ?, email = ?, email_lc = ? WHERE id = ?")) {
            while (rows.next()) {
                String login = rows.getString("login");
                String email = rows.getString("email");
                String nfcLogin = nfc(login);
                String nfcEmail = nfc(email);
                if (same(login, nfcLogin) && same(email, nfcEmail)) {
                    continue;
                }
                long id = rows.getLong("id");
                update.setString(1, nfcLogin);
                update.setString(2, lower(nfcLogin));
                update.setString(3, nfcEmail);
                update.setString(4, lower(nfcEmail));
                update.setLong(5, id);
                Savepoint before = connection.setSavepoint();
                try {
                    update.executeUpdate();
                    connection.releaseSavepoint(before);
                } catch (SQLException clash) {
                    connection.rollback(before);
                    LOG.warn("User {} keeps its login and e-mail as stored: in NFC they would be another user's", id);
                }
            }
        }
    }

    private static String nfc(String value) {
        return value == null ? null : Normalizer.normalize(value, Normalizer.Form.NFC);
    }

    private static String lower(String value) {
        return value == null ? null : value.toLowerCase(Locale.ROOT);
    }

    private static boolean same(String a, String b) {
        return a == null ? b == null : a.equals(b);
    }
}
