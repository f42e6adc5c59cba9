package dev.parley.chat.session;

import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.chat.auth.ChatAuthenticator.AuthenticatedUser;
import dev.parley.chat.auth.ChatAuthenticator.Result;
import dev.parley.chat.auth.SaslPlain;
import dev.parley.common.limit.RateLimiter;
import dev.parley.common.time.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** Password guessing budgets (per client address and per account) as SASL logins spend them. */
class LoginCheckTest {

    private static final SaslPlain.Subject ALICE = new SaslPlain.Subject(42, Optional.of(7L));
    private static final AuthenticatedUser USER = new AuthenticatedUser(7, 42, null, false);

    private final MutableClock clock = new MutableClock(Instant.parse("2026-11-30T12:00:00Z"));
    private final AtomicInteger passwordChecks = new AtomicInteger();
    private Result passwordResult = new Result.Rejected();
    private final ChatAuthenticator authenticator = new ChatAuthenticator() {
        @Override
        public Result byToken(Optional<Long> applicationId, long userId, String secret) {
            return secret.equals("live-token") ? new Result.Authenticated(USER) : new Result.Rejected();
        }

        @Override
        public Result byPassword(Optional<Long> applicationId, long userId, String password) {
            passwordChecks.incrementAndGet();
            return password.equals("right") ? new Result.Authenticated(USER) : passwordResult;
        }
    };
    private final LoginCheck logins = new LoginCheck(authenticator, new RateLimiter(clock, 3, 0.1, 100),
            new RateLimiter(clock, 5, 0.1, 100));

    @Test
    void wrongPasswordsSpendTheAddressBudgetThenNothingIsChecked() {
        for (int i = 0; i < 3; i++) {
            assertThat(logins.check(ALICE, "wrong", "10.0.0.1").result()).isInstanceOf(Result.Rejected.class);
        }
        LoginCheck.Outcome refused = logins.check(ALICE, "right", "10.0.0.1");
        assertThat(refused.throttledFor()).isPositive();
        assertThat(passwordChecks).as("the fourth attempt was not checked").hasValue(3);

        clock.advance(Duration.ofSeconds(10));
        assertThat(logins.check(ALICE, "right", "10.0.0.1").result()).isInstanceOf(Result.Authenticated.class);
    }

    @Test
    void theAccountBudgetHoldsAcrossAddresses() {
        for (int i = 0; i < 5; i++) {
            assertThat(logins.check(ALICE, "wrong", "10.0.0." + i).result()).isInstanceOf(Result.Rejected.class);
        }
        assertThat(logins.check(ALICE, "wrong", "10.0.9.9").throttledFor()).isPositive();
        assertThat(passwordChecks).hasValue(5);
        assertThat(logins.check(new SaslPlain.Subject(43, Optional.of(7L)), "wrong", "10.0.9.9").throttledFor())
                .as("another account from a fresh address").isZero();
    }

    @Test
    void successesAndUncheckableAttemptsCostNothing() {
        for (int i = 0; i < 10; i++) {
            assertThat(logins.check(ALICE, "right", "10.0.0.1").result()).isInstanceOf(Result.Authenticated.class);
        }
        passwordResult = new Result.Unavailable("the user database cannot be reached");
        for (int i = 0; i < 10; i++) {
            assertThat(logins.check(ALICE, "wrong", "10.0.0.1").result()).isInstanceOf(Result.Unavailable.class);
        }
        passwordResult = new Result.Rejected();
        for (int i = 0; i < 3; i++) {
            assertThat(logins.check(ALICE, "wrong", "10.0.0.1").throttledFor()).as("attempt " + i).isZero();
        }
        assertThat(logins.check(ALICE, "wrong", "10.0.0.1").throttledFor()).isPositive();
    }

    @Test
    void sessionTokensAreNeitherCountedNorRefusedWhileTheBudgetIsSpent() {
        for (int i = 0; i < 3; i++) {
            logins.check(ALICE, "wrong", "10.0.0.1");
        }
        LoginCheck.Outcome token = logins.check(ALICE, "live-token", "10.0.0.1");
        assertThat(token.throttledFor()).isZero();
        assertThat(token.result()).isInstanceOf(Result.Authenticated.class);
    }
}
