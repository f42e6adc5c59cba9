package dev.parley.chat.xml;

import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class XmlElementTest {

    private static final String CLIENT = "jabber:client";

    private static XmlElement message() {
        return XmlElement.builder("message", CLIENT)
                .attribute("to", "222-7@parley.local")
                .attribute("type", "headline")
                .attribute("id", null)
                .child(XmlElement.builder("body", CLIENT).text("hello").build())
                .child(XmlElement.builder("x", "urn:x").attribute("a", "1").build())
                .child(XmlElement.builder("x", "urn:x").attribute("a", "2").build())
                .build();
    }

    @Test
    void exposesNameNamespaceAttributesAndChildren() {
        XmlElement message = message();

        assertThat(message.name()).isEqualTo("message");
        assertThat(message.namespace()).isEqualTo(CLIENT);
        assertThat(message.attributes()).containsExactly(
                entry("to", "222-7@parley.local"), entry("type", "headline"));
        assertThat(message.attribute("id")).isNull();
        assertThat(message.elements()).hasSize(3);
        assertThat(message.element("body", CLIENT).text()).isEqualTo("hello");
        assertThat(message.element("body", "urn:other")).isNull();
        assertThat(message.elements("x", "urn:x")).extracting(x -> x.attribute("a")).containsExactly("1", "2");
    }

    @Test
    void nullNamespaceMeansNoNamespace() {
        assertThat(XmlElement.builder("a", null).build().namespace()).isEmpty();
    }

    @Test
    void textConcatenatesOnlyDirectTextChildren() {
        XmlElement element = XmlElement.builder("a", "")
                .text("one ")
                .child(XmlElement.builder("b", "").text("nested").build())
                .text("two")
                .build();

        assertThat(element.text()).isEqualTo("one two");
        assertThat(element.children()).hasSize(3);
        assertThat(XmlElement.builder("a", "").build().text()).isEmpty();
    }

    @Test
    void adjacentTextIsMergedAndEmptyTextIgnored() {
        XmlElement element = XmlElement.builder("a", "").text("x").text("").text("y").build();

        assertThat(element.children()).containsExactly("xy");
    }

    @Test
    void withAttributeCopiesAndKeepsOrder() {
        XmlElement original = message();

        XmlElement restamped = original.withAttribute("to", "333@parley.local").withAttribute("from", "111@parley.local/web");

        assertThat(restamped.attributes().keySet()).containsExactly("to", "type", "from");
        assertThat(restamped.attribute("to")).isEqualTo("333@parley.local");
        assertThat(original.attribute("to")).isEqualTo("222-7@parley.local");
        assertThat(original.attribute("from")).isNull();
        assertThat(restamped.withoutAttribute("from")).isEqualTo(original.withAttribute("to", "333@parley.local"));
        assertThat(original.withAttribute("type", null).attributes().keySet()).containsExactly("to");
    }

    @Test
    void isImmutable() {
        XmlElement.Builder builder = XmlElement.builder("a", "").attribute("k", "v");
        XmlElement built = builder.build();
        builder.attribute("k", "changed").text("later");

        assertThat(built.attribute("k")).isEqualTo("v");
        assertThat(built.children()).isEmpty();
        assertThatThrownBy(() -> built.children().add("x")).isInstanceOf(UnsupportedOperationException.class);
        assertThatThrownBy(() -> built.attributes().put("x", "y")).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void equalityIsStructural() {
        assertThat(message()).isEqualTo(message()).hasSameHashCodeAs(message());
        assertThat(message()).isNotEqualTo(message().withAttribute("id", "1"));
        assertThat(XmlElement.builder("a", "ns1").build()).isNotEqualTo(XmlElement.builder("a", "ns2").build());
    }

    @Test
    void serializesNamespacesOnlyWhereTheyChange() {
        assertThat(message().toXml()).isEqualTo(
                "<message xmlns=\"jabber:client\" to=\"222-7@parley.local\" type=\"headline\">"
                        + "<body>hello</body><x xmlns=\"urn:x\" a=\"1\"/><x xmlns=\"urn:x\" a=\"2\"/></message>");
    }

    @Test
    void serializesChildWithoutNamespaceUnderNamespacedParent() {
        XmlElement element = XmlElement.builder("a", "urn:a").child(XmlElement.builder("b", "").build()).build();

        assertThat(element.toXml()).isEqualTo("<a xmlns=\"urn:a\"><b xmlns=\"\"/></a>");
        assertThat(XmlElement.builder("a", "").build().toXml()).isEqualTo("<a/>");
    }

    @Test
    void escapesMarkupInTextAndAttributes() {
        XmlElement element = XmlElement.builder("a", "")
                .attribute("q", "<&>\"'")
                .text("<&>\"'")
                .build();

        assertThat(element.toXml()).isEqualTo("<a q=\"&lt;&amp;&gt;&quot;&apos;\">&lt;&amp;&gt;\"'</a>");
    }

    @Test
    void writesCarriageReturnsAndAttributeWhitespaceAsCharacterReferences() {
        XmlElement element = XmlElement.builder("sdp", "")
                .attribute("a", "x\ty\r\nz")
                .text("v=0\r\no=-\r\n")
                .build();

        assertThat(element.toXml()).isEqualTo("<sdp a=\"x&#9;y&#13;&#10;z\">v=0&#13;\no=-&#13;\n</sdp>");
    }

    @Test
    void replacesCharactersXmlCannotCarry() {
        XmlElement element = XmlElement.builder("a", "").text("bell\u0007 lone\uD800 ok\uD83D\uDE00").build();

        assertThat(element.toXml()).isEqualTo("<a>bell\uFFFD lone\uFFFD ok\uD83D\uDE00</a>");
    }

    @Test
    void refusesNamespaceDeclarationsAsAttributes() {
        assertThatThrownBy(() -> XmlElement.builder("a", "").attribute("xmlns", "urn:x"))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> XmlElement.builder("a", "").build().withAttribute("xmlns:p", "urn:x"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void serializedFormParsesBackToAnEqualElement() throws XmlException {
        XmlElement element = XmlElement.builder("message", CLIENT)
                .attribute("xml:lang", "es")
                .attribute("title", "a\"b'c\td\ne")
                .child(XmlElement.builder("body", CLIENT).text("  ñ😀 & <tag> \r\n  ").build())
                .child(XmlElement.builder("data", "urn:d").child(XmlElement.builder("empty", "urn:d").build()).build())
                .build();

        assertThat(XmlFrameParser.parse(element.toXml(), XmlLimits.ofStanzaBytes(10_000))).isEqualTo(element);
        assertThat(List.of(element.toString())).containsExactly(element.toXml());
    }

    /** Found by fuzzing: {@code <xml:b/>} was written as {@code <b xmlns="http://www.w3.org/XML/1998/namespace"/>}, which no parser accepts. */
    @Test
    void writesAnElementInTheXmlNamespaceWithItsPrefix() throws XmlException {
        String relayed = "<a xmlns='urn:a'><xml:b><c/><d xmlns='urn:d'/><e xmlns=''/></xml:b><f/></a>";
        XmlElement parsed = XmlFrameParser.parse(relayed, XmlLimits.ofStanzaBytes(1000));

        String written = parsed.toXml();
        assertThat(written).isEqualTo("<a xmlns=\"urn:a\"><xml:b><c/><d xmlns=\"urn:d\"/><e xmlns=\"\"/></xml:b><f/></a>");
        assertThat(XmlFrameParser.parse(written, XmlLimits.ofStanzaBytes(1000))).isEqualTo(parsed);
    }
}
