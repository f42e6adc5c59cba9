package dev.parley.server;

import dev.parley.server.XmppFixture.User;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.sasl.SASLErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.carbons.CarbonManager;
import org.jivesoftware.smackx.carbons.packet.CarbonExtension;
import org.jivesoftware.smackx.delay.packet.DelayInformation;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.ping.PingManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The chat server with real Smack clients over TCP (STARTTLS) and WebSocket (docs/protocol.md §3). */
class ChatTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass();
    static final XmppFixture xmpp = new XmppFixture(server);
    static final RestClient rest = new RestClient();
    static final List<AbstractXMPPConnection> open = new ArrayList<>();

    @AfterAll
    static void closeConnections() {
        open.forEach(AbstractXMPPConnection::instantShutdown);
    }

    static <C extends AbstractXMPPConnection> C keep(C connection) {
        open.add(connection);
        return connection;
    }

    /** The full call signal of docs/protocol.md §3.2, SDP with CR LF line ends and markup characters. */
    static StandardExtensionElement callSignal(User caller, User callee) {
        return StandardExtensionElement.builder("extraParams", "jabber:client")
                .addElement("moduleIdentifier", "WebRTCVideoChat")
                .addElement("signalType", "call")
                .addElement("sessionID", "5d3c1b7e-8a9f-4c21-9b0e-1f2a3b4c5d6e")
                .addElement("callType", "1")
                .addElement("callerID", String.valueOf(caller.id()))
                .addElement(StandardExtensionElement.builder("opponentsIDs", "jabber:client")
                        .addElement("opponentID", String.valueOf(callee.id())).addElement("opponentID", "333").build())
                .addElement("sdp", "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n"
                        + "a=group:BUNDLE 0 1\r\na=msid-semantic: WMS <stream & id>\r\n")
                .addElement("platform", "web")
                .addElement(StandardExtensionElement.builder("userInfo", "jabber:client")
                        .addElement("anyKey", "any value \"quoted\" ñ 😀").build())
                .build();
    }

    @Test
    void callSignalTravelsFromTcpToWebSocketWithTheSenderStamped() throws Exception {
        User caller = xmpp.newUser("caller-1");
        User callee = xmpp.newUser("callee-1");
        XMPPTCPConnection a = keep(xmpp.tcp(caller, false));
        AbstractXMPPConnection b = keep(xmpp.webSocket(callee, true));
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(s -> received.add((Message) s), MessageTypeFilter.HEADLINE);

        StandardExtensionElement signal = callSignal(caller, callee);
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.from(callee.bareJid()))
                .ofType(Message.Type.headline).addExtension(signal).build());

        Message got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got).as("headline delivered").isNotNull();
        assertThat(got.getFrom().toString()).isEqualTo(a.getUser().toString());
        StandardExtensionElement params = (StandardExtensionElement) got.getExtensionElement("extraParams", "jabber:client");
        // Smack writes CR LF raw, which XML reads as LF (XML 1.0 §2.11) before the server sees it; the SDKs
        // write CR as &#13;, and RawChatTest shows that form arrives intact. Everything else is identical, but
        // for the receiver's explicit declaration of the namespace the sender inherited.
        assertThat(params.toXML().toString().replace("<extraParams xmlns='jabber:client'>", "<extraParams>"))
                .isEqualTo(signal.toXML().toString().replace("\r\n", "\n"));
    }

    @Test
    void chatFromWebSocketToTcpAndBackWithTokenLogins() throws Exception {
        User anna = xmpp.newUser("anna-1");
        User ben = xmpp.newUser("ben-1");
        AbstractXMPPConnection a = keep(xmpp.webSocket(anna, false));
        XMPPTCPConnection b = keep(xmpp.tcp(ben, true));
        BlockingQueue<Message> atBen = new LinkedBlockingQueue<>();
        BlockingQueue<Message> atAnna = new LinkedBlockingQueue<>();
        b.addAsyncStanzaListener(s -> atBen.add((Message) s), MessageTypeFilter.CHAT);
        a.addAsyncStanzaListener(s -> atAnna.add((Message) s), MessageTypeFilter.CHAT);

        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.from(ben.bareJid())).ofType(Message.Type.chat)
                .setBody("hello Ben").build());
        Message toBen = atBen.poll(10, TimeUnit.SECONDS);
        assertThat(toBen.getBody()).isEqualTo("hello Ben");
        assertThat(toBen.getFrom().toString()).isEqualTo(a.getUser().toString());

        b.sendStanza(b.getStanzaFactory().buildMessageStanza().to(toBen.getFrom()).ofType(Message.Type.chat)
                .setBody("hi Anna").build());
        assertThat(atAnna.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("hi Anna");
    }

    @Test
    void chatToAnOfflineUserIsDeliveredWithADelayAtNextLogin() throws Exception {
        User sender = xmpp.newUser("sender-2");
        User sleeper = xmpp.newUser("sleeper-2");
        XMPPTCPConnection a = keep(xmpp.tcp(sender, false));
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.from(sleeper.bareJid()))
                .ofType(Message.Type.chat).setBody("while you were away").build());
        // Headlines to offline users are never stored.
        a.sendStanza(a.getStanzaFactory().buildMessageStanza().to(JidCreate.from(sleeper.bareJid()))
                .ofType(Message.Type.headline).addExtension(callSignal(sender, sleeper)).build());
        PingManager.getInstanceFor(a).pingMyServer(); // a round trip: the server has routed both

        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        XMPPTCPConnection b = new XMPPTCPConnection(configFor(sleeper));
        b.addAsyncStanzaListener(s -> received.add((Message) s), StanzaTypeFilter.MESSAGE);
        keep(b).connect().login();

        Message got = received.poll(10, TimeUnit.SECONDS);
        assertThat(got.getBody()).isEqualTo("while you were away");
        assertThat(got.getType()).isEqualTo(Message.Type.chat);
        assertThat(got.getFrom().asBareJid().toString()).isEqualTo(sender.bareJid());
        assertThat(DelayInformation.from(got)).as("XEP-0203 delay").isNotNull();
        assertThat(received.poll(1, TimeUnit.SECONDS)).as("the headline was not stored").isNull();
    }

    @Test
    void onlineListFollowsPresence() throws Exception {
        User visible = xmpp.newUser("visible-3");
        String token = visible.token();
        XMPPTCPConnection c = keep(xmpp.tcp(visible, false));
        PingManager.getInstanceFor(c).pingMyServer();
        assertThat(onlineIds(token)).contains(visible.id());
        int count = ((Number) rest.get(server.http("/users/online.json?count=true"), "CB-Token", token).json().get("count"))
                .intValue();
        assertThat(count).isPositive();
        c.disconnect();
        open.remove(c);
        for (int i = 0; i < 50 && onlineIds(token).contains(visible.id()); i++) {
            Thread.sleep(100);
        }
        assertThat(onlineIds(token)).doesNotContain(visible.id());
    }

    @SuppressWarnings("unchecked")
    private static List<Long> onlineIds(String token) {
        RestClient.Response response = rest.get(server.http("/users/online?limit=100"), "CB-Token", token);
        assertThat(response.status()).isEqualTo(200);
        return ((List<Map<String, Object>>) response.json().get("users")).stream()
                .map(u -> ((Number) u.get("id")).longValue()).toList();
    }

    @Test
    void streamManagementResumptionLosesNothing() throws Exception {
        User mobile = xmpp.newUser("mobile-4");
        User friend = xmpp.newUser("friend-4");
        XMPPTCPConnection m = keep(xmpp.tcp(mobile, false));
        assertThat(m.isSmEnabled()).isTrue();
        assertThat(m.isSmResumptionPossible()).isTrue();
        XMPPTCPConnection f = keep(xmpp.tcp(friend, false));
        BlockingQueue<Message> received = new LinkedBlockingQueue<>();
        // A synchronous listener: Smack calls it in arrival order, so the order checked is the server's.
        m.addSyncStanzaListener(s -> received.add((Message) s), MessageTypeFilter.CHAT);

        m.instantShutdown(); // the network drops; the server keeps the session
        for (int i = 0; i < 3; i++) {
            f.sendStanza(f.getStanzaFactory().buildMessageStanza().to(JidCreate.from(mobile.bareJid()))
                    .ofType(Message.Type.chat).setBody("while dropped " + i).build());
        }
        PingManager.getInstanceFor(f).pingMyServer();
        m.connect().login();
        assertThat(m.streamWasResumed()).isTrue();
        for (int i = 0; i < 3; i++) {
            Message got = received.poll(10, TimeUnit.SECONDS);
            assertThat(got).as("message " + i).isNotNull();
            assertThat(got.getBody()).isEqualTo("while dropped " + i);
        }
    }

    @Test
    void pingDiscoAndTheTigaseMobileIqAreAnswered() throws Exception {
        XMPPTCPConnection c = keep(xmpp.tcp(xmpp.newUser("pinger-5"), false));
        assertThat(PingManager.getInstanceFor(c).pingMyServer()).isTrue();
        DiscoverInfo info = ServiceDiscoveryManager.getInstanceFor(c).discoverInfo(c.getXMPPServiceDomain());
        assertThat(info.containsFeature("urn:xmpp:ping")).isTrue();
        assertThat(info.containsFeature("urn:xmpp:carbons:2")).isTrue();
        assertThat(info.getIdentities()).anyMatch(i -> i.getCategory().equals("server"));
    }

    @Test
    void carbonsCopyChatsToTheUsersOtherResource() throws Exception {
        User owner = xmpp.newUser("owner-6");
        User peer = xmpp.newUser("peer-6");
        XMPPTCPConnection phone = keep(xmpp.tcp(owner, false));
        AbstractXMPPConnection desktop = keep(xmpp.webSocket(owner, false));
        XMPPTCPConnection other = keep(xmpp.tcp(peer, false));
        CarbonManager carbons = CarbonManager.getInstanceFor(desktop);
        carbons.enableCarbons();
        BlockingQueue<String> copies = new LinkedBlockingQueue<>();
        carbons.addCarbonCopyReceivedListener((direction, copy, wrapper) -> copies.add(direction + ":" + copy.getBody()));
        BlockingQueue<Message> atPeer = new LinkedBlockingQueue<>();
        other.addAsyncStanzaListener(s -> atPeer.add((Message) s), MessageTypeFilter.CHAT);

        phone.sendStanza(phone.getStanzaFactory().buildMessageStanza().to(other.getUser()).ofType(Message.Type.chat)
                .setBody("from my phone").build());
        assertThat(atPeer.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("from my phone");
        assertThat(copies.poll(10, TimeUnit.SECONDS)).isEqualTo(CarbonExtension.Direction.sent + ":from my phone");

        other.sendStanza(other.getStanzaFactory().buildMessageStanza().to(phone.getUser()).ofType(Message.Type.chat)
                .setBody("to your phone").build());
        assertThat(copies.poll(10, TimeUnit.SECONDS)).isEqualTo(CarbonExtension.Direction.received + ":to your phone");
    }

    @Test
    void wrongPasswordIsRefused() {
        User user = xmpp.newUser("locked-7");
        User impostor = new User(user.id(), user.applicationId(), user.login(), "not-the-password", "nope");
        assertThatThrownBy(() -> xmpp.tcp(impostor, false)).isInstanceOf(SASLErrorException.class);
    }

    @Test
    void nothingCrossesApplications() throws Exception {
        var other = server.server().applications().create("Chat other");
        User stranger = xmpp.newUser("stranger-8", other.id(), other.authKey());
        User local = xmpp.newUser("local-8");
        XMPPTCPConnection s = keep(xmpp.tcp(stranger, false));
        XMPPTCPConnection l = keep(xmpp.tcp(local, false));
        BlockingQueue<Message> atLocal = new LinkedBlockingQueue<>();
        l.addAsyncStanzaListener(m -> atLocal.add((Message) m), StanzaTypeFilter.MESSAGE);
        BlockingQueue<Message> errors = new LinkedBlockingQueue<>();
        s.addAsyncStanzaListener(m -> errors.add((Message) m), MessageTypeFilter.ERROR);

        s.sendStanza(s.getStanzaFactory().buildMessageStanza().to(JidCreate.from(local.bareJid())).ofType(Message.Type.chat)
                .setBody("hello from elsewhere").build());
        Message error = errors.poll(10, TimeUnit.SECONDS);
        assertThat(error).isNotNull();
        assertThat(error.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat(atLocal.poll(1, TimeUnit.SECONDS)).isNull();
    }

    @Test
    void revokingTheTokenOrDeletingTheUserDisconnects() throws Exception {
        User tokenUser = xmpp.newUser("revoked-9");
        AbstractXMPPConnection byToken = keep(xmpp.webSocket(tokenUser, true));
        assertThat(rest.delete(server.http("/session"), "CB-Token", tokenUser.token()).status()).isEqualTo(200);
        awaitDisconnected(byToken);

        User doomed = xmpp.newUser("deleted-9");
        XMPPTCPConnection byPassword = keep(xmpp.tcp(doomed, false));
        assertThat(rest.delete(server.http("/users/" + doomed.id()), "CB-Token", doomed.token()).status()).isEqualTo(200);
        awaitDisconnected(byPassword);
    }

    private static void awaitDisconnected(AbstractXMPPConnection connection) throws InterruptedException {
        for (int i = 0; i < 100 && connection.isConnected(); i++) {
            Thread.sleep(100);
        }
        assertThat(connection.isConnected()).isFalse();
    }

    private static org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration configFor(User user) throws Exception {
        return org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(XmppFixture.DOMAIN).setHost("127.0.0.1").setPort(server.server().xmppPort())
                .setUsernameAndPassword(user.authcid(), user.password())
                .setSecurityMode(org.jivesoftware.smack.ConnectionConfiguration.SecurityMode.required)
                .setCustomX509TrustManager(xmpp.trustServerCertificate()).build();
    }

}
