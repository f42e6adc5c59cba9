package dev.parley.api.session;

import dev.parley.api.http.ApiException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordHasherTest {

    private final PasswordHasher hasher = new PasswordHasher(new PasswordHasher.Cost(1024, 1, 1), 1, 4);

    @AfterEach
    void close() {
        hasher.close();
    }

    @Test
    void hashIsAnArgon2idPhcStringThatVerifies() {
        String hash = hasher.hash("correct horse");
        assertThat(hash).matches("\\$argon2id\\$v=19\\$m=1024,t=1,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(hasher.verify("correct horse", hash)).isTrue();
        assertThat(hasher.verify("correct horsE", hash)).isFalse();
        assertThat(hasher.hash("correct horse")).as("salted").isNotEqualTo(hash);
    }

    @Test
    void verificationReadsTheCostFromTheStoredHash() {
        String stronger = PasswordHasher.compute("pw", new PasswordHasher.Cost(2048, 2, 1), new byte[16]);
        assertThat(hasher.verify("pw", stronger)).isTrue();
    }

    @Test
    void agreesWithTheReferenceImplementation() {
        // Known answers from the reference implementation (Debian's argon2 CLI, phc-winner-argon2):
        //   echo -n password | argon2 somesalt -id -t 2 -k 65536 -p 1 -l 32 -e
        //   echo -n password | argon2 somesalt -id -t 1 -k 1024 -p 1 -l 32 -e
        String reference = "$argon2id$v=19$m=65536,t=2,p=1$c29tZXNhbHQ$CTFhFdXPJO1aFaMaO6Mm5c8y7cJHAph8ArZWb2GRPPc";
        assertThat(PasswordHasher.matches("password", reference)).isTrue();
        assertThat(PasswordHasher.matches("passwore", reference)).isFalse();
        assertThat(PasswordHasher.compute("password", new PasswordHasher.Cost(1024, 1, 1),
                "somesalt".getBytes(java.nio.charset.StandardCharsets.US_ASCII)))
                .isEqualTo("$argon2id$v=19$m=1024,t=1,p=1$c29tZXNhbHQ$yOmu3JVvan3/Ck1ClA32KGI/Mo6hI1AFq6yTPFcJPiM");
    }

    @Test
    void malformedStoredHashesNeverMatch() {
        assertThat(hasher.verify("x", null)).isFalse();
        assertThat(hasher.verify("x", "plain")).isFalse();
        assertThat(hasher.verify("x", "$argon2i$v=19$m=1024,t=1,p=1$AAAA$AAAA")).isFalse();
        assertThat(hasher.verify("x", "$argon2id$v=19$m=zz,t=1,p=1$AAAA$AAAA")).isFalse();
    }

    @Test
    void fullQueueFailsFastWith503() throws Exception {
        PasswordHasher slow = new PasswordHasher(new PasswordHasher.Cost(65536, 3, 1), 1, 1);
        ExecutorService callers = Executors.newFixedThreadPool(8);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(callers.submit(() -> {
                    go.await();
                    return slow.hash("pw");
                }));
            }
            go.countDown();
            int rejected = 0;
            for (Future<?> call : calls) {
                try {
                    call.get();
                } catch (java.util.concurrent.ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(ApiException.class);
                    assertThat(((ApiException) e.getCause()).status()).isEqualTo(503);
                    rejected++;
                }
            }
            assertThat(rejected).as("one runs, one waits, the rest are refused").isGreaterThanOrEqualTo(1);
        } finally {
            callers.shutdownNow();
            slow.close();
        }
    }
}
