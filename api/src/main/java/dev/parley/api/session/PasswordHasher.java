package dev.parley.api.session;

import dev.parley.api.http.ApiException;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Argon2id password hashes (RFC 9106) in the PHC string format
 * {@code $argon2id$v=19$m=19456,t=2,p=1$salt$hash}. Hashing is CPU- and memory-bound, so it runs on its own
 * small pool with a bounded queue: callers block (they are virtual threads, never an event loop), and when
 * the queue is full the request fails fast with 503 instead of piling up. Verification reads the cost from
 * the stored string, so raising the cost later keeps old hashes valid. Thread-safe.
 */
public final class PasswordHasher implements AutoCloseable {

    /** Argon2id cost. */
    public record Cost(int memoryKib, int iterations, int parallelism) {
    }

    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;
    private static final Base64.Encoder B64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder B64D = Base64.getDecoder();

    private final Cost cost;
    private final ThreadPoolExecutor pool;
    private final SecureRandom random = new SecureRandom();
    /** A hash of a random password, verified against when a login names no user, so timing reveals nothing. */
    private final String decoy;

    public PasswordHasher(Cost cost, int threads, int queueSize) {
        this.cost = cost;
        AtomicInteger counter = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.SECONDS, new ArrayBlockingQueue<>(queueSize),
                r -> {
                    Thread t = new Thread(r, "parley-password-hash-" + counter.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        this.decoy = compute("decoy-" + random.nextLong(), cost, newSalt());
    }

    public String hash(String password) {
        byte[] salt = newSalt();
        return run(() -> compute(password, cost, salt));
    }

    /** True when the password matches the PHC string. A malformed stored string never matches. */
    public boolean verify(String password, String phc) {
        return run(() -> matches(password, phc));
    }

    /** Spends the same time as a real verification, for logins that name no existing user. */
    public void verifyDecoy(String password) {
        run(() -> matches(password, decoy));
    }

    @Override
    public void close() {
        pool.shutdownNow();
    }

    private <T> T run(Callable<T> task) {
        Future<T> future;
        try {
            future = pool.submit(task);
        } catch (RejectedExecutionException e) {
            throw ApiException.busy("password hashing queue is full");
        }
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw ApiException.busy("interrupted");
        } catch (ExecutionException e) {
            throw new IllegalStateException("password hashing failed", e.getCause());
        }
    }

    private byte[] newSalt() {
        byte[] salt = new byte[SALT_BYTES];
        random.nextBytes(salt);
        return salt;
    }

    static String compute(String password, Cost cost, byte[] salt) {
        byte[] hash = argon2(password, cost, salt, HASH_BYTES);
        return "$argon2id$v=19$m=" + cost.memoryKib() + ",t=" + cost.iterations() + ",p=" + cost.parallelism()
                + "$" + B64.encodeToString(salt) + "$" + B64.encodeToString(hash);
    }

    static boolean matches(String password, String phc) {
        if (phc == null) {
            return false;
        }
        String[] parts = phc.split("\\$");
        // ["", "argon2id", "v=19", "m=..,t=..,p=..", salt, hash]
        if (parts.length != 6 || !parts[1].equals("argon2id") || !parts[2].equals("v=19")) {
            return false;
        }
        try {
            int m = 0;
            int t = 0;
            int p = 0;
            for (String setting : parts[3].split(",")) {
                int value = Integer.parseInt(setting.substring(2));
                switch (setting.substring(0, 2)) {
                    case "m=" -> m = value;
                    case "t=" -> t = value;
                    case "p=" -> p = value;
                    default -> {
                        return false;
                    }
                }
            }
            byte[] salt = B64D.decode(parts[4]);
            byte[] expected = B64D.decode(parts[5]);
            byte[] actual = argon2(password, new Cost(m, t, p), salt, expected.length);
            return MessageDigest.isEqual(expected, actual);
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            return false;
        }
    }

    private static byte[] argon2(String password, Cost cost, byte[] salt, int length) {
        Argon2Parameters parameters = new Argon2Parameters.Builder(Argon2Parameters.ARGON2_id)
                .withVersion(Argon2Parameters.ARGON2_VERSION_13)
                .withMemoryAsKB(cost.memoryKib())
                .withIterations(cost.iterations())
                .withParallelism(cost.parallelism())
                .withSalt(salt)
                .build();
        Argon2BytesGenerator generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.getBytes(StandardCharsets.UTF_8), out);
        return out;
    }
}
