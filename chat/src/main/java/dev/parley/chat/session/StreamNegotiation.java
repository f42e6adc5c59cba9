package dev.parley.chat.session;

import dev.parley.chat.auth.ChatAuthenticator.AuthenticatedUser;
import dev.parley.chat.auth.ChatAuthenticator.Result;
import dev.parley.chat.auth.SaslPlain;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.common.security.SecureTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Everything before a resource is bound (RFC 6120 §4–§7): stream headers and features, STARTTLS, SASL PLAIN
 * with a password or session token (docs/protocol.md §3.1), resource binding, and XEP-0198 resumption.
 * Runs on the session's event loop; credential checks go to a worker and come back.
 */
final class StreamNegotiation {

    static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";
    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    /** Failed or aborted SASL attempts one connection may make before it is closed. */
    private static final int MAX_ATTEMPTS = 3;

    private final ClientSession session;
    private final ChatContext chat;
    private boolean authenticating;
    private int failures;

    StreamNegotiation(ClientSession session, ChatContext chat) {
        this.session = session;
        this.chat = chat;
    }

    /** RFC 6120 §4.2 (TCP) and RFC 7395 §3.3.2 (WebSocket): answer a stream header with ours and features. */
    void streamOpened(XmlElement header) {
        String version = header.attribute("version");
        if (version == null || !version.startsWith("1.")) {
            session.transport().openStream(chat.settings().domain(), newStreamId());
            session.streamError(StreamError.UNSUPPORTED_VERSION, "XMPP 1.0 streams only");
            return;
        }
        String to = header.attribute("to");
        String domain = to == null ? chat.settings().domain() : to.toLowerCase(Locale.ROOT);
        session.transport().openStream(domain, newStreamId());
        if (!isLocal(domain)) {
            session.streamError(StreamError.HOST_UNKNOWN, "This server does not serve " + domain);
            return;
        }
        session.streamDomain(domain);
        switch (session.state()) {
            case AWAITING_STREAM, NEGOTIATING -> {
                session.state(ClientSession.State.NEGOTIATING);
                session.transport().sendFeatures(preAuthFeatures());
            }
            case AUTHENTICATED -> session.transport().sendFeatures(postAuthFeatures());
            default -> session.streamError(StreamError.RESET, "The stream is already established");
        }
    }

    void handle(XmlElement element) {
        String ns = element.namespace();
        String name = element.name();
        if (authenticating) {
            session.streamError(StreamError.POLICY_VIOLATION, "Wait for the authentication result");
        } else if (session.state() == ClientSession.State.AWAITING_STREAM) {
            session.streamError(StreamError.NOT_WELL_FORMED, "Open a stream first");
        } else if (TLS.equals(ns) && name.equals("starttls")) {
            startTls();
        } else if (SASL.equals(ns) && name.equals("auth")) {
            authenticate(element);
        } else if (SASL.equals(ns) && name.equals("abort")) {
            attemptFailed("aborted");
        } else if (session.state() == ClientSession.State.AUTHENTICATED && Stanzas.CLIENT.equals(ns) && name.equals("iq")) {
            bindOrRefuse(element);
        } else if (session.state() == ClientSession.State.AUTHENTICATED && StreamManagement.NAMESPACE.equals(ns)
                && name.equals("resume")) {
            StreamManagement.resume(session, chat, element);
        } else if (session.state() == ClientSession.State.AUTHENTICATED && StreamManagement.NAMESPACE.equals(ns)
                && name.equals("enable")) {
            session.send(StreamManagement.failed(StanzaError.UNEXPECTED_REQUEST));
        } else if (session.state() == ClientSession.State.NEGOTIATING && (Stanzas.isStanza(element)
                || StreamManagement.NAMESPACE.equals(ns))) {
            session.streamError(StreamError.NOT_AUTHORIZED, "Authenticate first");
        } else {
            session.streamError(StreamError.UNSUPPORTED_STANZA_TYPE, "Unexpected <" + name + "> in namespace " + ns);
        }
    }

    private List<XmlElement> preAuthFeatures() {
        List<XmlElement> features = new ArrayList<>();
        if (session.transport().canStartTls()) {
            XmlElement.Builder starttls = XmlElement.builder("starttls", TLS);
            if (tlsRequired()) {
                starttls.child(XmlElement.builder("required", TLS).build());
            }
            features.add(starttls.build());
        }
        if (!tlsRequired() || session.transport().isSecure()) {
            // Only PLAIN: it is the one mechanism that works with both passwords (stored as Argon2id hashes)
            // and session tokens; docs/protocol.md §3.1 allows offering it alone.
            features.add(XmlElement.builder("mechanisms", SASL)
                    .child(XmlElement.builder("mechanism", SASL).text("PLAIN").build()).build());
        }
        return features;
    }

    private List<XmlElement> postAuthFeatures() {
        return List.of(
                XmlElement.builder("bind", BIND).build(),
                XmlElement.builder("session", SESSION).child(XmlElement.builder("optional", SESSION).build()).build(),
                XmlElement.builder("sm", StreamManagement.NAMESPACE).build(),
                XmlElement.builder("csi", ClientStateIndication.NAMESPACE).build());
    }

    private boolean tlsRequired() {
        return session.transport().requiresTls();
    }

    private void startTls() {
        if (!session.transport().canStartTls()) {
            session.transport().send(XmlElement.builder("failure", TLS).build());
            session.transport().close();
            return;
        }
        session.transport().startTls(() -> {
        }, () -> session.end(false));
    }

