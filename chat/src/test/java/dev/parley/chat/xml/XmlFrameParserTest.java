package dev.parley.chat.xml;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 7395 §3.3.3: each WebSocket message is exactly one complete element declaring its namespace. */
class XmlFrameParserTest {

    static final int LIMIT = 64 * 1024;
    static final String FRAMING = "urn:ietf:params:xml:ns:xmpp-framing";

    static void assertRefused(String frame, int maxBytes, StreamError condition) {
        assertThatThrownBy(() -> XmlFrameParser.parse(frame, XmlLimits.ofStanzaBytes(maxBytes))).isInstanceOfSatisfying(XmlException.class,
                e -> assertThat(e.condition()).as(e.getMessage()).isEqualTo(condition));
    }

    /** Found by fuzzing: Aalto checks a name's first character only before the colon; "2q" then could not be written out. */
    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"<x:2q xmlns:x='urn:x'/>", "<m xmlns='urn:m' xml:2a='v'/>", "<x:-q xmlns:x='urn:x'/>"})
    void refusesAPrefixedNameWhoseLocalPartIsNotAName(String frame) {
        assertRefused(frame, LIMIT, StreamError.NOT_WELL_FORMED);
    }

    /** Found by fuzzing: Aalto took C0 8F in a namespace for U+000F, which XML forbids and Parley then wrote as U+FFFD. */
    @ParameterizedTest
    @ValueSource(strings = {"C08F", "E08081", "C181", "F09F98"})
    void refusesOverlongOrTruncatedUtf8(String bad) {
        byte[] sequence = java.util.HexFormat.of().parseHex(bad);
        byte[] before = "<close xmlns='urn:ietf".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] after = "'/>".getBytes(java.nio.charset.StandardCharsets.UTF_8);
        byte[] frame = new byte[before.length + sequence.length + after.length];
        System.arraycopy(before, 0, frame, 0, before.length);
        System.arraycopy(sequence, 0, frame, before.length, sequence.length);
        System.arraycopy(after, 0, frame, before.length + sequence.length, after.length);

        assertThatThrownBy(() -> XmlFrameParser.parse(frame, XmlLimits.ofStanzaBytes(LIMIT))).isInstanceOfSatisfying(
                XmlException.class, e -> assertThat(e.condition()).isEqualTo(StreamError.NOT_WELL_FORMED));
        byte[] truncated = java.util.Arrays.copyOf(frame, before.length + sequence.length);
        assertThatThrownBy(() -> XmlFrameParser.parse(truncated, XmlLimits.ofStanzaBytes(LIMIT))).isInstanceOf(XmlException.class);
    }

    @Test
    void parsesTheOpenElement() throws XmlException {
        XmlElement open = XmlFrameParser.parse(
                "<open xmlns=\"urn:ietf:params:xml:ns:xmpp-framing\" to=\"parley.local\" version=\"1.0\" xml:lang=\"en\"/>", XmlLimits.ofStanzaBytes(LIMIT));

        assertThat(open.name()).isEqualTo("open");
        assertThat(open.namespace()).isEqualTo(FRAMING);
        assertThat(open.attributes()).containsExactly(
                entry("to", "parley.local"), entry("version", "1.0"), entry("xml:lang", "en"));
        assertThat(open.children()).isEmpty();
    }

    @Test
    void parsesAStanzaWithNestedElements() throws XmlException {
        XmlElement message = XmlFrameParser.parse("<message xmlns='jabber:client' to='a@b'>"
                + "<body>ñ😀 &amp; &#13;&#10;</body><active xmlns='http://jabber.org/protocol/chatstates'/></message>", XmlLimits.ofStanzaBytes(LIMIT));

        assertThat(message.element("body", "jabber:client").text()).isEqualTo("ñ😀 & \r\n");
        assertThat(message.element("active", "http://jabber.org/protocol/chatstates")).isNotNull();
    }

    @Test
    void allowsWhitespaceAroundTheElement() throws XmlException {
        assertThat(XmlFrameParser.parse("\n <close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/> \r\n", XmlLimits.ofStanzaBytes(LIMIT)).name())
                .isEqualTo("close");
    }

    @Test
    void refusesTwoElementsInOneMessage() {
        assertRefused("<presence xmlns='jabber:client'/><presence xmlns='jabber:client'/>", LIMIT,
                StreamError.NOT_WELL_FORMED);
    }

    @ParameterizedTest(name = "[{0}]")
    @ValueSource(strings = {"", "   ", "\n", "<message xmlns='jabber:client'>", "<presence xmlns='jabber:client'/>trailing",
        "text", "<a></b>"})
    void refusesEmptyIncompleteOrTrailingContent(String frame) {
        assertRefused(frame, LIMIT, StreamError.NOT_WELL_FORMED);
    }

    @Test
    void refusesAMessageOverTheLimitCountingUtf8Bytes() throws XmlException {
        String frame = "<m>" + "ñ".repeat(50) + "</m>";
        assertThat(frame.length()).isEqualTo(57);

        assertRefused(frame, 100, StreamError.POLICY_VIOLATION);
        assertThat(XmlFrameParser.parse(frame, XmlLimits.ofStanzaBytes(107)).text()).hasSize(50);
        assertRefused("<m>" + "x".repeat(70_000) + "</m>", LIMIT, StreamError.POLICY_VIOLATION);
    }

    @Test
    void refusesTheXmlDeclaration() {
        assertRefused("<?xml version='1.0'?><open xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>", LIMIT,
                StreamError.RESTRICTED_XML);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {
        "<!DOCTYPE m><m/>",
        "<!DOCTYPE m [<!ENTITY a 'aaaaaaaaaa'><!ENTITY b '&a;&a;&a;&a;&a;&a;&a;&a;'>]><m>&b;</m>",
        "<m><!-- c --></m>",
        "<!-- c --><m/>",
        "<m><?pi x?></m>",
        "<m>&foo;</m>",
        "<m a='&foo;'/>",
    })
    void refusesRestrictedXml(String frame) {
        assertRefused(frame, LIMIT, StreamError.RESTRICTED_XML);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc\u0001def", "abc\uFFFEdef", "abc\uFFFFdef"})
    void refusesCharactersXmlForbidsInTextAsNotWellFormed(String body) {
        assertRefused("<message xmlns='jabber:client'><body>" + body + "</body></message>", LIMIT, StreamError.NOT_WELL_FORMED);
    }

    @Test
    void refusesBytesThatAreNotUtf8AsNotWellFormed() {
        byte[] frame = "<message xmlns='jabber:client'><body>abc\u00ff</body></message>".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> XmlFrameParser.parse(frame, XmlLimits.ofStanzaBytes(LIMIT))).isInstanceOfSatisfying(XmlException.class,
                e -> assertThat(e.condition()).isEqualTo(StreamError.NOT_WELL_FORMED));
    }

    @Test
    void refusesTooManyNamespaceDeclarationsAsPolicyViolation() {
        StringBuilder abort = new StringBuilder("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
        for (int i = 0; i < 3500; i++) {
            abort.append(" xmlns:n").append(i).append("='u'");
        }
        assertRefused(abort.append("/>").toString(), 1 << 20, StreamError.POLICY_VIOLATION);
    }
}
