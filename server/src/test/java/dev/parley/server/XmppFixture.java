package dev.parley.server;

import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnection;
import org.jivesoftware.smack.c2s.ModularXmppClientToServerConnectionConfiguration;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smack.websocket.XmppWebSocketTransportModuleDescriptor;

import javax.net.ssl.X509TrustManager;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;

/**
 * Users created over REST and real Smack clients logged in as them: over TCP with STARTTLS (trusting the
 * server's generated certificate) or over WebSocket, with the password or a session token.
 */
final class XmppFixture {

    static final String DOMAIN = "parley.local";

    /** A user: ids, password, and a live REST session token. */
    record User(long id, long applicationId, String login, String password, String token) {
        String authcid() {
            return id + "-" + applicationId;
        }

        String bareJid() {
            return id + "-" + applicationId + "@" + DOMAIN;
        }
    }

    private final TestServer server;
    private final RestClient rest = new RestClient();

    XmppFixture(TestServer server) {
        this.server = server;
    }

    User newUser(String login) {
        return newUser(login, server.app().id(), server.app().authKey());
    }

    User newUser(String login, long applicationId, String authKey) {
        Map<String, Object> app = Map.of("application_id", applicationId, "auth_key", authKey);
        String appToken = (String) rest.postJson(server.http("/session"), app).object("session").get("token");
        String password = "password-" + login;
        RestClient.Response signUp = rest.postJson(server.http("/users"), Map.of("user", Map.of("login", login,
                "password", password)), "CB-Token", appToken);
        long id = ((Number) signUp.object("user").get("id")).longValue();
        Map<String, Object> login1 = new HashMap<>(app);
        login1.put("user", Map.of("login", login, "password", password));
        String token = (String) rest.postJson(server.http("/session"), login1).object("session").get("token");
        return new User(id, applicationId, login, password, token);
    }

    /** Smack over TCP with STARTTLS required, logged in with the password (or the token when asked). */
    XMPPTCPConnection tcp(User user, boolean withToken) throws Exception {
        XMPPTCPConnection connection = tcpNotConnected(user, withToken);
        connection.connect().login();
        return connection;
    }

    /** As {@link #tcp}, but not yet connected: listeners added now see everything sent after login. */
    XMPPTCPConnection tcpNotConnected(User user, boolean withToken) throws Exception {
        XMPPTCPConnectionConfiguration config = XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHost("127.0.0.1")
                .setPort(server.server().xmppPort())
                .setUsernameAndPassword(user.authcid(), withToken ? user.token() : user.password())
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trustServerCertificate())
                .build();
        XMPPTCPConnection connection = new XMPPTCPConnection(config);
        connection.setReplyTimeout(10_000);
        return connection;
    }

    /** Smack over WebSocket (RFC 7395) at ws://127.0.0.1:port/xmpp. */
    AbstractXMPPConnection webSocket(User user, boolean withToken) throws Exception {
        ModularXmppClientToServerConnectionConfiguration.Builder builder = ModularXmppClientToServerConnectionConfiguration
                .builder()
                .removeAllModules()
                .setXmppDomain(DOMAIN)
                .setUsernameAndPassword(user.authcid(), withToken ? user.token() : user.password())
                .setSecurityMode(SecurityMode.disabled);
        XmppWebSocketTransportModuleDescriptor.Builder webSocket = XmppWebSocketTransportModuleDescriptor.getBuilder(builder);
        webSocket.explicitlySetWebSocketEndpointAndDiscovery(URI.create("ws://127.0.0.1:" + server.server().httpPort()
                + "/xmpp"), false);
        builder.addModule(webSocket.build());
        ModularXmppClientToServerConnection connection = new ModularXmppClientToServerConnection(builder.build());
        connection.setReplyTimeout(10_000);
        connection.connect().login();
        return connection;
    }

    X509TrustManager trustServerCertificate() throws Exception {
        return TestTls.trusting(server.server().dataDir().resolve("tls").resolve("parley-cert.pem"));
    }
}
