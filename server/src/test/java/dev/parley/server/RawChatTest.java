package dev.parley.server;

import dev.parley.server.XmppFixture.User;
import org.jivesoftware.smack.AbstractXMPPConnection;
import org.jivesoftware.smack.filter.MessageTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StandardExtensionElement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The chat server's answers to exact input (RFC 6120, RFC 7395): what the SDKs write, and every kind of bad
 * input, each of which must affect only the offending connection.
 */
class RawChatTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.chat.max-resources-per-user", 2,
                "parley.chat.offline-max-messages", 3));
    static final XmppFixture xmpp = new XmppFixture(server);

    @Test
    void carriageReturnsWrittenAsCharacterReferencesArriveIntact() throws Exception {
        User caller = xmpp.newUser("raw-caller");
        User callee = xmpp.newUser("raw-callee");
        AbstractXMPPConnection receiver = xmpp.webSocket(callee, false);
        try (RawXmpp raw = RawXmpp.loggedIn(server, caller)) {
            BlockingQueue<Message> received = new LinkedBlockingQueue<>();
            receiver.addAsyncStanzaListener(s -> received.add((Message) s), MessageTypeFilter.HEADLINE);
            raw.send("<message xmlns='jabber:client' to='" + callee.bareJid() + "' type='headline' id='s1'>"
                    + "<extraParams xmlns='jabber:client'><signalType>call</signalType>"
                    + "<sdp>v=0&#13;\no=- 1 2 IN IP4 198.18.0.1&#13;\na=x:&lt;&amp;&gt;&#13;\n</sdp></extraParams></message>");
            Message got = received.poll(10, TimeUnit.SECONDS);
            StandardExtensionElement params = (StandardExtensionElement) got.getExtensionElement("extraParams", "jabber:client");
            assertThat(params.getFirstElement("sdp").getText()).isEqualTo("v=0\r\no=- 1 2 IN IP4 198.18.0.1\r\na=x:<&>\r\n");
            assertThat(got.getFrom().toString()).isEqualTo(raw.jid);
        } finally {
            receiver.instantShutdown();
        }
    }

    @Test
    void spoofedFromIsAnInvalidFromStreamError() throws Exception {
        User liar = xmpp.newUser("raw-liar");
        User victim = xmpp.newUser("raw-victim");
        try (RawXmpp raw = RawXmpp.loggedIn(server, liar)) {
            raw.send("<message xmlns='jabber:client' from='" + victim.bareJid() + "/x' to='" + victim.bareJid()
                    + "' type='chat'><body>it was me</body></message>");
            assertThat(raw.expect("<stream:error")).contains("invalid-from");
            assertThat(raw.awaitClosed()).isTrue();
        }
    }

    @Test
    void ownBareOrFullJidAsFromIsAccepted() throws Exception {
        User honest = xmpp.newUser("raw-honest");
        try (RawXmpp raw = RawXmpp.loggedIn(server, honest)) {
            raw.send("<iq xmlns='jabber:client' from='" + honest.bareJid() + "' type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(raw.expect("id=\"p1\"")).contains("type=\"result\"");
        }
    }

    /** RFC 6121 §3 (and §3.1.5): subscription presence leaves the server stamped with the sender's bare JID. */
    @Test
    void subscriptionPresenceIsStampedWithTheBareJid() throws Exception {
        User contact = xmpp.newUser("raw-contact");
        User asker = xmpp.newUser("raw-asker");
        try (RawXmpp from = RawXmpp.loggedIn(server, contact); RawXmpp to = RawXmpp.loggedIn(server, asker)) {
            from.send("<presence xmlns='jabber:client' to='" + to.jid + "' type='subscribed' id='sub1'/>");
            assertThat(to.expect("id=\"sub1\"")).contains("from=\"" + contact.bareJid() + "\"");
            from.send("<presence xmlns='jabber:client' to='" + to.jid + "' id='dir1'/>");
            assertThat(to.expect("id=\"dir1\"")).as("directed availability keeps the full JID")
                    .contains("from=\"" + from.jid + "\"");
        }
    }

    @Test
    void oversizeStanzaIsAPolicyViolation() throws Exception {
        User big = xmpp.newUser("raw-big");
        try (RawXmpp raw = RawXmpp.loggedIn(server, big)) {
            raw.send("<message xmlns='jabber:client' to='" + big.bareJid() + "'><body>" + "x".repeat(70_000) + "</body></message>");
            assertThat(raw.expect("<stream:error")).contains("policy-violation");
            assertThat(raw.awaitClosed()).isTrue();
        }
    }

    @Test
    void stanzaOfSixtyKilobytesIsAccepted() throws Exception {
        User sdp = xmpp.newUser("raw-sdp");
        try (RawXmpp raw = RawXmpp.loggedIn(server, sdp)) {
            raw.send("<iq xmlns='jabber:client' type='get' id='big'><ping xmlns='urn:xmpp:ping'>" + "y".repeat(60_000)
                    + "</ping></iq>");
            assertThat(raw.expect("id=\"big\"")).contains("type=\"result\"");
        }
    }

    @Test
    void malformedXmlIsNotWellFormedAndOthersAreUnaffected() throws Exception {
        User broken = xmpp.newUser("raw-broken");
        User bystander = xmpp.newUser("raw-bystander");
        try (RawXmpp raw = RawXmpp.loggedIn(server, broken); RawXmpp other = RawXmpp.loggedIn(server, bystander)) {
            raw.send("<message xmlns='jabber:client'><body>oops</message>");
            assertThat(raw.expect("<stream:error")).contains("not-well-formed");
            assertThat(raw.awaitClosed()).isTrue();
            other.send("<iq xmlns='jabber:client' type='get' id='alive'><ping xmlns='urn:xmpp:ping'/></iq>");
            assertThat(other.expect("id=\"alive\"")).contains("result");
        }
    }

    @Test
    void entitiesAndDoctypesAreRestrictedXml() throws Exception {
        try (RawXmpp raw = RawXmpp.connect(server)) {
            raw.send("<!DOCTYPE lol [<!ENTITY a 'aaaa'>]><open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='parley.local' version='1.0'/>");
            assertThat(raw.expect("<stream:error")).contains("restricted-xml");
        }
    }

    @Test
    void aFloodIsAPolicyViolation() throws Exception {
        User noisy = xmpp.newUser("raw-noisy");
        try (RawXmpp raw = RawXmpp.loggedIn(server, noisy)) {
            // The server may close the connection before the last of these is written.
            int sent = 0;
            while (sent < 400 && raw.trySend("<iq xmlns='jabber:client' type='get' id='f" + sent
                    + "'><ping xmlns='urn:xmpp:ping'/></iq>")) {
                sent++;
            }
            assertThat(raw.expect("<stream:error")).contains("policy-violation");
        }
    }

    @Test
    void unknownIqPayloadIsServiceUnavailableAndTigaseMobileIsAcknowledged() throws Exception {
        User curious = xmpp.newUser("raw-curious");
        try (RawXmpp raw = RawXmpp.loggedIn(server, curious)) {
            raw.send("<iq xmlns='jabber:client' type='get' id='u1'><query xmlns='urn:example:unknown'/></iq>");
            String error = raw.expect("id=\"u1\"");
            assertThat(error).contains("type=\"error\"").contains("service-unavailable");
            raw.send("<iq xmlns='jabber:client' type='set' id='m1'><mobile xmlns='http://tigase.org/protocol/mobile#v2' enable='true'/></iq>");
            assertThat(raw.expect("id=\"m1\"")).contains("type=\"result\"");
        }
    }

    @Test
    void unknownTopLevelElementIsAnUnsupportedStanzaType() throws Exception {
        User odd = xmpp.newUser("raw-odd");
        try (RawXmpp raw = RawXmpp.loggedIn(server, odd)) {
            raw.send("<widget xmlns='urn:example:widgets'/>");
            assertThat(raw.expect("<stream:error")).contains("unsupported-stanza-type");
            assertThat(raw.awaitClosed()).isTrue();
        }
    }

    @Test
    void stanzasBeforeAuthenticationAreNotAuthorized() throws Exception {
        try (RawXmpp raw = RawXmpp.connect(server)) {
            raw.open("parley.local");
            raw.expect("<stream:features");
            raw.send("<message xmlns='jabber:client' to='1-1@parley.local'><body>hi</body></message>");
            assertThat(raw.expect("<stream:error")).contains("not-authorized");
        }
    }

    @Test
    void unknownHostIsRefused() throws Exception {
        try (RawXmpp raw = RawXmpp.connect(server)) {
            raw.open("somewhere.else.example");
            assertThat(raw.expect("<stream:error")).contains("host-unknown");
        }
    }

    @Test
    void tooManyResourcesGetResourceConstraint() throws Exception {
        User busy = xmpp.newUser("raw-busy");
        try (RawXmpp one = RawXmpp.loggedIn(server, busy); RawXmpp two = RawXmpp.loggedIn(server, busy);
             RawXmpp three = RawXmpp.authenticated(server, busy)) {
            assertThat(one.jid).isNotEqualTo(two.jid);
            three.send("<iq xmlns='jabber:client' type='set' id='b3'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
            assertThat(three.expect("id=\"b3\"")).contains("resource-constraint");
        }
    }

    @Test
    void offlineStoreIsCappedPerUser() throws Exception {
        User chatty = xmpp.newUser("raw-chatty");
        User away = xmpp.newUser("raw-away");
        try (RawXmpp raw = RawXmpp.loggedIn(server, chatty)) {
            for (int i = 0; i < 4; i++) {
                raw.send("<message xmlns='jabber:client' to='" + away.bareJid() + "' type='chat' id='o" + i + "'><body>"
                        + i + "</body></message>");
            }
            String bounced = raw.expect("id=\"o3\"");
            assertThat(bounced).contains("type=\"error\"").contains("service-unavailable");
        }
    }

    @Test
    void tcpDemandsTlsBeforeAuthentication() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", server.server().xmppPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = socket.getInputStream();
            out.write(("<?xml version='1.0'?><stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'"
                    + " to='parley.local' version='1.0'>").getBytes(StandardCharsets.UTF_8));
            String features = readUntil(in, "</stream:features>");
            assertThat(features).contains("<starttls xmlns=\"urn:ietf:params:xml:ns:xmpp-tls\"><required/></starttls>")
                    .doesNotContain("PLAIN");
            out.write("<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGEAYg==</auth>".getBytes(StandardCharsets.UTF_8));
            assertThat(readUntil(in, "</failure>")).contains("encryption-required");
        }
    }

    private static String readUntil(InputStream in, String end) throws java.io.IOException {
        StringBuilder text = new StringBuilder();
        byte[] buffer = new byte[4096];
        while (!text.toString().contains(end)) {
            int n = in.read(buffer);
            if (n < 0) {
                break;
            }
            text.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
        }
        return text.toString();
    }
}
