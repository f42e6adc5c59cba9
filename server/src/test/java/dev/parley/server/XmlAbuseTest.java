package dev.parley.server;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Hostile XML before authentication (RFC 6120 §4.9, §11), over WebSocket and TCP: it ends in the stream error
 * and a closed stream, costs the server little, is logged at most once, and leaves everyone else alone.
 */
class XmlAbuseTest {

    @RegisterExtension
    static final TestServer server = TestServer.forClass(Map.of("parley.chat.tcp-require-tls", false));
    static final XmppFixture xmpp = new XmppFixture(server);
    private ListAppender<ILoggingEvent> log;

    @BeforeEach
    void captureLog() {
        log = new ListAppender<>();
        log.start();
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        ((Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)).detachAppender(log);
    }

    /** {@code <abort/>} carrying thousands of namespace declarations: 55 KB that Aalto checks in quadratic time. */
    static String abortWithDeclarations(int count) {
        StringBuilder abort = new StringBuilder("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
        for (int i = 0; i < count; i++) {
            abort.append(" xmlns:n").append(i).append("='u'");
        }
        return abort.append("/>").toString();
    }

    @Test
    void namespaceDeclarationFloodsAreRefusedAtTheLimitWhileOthersPingUndisturbed() throws Exception {
        String abort = abortWithDeclarations(3500);
        try (PingProbe bystander = PingProbe.start(server, xmpp.newUser("ns-bystander"))) {
            Parallel.run(10, attackerIndex -> {
                for (int round = 0; round < 10; round++) {
                    try (RawXmpp attacker = RawXmpp.connect(server)) {
                        attacker.open("parley.local");
                        attacker.expect("PLAIN");
                        attacker.send(abort);
                        String error = attacker.expect("<stream:error");
                        assertThat(error).contains("policy-violation").contains("namespace declarations");
                        assertThat(attacker.awaitClosed()).isTrue();
                    }
                }
            });
            bystander.stop("100 namespace-declaration floods from 10 connections at a time");
        }
    }

    @Test
    void theSameFloodOverTcpIsRefusedToo() throws Exception {
        try (RawTcp tcp = RawTcp.connect(server)) {
            tcp.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='parley.local' version='1.0'>");
            tcp.expect("PLAIN");
            tcp.send(abortWithDeclarations(3500));
            assertThat(tcp.expect("</stream:stream>")).contains("policy-violation").contains("namespace declarations");
            assertThat(tcp.awaitClosed()).isTrue();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\u0001def", "abc\uFFFEdef", "abc\uFFFFdef"})
    void aCharacterXmlForbidsEndsTheStreamOverWebSocket(String body) throws Exception {
        try (RawXmpp raw = RawXmpp.connect(server)) {
            raw.open("parley.local");
            raw.expect("PLAIN");
            for (int i = 0; i < 50 && raw.trySend("<message xmlns='jabber:client'><body>" + body + "</body></message>"); i++) {
                // the first one must end the stream; the rest find it closed (or are ignored)
            }
            assertThat(raw.expect("<stream:error")).contains("not-well-formed");
            assertThat(raw.awaitClosed()).isTrue();
        }
        assertLoggedAtMostOnceAndWithoutStackTraces();
    }

    @Test
    void aCharacterXmlForbidsOrBytesThatAreNoUtf8EndTheStreamOverTcp() throws Exception {
        for (byte[] bad : List.of("abc\u0001def".getBytes(StandardCharsets.UTF_8), new byte[] {'a', 'b', 'c', (byte) 0xF8, 'd'},
                new byte[] {'a', 'b', 'c', (byte) 0xFF, 'd'})) {
            try (RawTcp tcp = RawTcp.connect(server)) {
                tcp.send("<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' to='parley.local' version='1.0'>");
                tcp.expect("PLAIN");
                tcp.send("<message><body>");
                tcp.sendBytes(bad);
                tcp.send("</body></message>");
                assertThat(tcp.expect("</stream:stream>")).contains("not-well-formed");
                assertThat(tcp.awaitClosed()).isTrue();
            }
        }
        assertLoggedAtMostOnceAndWithoutStackTraces();
    }

    /** Nothing above WARN, and no stack trace: a hostile client cannot fill the log. */
    private void assertLoggedAtMostOnceAndWithoutStackTraces() {
        assertThat(log.list).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN)).isEmpty();
        assertThat(log.list).filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
    }
}
