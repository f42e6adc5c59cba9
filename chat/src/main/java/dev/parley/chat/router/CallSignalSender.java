package dev.parley.chat.router;

import dev.parley.chat.session.ClientSession;
import dev.parley.chat.stanza.CallSignalStanza;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.xml.XmlElement;
import dev.parley.common.security.SecureTokens;
import dev.parley.common.signal.CallSignals;
import dev.parley.common.signal.SignalField;

import java.util.List;

/**
 * Call signals the server sends on a user's behalf (REST {@code POST /calls/reject}, docs/protocol.md §2.5), delivered
 * as the router delivers a headline to a bare JID: to every connected resource of the recipient in the same
 * application, on each session's own event loop, never stored (§3.2). Thread-safe: it reads the registry and
 * hands the immutable stanza to {@link ClientSession#deliver}, which hops onto the recipient's loop.
 */
public final class CallSignalSender implements CallSignals {

    private final SessionRegistry registry;
    private final String domain;

    public CallSignalSender(SessionRegistry registry, String domain) {
        this.registry = registry;
        this.domain = domain;
    }

    @Override
    public int send(long applicationId, long fromUserId, long toUserId, List<SignalField> extraParams) {
        List<ClientSession> sessions = registry.sessionsOf(applicationId, toUserId);
        if (sessions.isEmpty()) {
            return 0;
        }
        // The sender's bare JID: a REST caller may have no chat connection, hence no full JID to stamp.
        XmlElement headline = CallSignalStanza.headline(Jid.user(fromUserId, applicationId, domain),
                Jid.user(toUserId, applicationId, domain), SecureTokens.alphanumeric(24), extraParams);
        sessions.forEach(session -> session.deliver(headline));
        return sessions.size();
    }
}
