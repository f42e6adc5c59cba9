package dev.parley.chat.session;

import dev.parley.chat.auth.ChatAuthenticator;
import dev.parley.chat.auth.ChatAuthenticator.Result;
import dev.parley.chat.auth.SaslPlain;
import dev.parley.common.limit.RateLimiter;

import java.time.Duration;

/**
 * Checks a SASL PLAIN login against the budgets of password guessing. A session token is looked up first: it
 * is cheap and cannot be guessed, so it counts against nothing. A password check is a guess, so before it is
 * made it takes one attempt from the client address's budget and one from the account's; an attempt that
 * succeeds, or that could not be checked (database down, hasher saturated: {@link Result.Unavailable}), gives
 * them back, so only wrong passwords are spent. Taking before checking means that concurrent connections
 * cannot run more checks than the budgets hold. While either budget is spent, nothing is checked.
 *
 * <p>Blocking (database, password hashing): runs on workers. Thread-safe.
 */
public final class LoginCheck {

    /** What a check came to; a non-zero {@code throttledFor} means it was not made: a budget is spent. */
    public record Outcome(Result result, Duration throttledFor) {
    }

    private final ChatAuthenticator authenticator;
    private final RateLimiter byAddress;
    private final RateLimiter byAccount;

    public LoginCheck(ChatAuthenticator authenticator, RateLimiter byAddress, RateLimiter byAccount) {
        this.authenticator = authenticator;
        this.byAddress = byAddress;
        this.byAccount = byAccount;
    }

    public Outcome check(SaslPlain.Subject subject, String secret, String address) {
        Result byToken = authenticator.byToken(subject.applicationId(), subject.userId(), secret);
        if (!(byToken instanceof Result.Rejected)) {
            return new Outcome(byToken, Duration.ZERO);
        }
        // User ids are unique over the server, so the id alone names the account whatever form the authcid had.
        String account = String.valueOf(subject.userId());
        Duration wait = byAddress.tryAcquire(address);
        if (!wait.isZero()) {
            return new Outcome(byToken, wait);
        }
        wait = byAccount.tryAcquire(account);
        if (!wait.isZero()) {
            byAddress.release(address);
            return new Outcome(byToken, wait);
        }
        Result byPassword = authenticator.byPassword(subject.applicationId(), subject.userId(), secret);
        if (!(byPassword instanceof Result.Rejected)) {
            byAddress.release(address);
            byAccount.release(account);
        }
        return new Outcome(byPassword, Duration.ZERO);
    }
}
