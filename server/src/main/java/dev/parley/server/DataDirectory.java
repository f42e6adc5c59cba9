package dev.parley.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Parley's data directory: the embedded database (which holds the applications' secrets and push credentials), the
 * generated TLS key and {@code default-app.json} (which holds the default application's auth secret). Everything
 * Parley creates here is readable by its owner only: the directory itself {@code 0700} when Parley creates it,
 * the database's directory {@code 0700} and secret files {@code 0600} always.
 */
final class DataDirectory {

    private static final Set<PosixFilePermission> OWNER_ONLY_DIRECTORY = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");

    private DataDirectory() {
    }

    /**
     * Creates the directory (and missing parents) unless it exists; returns its absolute path.
     *
     * @throws IllegalStateException naming the path and the reason when it cannot be created or is no directory
     */
    static Path prepare(Path dir) {
        Path absolute = dir.toAbsolutePath().normalize();
        try {
            if (!Files.isDirectory(absolute)) {
                Files.createDirectories(absolute);
                restrict(absolute, OWNER_ONLY_DIRECTORY);
            }
            return absolute;
        } catch (FileAlreadyExistsException | NotDirectoryException e) {
            throw new IllegalStateException("cannot create the data directory " + absolute + ": "
                    + e.getFile() + " exists and is not a directory");
        } catch (IOException | SecurityException e) {
            throw new IllegalStateException("cannot create the data directory " + absolute + ": " + reason(e));
        }
    }

    /** Writes {@code content} to {@code file} atomically, readable and writable by the owner only. */
    static void writeSecret(Path file, String content) {
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(temporary);
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY_FILE));
            Files.writeString(temporary, content);
            Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /** Makes an existing secret file owner-only (files written by earlier versions were world-readable). */
    static void restrictSecret(Path file) {
        if (Files.isRegularFile(file)) {
            try {
                restrict(file, OWNER_ONLY_FILE);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot make " + file + " readable by its owner only: " + reason(e), e);
            }
        }
    }

    /**
     * Makes the embedded database's directory ({@code db/}) and its files owner-only: the database holds the
     * applications' auth secrets and push credentials. Nothing to do for an external database.
     */
    static void restrictDatabase(Path dataDir) {
        Path db = dataDir.resolve("db");
        if (!Files.isDirectory(db)) {
            return;
        }
        try (var files = Files.list(db)) {
            restrict(db, OWNER_ONLY_DIRECTORY);
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                restrict(file, OWNER_ONLY_FILE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make " + db + " readable by its owner only: " + reason(e), e);
        }
    }

    private static void restrict(Path path, Set<PosixFilePermission> permissions) throws IOException {
        if (Files.getFileStore(path).supportsFileAttributeView("posix")) {
            Files.setPosixFilePermissions(path, permissions);
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
