package dev.parley.chat.session;

import dev.parley.chat.ChatSettings;
import dev.parley.chat.router.SessionRegistry;
import dev.parley.chat.router.StanzaRouter;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.Set;

/**
 * What every session shares: settings, clock, the registry of sessions, the router, the login check (with its
 * budgets per client address and per account) and the budget of unacknowledged stanzas. Immutable; its parts
 * are thread-safe.
 *
 * @param localNames names a stream may be addressed to (RFC 6120 §4.7.2), lower-case
 */
public record ChatContext(
        Vertx vertx,
        ChatSettings settings,
        Clock clock,
        SessionRegistry registry,
        StanzaRouter router,
        LoginCheck logins,
        UnackedBudget unacked,
        Set<String> localNames) {
}
