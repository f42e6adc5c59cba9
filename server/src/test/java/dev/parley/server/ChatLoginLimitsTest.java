package dev.parley.server;

import dev.parley.server.XmppFixture.User;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Password guessing over XMPP (RFC 6120 §6.4, §6.5): every password check is counted against the client
 * address's and the account's budgets before it is made, so parallel connections cannot outrun them; while a
 * budget is spent new attempts are refused with temporary-auth-failure; session tokens are not counted; a
 * check the server could not make is temporary-auth-failure and no guess.
 */
class ChatLoginLimitsTest {

    @TempDir
    Path dataDir;

    private TestServer server;

    private TestServer start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(Map.of("parley.chat.tcp-require-tls", false,
                "parley.chat.auth-failure-burst", 10_000, "parley.chat.auth-failures-per-second", 10_000,
                "parley.chat.account-failure-burst", 10_000, "parley.chat.account-failures-per-second", 10_000));
        all.putAll(settings);
        server = TestServer.start(dataDir, all);
        return server;
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void eightParallelConnectionsFromOneAddressGetNoMoreChecksThanTheBudget() throws Exception {
        start(Map.of("parley.chat.auth-failure-burst", 10, "parley.chat.auth-failures-per-second", 0.2));
        User target = new XmppFixture(server).newUser("guessed");
        AtomicInteger checked = new AtomicInteger();
        AtomicInteger refused = new AtomicInteger();
        long started = System.nanoTime();
        PingProbe bystander = PingProbe.start(server, new XmppFixture(server).newUser("guess-bystander"));
        Parallel.run(8, guesser -> {
            for (int attempt = 0; attempt < 8; attempt++) {
                try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.0.2").opened()) {
                    String answer = tcp.authenticate(target.authcid(), "guess-" + guesser + "-" + attempt);
                    if (answer.contains("not-authorized")) {
                        checked.incrementAndGet();
                    } else {
                        assertThat(answer).contains("temporary-auth-failure").contains("Too many failed logins");
                        assertThat(tcp.awaitClosed()).as("a refused connection is closed").isTrue();
                        refused.incrementAndGet();
                    }
                }
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        bystander.stop("password guessing from 8 parallel connections");
        bystander.close();
        System.out.printf("Password guessing: %d checked, %d refused in %.1f s from 8 parallel connections%n",
                checked.get(), refused.get(), seconds);
        assertThat(checked.get() + refused.get()).isEqualTo(64);
        assertThat(checked.get()).as("a burst of 10, then 0.2 per second").isLessThanOrEqualTo(10 + (int) Math.ceil(0.2 * seconds));
        assertThat(refused.get()).isPositive();
    }

    @Test
    void oneAccountIsGuardedAcrossAddressesButItsTokenStillWorks() throws Exception {
        start(Map.of("parley.chat.account-failure-burst", 3, "parley.chat.account-failures-per-second", 0.01));
        User target = new XmppFixture(server).newUser("spread-guessed");
        for (int a = 0; a < 3; a++) {
            try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.1." + (a + 1)).opened()) {
                assertThat(tcp.authenticate(target.authcid(), "wrong-" + a)).contains("not-authorized");
            }
        }
        try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.1.9").opened()) {
            assertThat(tcp.authenticate(target.authcid(), target.password()))
                    .as("even the right password, while the account's budget is spent").contains("temporary-auth-failure");
        }
        try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.1.10").opened()) {
            assertThat(tcp.authenticate(target.authcid(), target.token())).isEqualTo("<success/>");
        }
    }

    @Test
    void aSaturatedPasswordHasherIsATemporaryFailureThatCountsAsNoGuess() throws Exception {
        start(Map.of("parley.passwords.hashing-threads", 1, "parley.passwords.hashing-queue", 1,
                "parley.passwords.argon2-memory-kib", 65_536, "parley.passwords.argon2-iterations", 3,
                "parley.chat.auth-failure-burst", 2, "parley.chat.auth-failures-per-second", 0.01));
        User user = new XmppFixture(server).newUser("busy-hasher");
        AtomicInteger busy = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        Parallel.run(8, n -> {
            try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.2." + (n + 1)).opened()) {
                String answer = tcp.authenticate(user.authcid(), user.password());
                if (answer.contains("temporary-auth-failure")) {
                    assertThat(answer).contains("could not be checked");
                    busy.incrementAndGet();
                } else {
                    assertThat(answer).isEqualTo("<success/>");
                    succeeded.incrementAndGet();
                }
            }
        });
        assertThat(busy.get()).as("a queue of one for one hashing thread cannot take eight at once").isPositive();
        assertThat(busy.get() + succeeded.get()).isEqualTo(8);
        // None of that was a guess: the account's and the addresses' budgets are whole.
        try (RawTcp tcp = RawTcp.connectFrom(server, "127.0.2.1").opened()) {
            assertThat(tcp.authenticate(user.authcid(), "wrong-1")).contains("not-authorized");
            assertThat(tcp.authenticate(user.authcid(), "wrong-2")).contains("not-authorized");
        }
    }
}
