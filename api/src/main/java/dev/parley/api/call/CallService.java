package dev.parley.api.call;

import dev.parley.api.http.ApiException;
import dev.parley.api.http.Params;
import dev.parley.api.session.Auth;
import dev.parley.common.limit.RateLimiter;
import dev.parley.common.signal.CallSignals;
import dev.parley.storage.UserRepository;
import dev.parley.storage.model.User;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Map;

/**
 * Call signaling over REST (docs/protocol.md §2.5): a callee without a live chat connection (woken by a push)
 * rejects a call, and the server sends the {@code reject} signal of §3.2 to the caller in its name. Methods block
 * on the database; they run on worker threads. Thread-safe.
 */
public final class CallService {

    private static final Logger LOG = LoggerFactory.getLogger(CallService.class);

    private final UserRepository users;
    private final CallSignals signals;
    private final RateLimiter limiter;

    /** @param limiter a token bucket per user ({@code applicationId-userId}) for the signals they send */
    public CallService(UserRepository users, CallSignals signals, RateLimiter limiter) {
        this.users = users;
        this.signals = signals;
        this.limiter = limiter;
    }

    /**
     * {@code POST /calls/reject}: needs a user session. The recipient must be a user of the same application
     * (404 otherwise). Answers {@code {}} whether or not the recipient is connected: headlines are never stored,
     * and reaching an offline caller by push is not done yet.
     */
    public Map<String, Object> reject(Auth auth, Params params) {
        User self = auth.requireUser();
        Duration wait = limiter.tryAcquire(auth.applicationId() + "-" + self.id());
        if (!wait.isZero()) {
            throw ApiException.tooManyRequests(wait);
        }
        RejectSignal reject = RejectInput.read(params);
        if (users.findById(auth.applicationId(), reject.recipientId()).isEmpty()) {
            throw ApiException.notFound("Recipient not found");
        }
        int delivered = signals.send(auth.applicationId(), self.id(), reject.recipientId(),
                reject.extraParams(self.id()));
        if (delivered == 0) {
            // Headlines are never stored (§3.2); a caller with no chat connection is reached by push (§2.4), which
            // this endpoint does not do yet.
            LOG.debug("Reject of call {} by user {}: user {} has no chat connection; dropped", reject.sessionId(),
                    self.id(), reject.recipientId());
        }
        return Map.of();
    }
}