    /**
     * RFC 6120 §6.4: PLAIN only, with the initial response, checked by {@link LoginCheck} on a worker: a spent
     * login budget or a check that could not be made is temporary-auth-failure (the former also ends the
     * stream), wrong credentials not-authorized.
     */
    private void authenticate(XmlElement auth) {
        if (session.state() != ClientSession.State.NEGOTIATING) {
            saslFailure("not-authorized", null);
            return;
        }
        if (tlsRequired() && !session.transport().isSecure()) {
            saslFailure("encryption-required", null);
            return;
        }
        if (!"PLAIN".equals(auth.attribute("mechanism"))) {
            saslFailure("invalid-mechanism", null);
            return;
        }
        Optional<SaslPlain> plain = SaslPlain.decode(auth.text());
        Optional<SaslPlain.Subject> subject = plain.flatMap(SaslPlain::subject);
        if (subject.isEmpty()) {
            attemptFailed("malformed-request");
            return;
        }
        authenticating = true;
        String address = session.transport().remoteAddress();
        // Checks queue up behind each other in a login storm: one whose connection has gone meanwhile is
        // skipped rather than spend a password hash on nobody.
        session.context().<LoginCheck.Outcome>executeBlocking(() -> session.state() == ClientSession.State.CLOSED
                        ? new LoginCheck.Outcome(new Result.Rejected(), Duration.ZERO)
                        : chat.logins().check(subject.get(), plain.get().password(), address), false)
                .onComplete(done -> {
                    authenticating = false;
                    if (session.state() == ClientSession.State.CLOSED) {
                        return;
                    }
                    if (done.failed()) {
                        saslFailure("temporary-auth-failure", "The login could not be checked; try again");
                        return;
                    }
                    LoginCheck.Outcome outcome = done.result();
                    if (!outcome.throttledFor().isZero()) {
                        long seconds = Math.max(1, outcome.throttledFor().toSeconds());
                        saslFailure("temporary-auth-failure", "Too many failed logins; try again in " + seconds + " s");
                        session.streamError(StreamError.POLICY_VIOLATION, "Too many failed logins");
                        return;
                    }
                    switch (outcome.result()) {
                        case Result.Authenticated ok -> authenticated(ok.user(), plain.get().authzid());
                        case Result.Unavailable unavailable ->
                                saslFailure("temporary-auth-failure", "The login could not be checked (" + unavailable.reason()
                                        + "); try again shortly");
                        case Result.Rejected rejected -> attemptFailed("not-authorized");
                    }
                });
    }

    private void authenticated(AuthenticatedUser user, String authzid) {
        Jid bare = Jid.user(user.userId(), user.applicationId(), chat.settings().domain());
        if (!authzid.isEmpty() && !Jid.parse(authzid).map(j -> j.node() != null
                && j.node().equals(bare.node())).orElse(false)) {
            saslFailure("invalid-authzid", null);
            return;
        }
        session.user(user);
        session.jid(bare);
        session.state(ClientSession.State.AUTHENTICATED);
        session.transport().send(XmlElement.builder("success", SASL).build());
        session.transport().restartStream();
    }

    /**
     * A failed or aborted attempt on this connection (RFC 6120 §6.4.5 lets a client retry): after
     * {@value #MAX_ATTEMPTS} the stream is closed.
     */
    private void attemptFailed(String condition) {
        failures++;
        saslFailure(condition, null);
        if (failures >= MAX_ATTEMPTS) {
            session.streamError(StreamError.POLICY_VIOLATION, "Too many failed authentications");
        }
    }

    /** RFC 6120 §6.4.5: the SASL failure condition, and a text in English when given. */
    private void saslFailure(String condition, String text) {
        XmlElement.Builder failure = XmlElement.builder("failure", SASL).child(XmlElement.builder(condition, SASL).build());
        if (text != null) {
            failure.child(XmlElement.builder("text", SASL).attribute("xml:lang", "en").text(text).build());
        }
        session.transport().send(failure.build());
    }

    /** RFC 6120 §7: the server generates the resource; at most max-resources-per-user bound at once. */
    private void bindOrRefuse(XmlElement iq) {
        XmlElement bind = iq.element("bind", BIND);
        if (bind == null || !"set".equals(iq.attribute("type"))) {
            session.send(Stanzas.errorReply(iq, StanzaError.NOT_AUTHORIZED, "Bind a resource first"));
            return;
        }
        Jid full = session.jid().bare().withResource("parley-" + SecureTokens.alphanumeric(12).toLowerCase(Locale.ROOT));
        session.jid(full);
        if (!chat.registry().register(session, chat.settings().maxResourcesPerUser())) {
            session.jid(full.bare());
            session.send(Stanzas.errorReply(iq, StanzaError.RESOURCE_CONSTRAINT,
                    "At most " + chat.settings().maxResourcesPerUser() + " connections per user"));
            return;
        }
        session.state(ClientSession.State.BOUND);
        session.send(Stanzas.iqResult(iq, XmlElement.builder("bind", BIND)
                .child(XmlElement.builder("jid", BIND).text(full.toString()).build()).build()));
    }

    private boolean isLocal(String domain) {
        return chat.localNames().contains(domain) || domain.equals(chat.settings().domain())
                || domain.matches("[0-9.]+") || domain.contains(":") || domain.startsWith("[");
    }

    private static String newStreamId() {
        return SecureTokens.urlSafe(12);
    }
}
