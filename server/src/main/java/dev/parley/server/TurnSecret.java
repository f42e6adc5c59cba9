package dev.parley.server;

import dev.parley.common.security.SecureTokens;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * The secret Parley shares with coturn ({@code static-auth-secret}), which TURN credentials are signed with:
 * {@code parley.turn.secret} when set, else the one generated into {@code data-dir/turn-secret} on first start (the
 * file is owner-only, like every secret Parley generates). The server and {@code parley turn config} resolve it the
 * same way, so the printed coturn configuration matches the running server.
 */
final class TurnSecret {

    static final String FILE = "turn-secret";
    /** What coturn's configuration file can hold as one value: no spaces, no comment sign. */
    private static final Pattern ALLOWED = Pattern.compile("[!-~&&[^#\"']]{16,256}");

    private TurnSecret() {
    }

    /** The configured secret, or the data directory's (generated when missing). */
    static String resolve(String configured, Path dataDir) {
        if (!configured.isEmpty()) {
            if (!ALLOWED.matcher(configured).matches()) {
                throw new IllegalArgumentException("parley.turn.secret must be 16 to 256 printable ASCII characters "
                        + "without spaces, quotes or '#' (coturn's configuration file holds it as static-auth-secret)");
            }
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        if (Files.isRegularFile(file)) {
            DataDirectory.restrictSecret(file);
            try {
                String stored = Files.readString(file).strip();
                if (!ALLOWED.matcher(stored).matches()) {
                    throw new IllegalStateException(file + " does not hold a TURN secret (16 to 256 printable ASCII "
                            + "characters); delete it to have a new one generated, then update coturn's static-auth-secret");
                }
                return stored;
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
            }
        }
        String generated = SecureTokens.urlSafe(32);
        DataDirectory.writeSecret(file, generated + "\n");
        return generated;
    }
}
