package dev.parley.chat.session;

import dev.parley.chat.auth.ChatAuthenticator.AuthenticatedUser;
import dev.parley.chat.auth.SaslPlain;
import dev.parley.chat.stanza.Jid;
import dev.parley.chat.stanza.StanzaError;
import dev.parley.chat.stanza.Stanzas;
import dev.parley.chat.xml.StreamError;
import dev.parley.chat.xml.XmlElement;
import dev.parley.common.security.SecureTokens;

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
            saslFailure("aborted");
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

    /** RFC 6120 §6.4: PLAIN only, initial response required, failures throttled per client address. */
    private void authenticate(XmlElement auth) {
        if (session.state() != ClientSession.State.NEGOTIATING) {
            saslFailure("not-authorized");
            return;
        }
        if (tlsRequired() && !session.transport().isSecure()) {
            saslFailure("encryption-required");
            return;
        }
        if (!"PLAIN".equals(auth.attribute("mechanism"))) {
            saslFailure("invalid-mechanism");
            return;
        }
        Optional<SaslPlain> plain = SaslPlain.decode(auth.text());
        Optional<SaslPlain.Subject> subject = plain.flatMap(SaslPlain::subject);
        if (subject.isEmpty()) {
            credentialsFailed("malformed-request");
            return;
        }
        authenticating = true;
        // Checks queue up behind each other in a login storm: one whose connection has gone meanwhile is
        // skipped rather than spend a password hash on nobody.
        session.context().<Optional<AuthenticatedUser>>executeBlocking(() -> session.state() == ClientSession.State.CLOSED
                ? Optional.empty()
                : chat.authenticator().authenticate(subject.get().applicationId(), subject.get().userId(),
                        plain.get().password()), false)
                .onComplete(result -> {
                    authenticating = false;
                    if (session.state() == ClientSession.State.CLOSED) {
                        return;
                    }
                    if (result.failed() || result.result().isEmpty()) {
                        credentialsFailed("not-authorized");
                        return;
                    }
                    AuthenticatedUser user = result.result().get();
                    String authzid = plain.get().authzid();
                    Jid bare = Jid.user(user.userId(), user.applicationId(), chat.settings().domain());
                    if (!authzid.isEmpty() && !Jid.parse(authzid).map(j -> j.node() != null
                            && j.node().equals(bare.node())).orElse(false)) {
                        saslFailure("invalid-authzid");
                        return;
                    }
                    session.user(user);
                    session.jid(bare);
                    session.state(ClientSession.State.AUTHENTICATED);
                    session.transport().send(XmlElement.builder("success", SASL).build());
                    session.transport().restartStream();
                });
    }

    private void credentialsFailed(String condition) {
        failures++;
        boolean throttled = !chat.authFailures().tryAcquire(session.transport().remoteAddress()).isZero();
        saslFailure(condition);
        if (throttled || failures >= 3) {
            session.streamError(StreamError.POLICY_VIOLATION, "Too many failed authentications");
        }
    }

    private void saslFailure(String condition) {
        session.transport().send(XmlElement.builder("failure", SASL)
                .child(XmlElement.builder(condition, SASL).build()).build());
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
