package dev.parley.chat.xml;

import static dev.parley.chat.xml.RecordingListener.feedAll;
import static dev.parley.chat.xml.RecordingListener.feedInChunks;
import static dev.parley.chat.xml.RecordingListener.utf8;
import static java.util.Map.entry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.util.Random;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 6120 §4 (streams) and §11 (XML usage), as seen by a server reading a client's stream. */
class XmlStreamParserTest {

    static final int LIMIT = 64 * 1024;
    static final String STREAMS = "http://etherx.jabber.org/streams";
    static final String CLIENT = "jabber:client";

    /** An initial stream header as Smack writes it. */
    static final String HEADER = "<?xml version='1.0' encoding='UTF-8'?>"
            + "<stream:stream xmlns='jabber:client' to='parley.local' xmlns:stream='http://etherx.jabber.org/streams'"
            + " version='1.0' from='111@parley.local' xml:lang='en'>";

    /** The call signal of docs/protocol.md §3.2, with an SDP body as a client escapes it. */
    static final String SIGNAL = "<message to='222-7@parley.local' type='headline' id='65f1c0de3a1b2c000001a2b3'>"
            + "<extraParams xmlns='jabber:client'>"
            + "<moduleIdentifier>WebRTCVideoChat</moduleIdentifier>"
            + "<signalType>call</signalType>"
            + "<sessionID>5d3c1b7e-8a9f-4c21-9b0e-1f2a3b4c5d6e</sessionID>"
            + "<callType>1</callType>"
            + "<callerID>111</callerID>"
            + "<opponentsIDs><opponentID>222</opponentID><opponentID>333</opponentID></opponentsIDs>"
            + "<sdp>v=0&#13;\no=- 4611731400430051336 2 IN IP4 127.0.0.1&#13;\ns=-&#13;\n"
            + "a=fmtp:111 minptime=10;useinbandfec=1&#13;\na=x-note:a&amp;b &lt;c&gt; \"q\" 'a'&#13;\n</sdp>"
            + "<platform>web</platform>"
            + "<userInfo><anyKey>any value ñ😀</anyKey></userInfo>"
            + "</extraParams></message>";

    static final String SDP = "v=0\r\no=- 4611731400430051336 2 IN IP4 127.0.0.1\r\ns=-\r\n"
            + "a=fmtp:111 minptime=10;useinbandfec=1\r\na=x-note:a&b <c> \"q\" 'a'\r\n";

    final RecordingListener listener = new RecordingListener();
    final XmlStreamParser parser = new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), listener);

    static ThrowingCallable feeding(XmlStreamParser parser, String text) {
        return () -> feedAll(parser, text);
    }

    static void assertRefused(ThrowingCallable feeding, StreamError condition) {
        assertThatThrownBy(feeding).isInstanceOfSatisfying(XmlException.class,
                e -> assertThat(e.condition()).as(e.getMessage()).isEqualTo(condition));
    }

    @Nested
    class Streams {

        @Test
        void deliversTheStreamHeaderWithItsAttributesAndNoChildren() throws XmlException {
            feedAll(parser, HEADER);

            assertThat(listener.headers).singleElement().satisfies(header -> {
                assertThat(header.name()).isEqualTo("stream");
                assertThat(header.namespace()).isEqualTo(STREAMS);
                assertThat(header.attributes()).containsExactly(entry("to", "parley.local"), entry("version", "1.0"),
                        entry("from", "111@parley.local"), entry("xml:lang", "en"));
                assertThat(header.children()).isEmpty();
            });
            assertThat(listener.stanzas).isEmpty();
        }

        @Test
        void acceptsAnyPrefixBoundToTheStreamNamespace() throws XmlException {
            feedAll(parser, "<s:stream xmlns:s='http://etherx.jabber.org/streams' xmlns='jabber:client' id='1'>");

            assertThat(listener.headers).singleElement().satisfies(header -> {
                assertThat(header.name()).isEqualTo("stream");
                assertThat(header.namespace()).isEqualTo(STREAMS);
            });
        }

        @Test
        void deliversEveryTopLevelElementWithItsNamespace() throws XmlException {
            feedAll(parser, HEADER
                    + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>"
                    + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGp1bGlldABy</auth>"
                    + "<iq type='get' id='p1'><ping xmlns='urn:xmpp:ping'/></iq>"
                    + "<presence/>"
                    + "<r xmlns='urn:xmpp:sm:3'/>");

            assertThat(listener.stanzas).extracting(XmlElement::name, XmlElement::namespace).containsExactly(
                    tuple("starttls", "urn:ietf:params:xml:ns:xmpp-tls"),
                    tuple("auth", "urn:ietf:params:xml:ns:xmpp-sasl"),
                    tuple("iq", CLIENT),
                    tuple("presence", CLIENT),
                    tuple("r", "urn:xmpp:sm:3"));
            assertThat(listener.stanzas.get(1).text()).isEqualTo("AGp1bGlldABy");
            assertThat(listener.stanzas.get(2).element("ping", "urn:xmpp:ping")).isNotNull();
        }

        @Test
        void deliversSeveralStanzasFromOneChunkInOrder() throws XmlException {
            feedAll(parser, HEADER);

            feedAll(parser, "<message id='1'><body>a</body></message><message id='2'/><message id='3'><body>c</body></message>");

            assertThat(listener.stanzas).extracting(s -> s.attribute("id")).containsExactly("1", "2", "3");
        }

        @Test
        void holdsAStanzaBackUntilItIsComplete() throws XmlException {
            feedAll(parser, HEADER + "<message id='1'><body>hel");
            assertThat(listener.stanzas).isEmpty();

            feedAll(parser, "lo</body></message>");

            assertThat(listener.stanzas).singleElement()
                    .satisfies(message -> assertThat(message.element("body", CLIENT).text()).isEqualTo("hello"));
        }

        @Test
        void ignoresWhitespaceKeepalivesBetweenStanzas() throws XmlException {
            feedAll(parser, HEADER + "\n ");
            feedAll(parser, " <presence/>\n\t ");
            feedAll(parser, " \r\n<presence/>");

            assertThat(listener.stanzas).hasSize(2);
        }

        @Test
        void refusesTextOutsideStanzasAsBadFormat() throws XmlException {
            feedAll(parser, HEADER + "<presence/>");

            assertRefused(feeding(parser, "hello<presence/>"), StreamError.BAD_FORMAT);
        }

        @Test
        void reportsTheClosingStreamTag() throws XmlException {
            feedAll(parser, HEADER + "<presence/>");
            assertThat(listener.closes).isZero();

            feedAll(parser, "</stream:stream>");

            assertThat(listener.closes).isOne();
            assertThat(listener.stanzas).hasSize(1);
        }

        @Test
        void refusesARootThatIsNotAStreamAsBadFormat() {
            assertRefused(feeding(parser, "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='parley.local'/>"),
                    StreamError.BAD_FORMAT);
        }

        @Test
        void refusesAStreamOutsideTheStreamNamespaceAsInvalidNamespace() {
            assertRefused(feeding(parser, "<stream:stream xmlns:stream='urn:wrong' xmlns='jabber:client'>"),
                    StreamError.INVALID_NAMESPACE);
            assertRefused(feeding(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), listener), "<stream xmlns='jabber:client'>"),
                    StreamError.INVALID_NAMESPACE);
        }

        @Test
        void refusesEncodingsOtherThanUtf8() {
            assertRefused(feeding(parser, "<?xml version='1.0' encoding='ISO-8859-1'?>"
                    + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>"), StreamError.UNSUPPORTED_ENCODING);
        }
    }

    @Nested
    class SplitInput {

        static final String STREAM = HEADER
                + "<message to='ñ😀@parley.local' id='m1'><body>ñandú 😀 &amp; &lt;tag&gt; &#x1F600; &#13;&#10;"
                + "<![CDATA[<raw & text>]]> end</body></message>\n"
                + SIGNAL
                + "<r xmlns='urn:xmpp:sm:3'/><presence/></stream:stream>";

        @ParameterizedTest(name = "chunks of {0} bytes")
        @ValueSource(ints = {1, 2, 3, 5, 7, 13, 100, 4095, 4096, 4097})
        void givesTheSameStanzasWhereverTheInputIsSplit(int chunk) throws XmlException {
            RecordingListener whole = new RecordingListener();
            feedAll(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), whole), STREAM);

            feedInChunks(parser, STREAM, chunk);

            assertThat(whole.stanzas).hasSize(4);
            assertThat(listener.headers).isEqualTo(whole.headers);
            assertThat(listener.stanzas).isEqualTo(whole.stanzas);
            assertThat(listener.closes).isEqualTo(whole.closes).isOne();
        }

        @Test
        void givesTheSameStanzasForRandomSplits() throws XmlException {
            RecordingListener whole = new RecordingListener();
            feedAll(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), whole), STREAM);
            byte[] bytes = utf8(STREAM);
            Random random = new Random(6120);

            for (int run = 0; run < 200; run++) {
                RecordingListener split = new RecordingListener();
                XmlStreamParser splitParser = new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), split);
                for (int position = 0; position < bytes.length; ) {
                    int length = Math.min(1 + random.nextInt(40), bytes.length - position);
                    splitParser.feed(bytes, position, length);
                    position += length;
                }
                assertThat(split.stanzas).as("run %d", run).isEqualTo(whole.stanzas);
            }
        }

        @Test
        void decodesMultiByteCharactersSplitAcrossFeeds() throws XmlException {
            feedInChunks(parser, STREAM, 1);

            XmlElement message = listener.stanzas.getFirst();
            assertThat(message.attribute("to")).isEqualTo("ñ😀@parley.local");
            assertThat(message.element("body", CLIENT).text())
                    .isEqualTo("ñandú 😀 & <tag> 😀 \r\n<raw & text> end");
        }
    }

    @Nested
    class RoundTrip {

        @Test
        void signalStanzaKeepsEveryTextByteIdenticalThroughParseAndReserialization() throws XmlException {
            feedAll(parser, HEADER + SIGNAL);
            XmlElement parsed = listener.stanzas.getFirst();
            XmlElement extraParams = parsed.element("extraParams", CLIENT);
            assertThat(extraParams.element("sdp", CLIENT).text()).isEqualTo(SDP);
            assertThat(extraParams.element("userInfo", CLIENT).element("anyKey", CLIENT).text()).isEqualTo("any value ñ😀");

            String reserialized = parsed.toXml();
            RecordingListener relayed = new RecordingListener();
            feedAll(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), relayed), HEADER + reserialized);

            assertThat(relayed.stanzas).containsExactly(parsed);
            assertThat(relayed.stanzas.getFirst().element("extraParams", CLIENT).element("sdp", CLIENT).text())
                    .isEqualTo(SDP);
            assertThat(XmlFrameParser.parse(reserialized, XmlLimits.ofStanzaBytes(LIMIT))).isEqualTo(parsed);
            assertThat(reserialized).startsWith("<message xmlns=\"jabber:client\" to=\"222-7@parley.local\"")
                    .contains("<extraParams><moduleIdentifier>");
        }

        @Test
        void keepsWhitespaceAndMixedContentInsideStanzas() throws XmlException {
            feedAll(parser, HEADER + "<message>\n  <body> two  spaces </body>\n</message>");

            assertThat(listener.stanzas.getFirst().children()).hasSize(3).first().isEqualTo("\n  ");
            assertThat(listener.stanzas.getFirst().element("body", CLIENT).text()).isEqualTo(" two  spaces ");
        }

        @Test
        void keepsXmlLangAndDropsOtherNamespacedAttributes() throws XmlException {
            feedAll(parser, HEADER + "<message xml:lang='es' xmlns:p='urn:p' p:x='1' id='a'/>");

            assertThat(listener.stanzas.getFirst().attributes()).containsExactly(entry("xml:lang", "es"), entry("id", "a"));
        }
    }

    @Nested
    class Restarts {

        @Test
        void resetStartsAFreshDocumentAfterStartTls() throws XmlException {
            feedAll(parser, HEADER + "<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");

            parser.reset();
            feedAll(parser, HEADER.replace("111@", "999@") + "<presence/>");

            assertThat(listener.headers).extracting(h -> h.attribute("from"))
                    .containsExactly("111@parley.local", "999@parley.local");
            assertThat(listener.stanzas).extracting(XmlElement::name).containsExactly("starttls", "presence");
        }

        @Test
        void resetDiscardsAnUnfinishedStanza() throws XmlException {
            feedAll(parser, HEADER + "<message><body>never fin");

            parser.reset();
            feedAll(parser, HEADER + "<presence/>");

            assertThat(listener.stanzas).extracting(XmlElement::name).containsExactly("presence");
        }

        @ParameterizedTest(name = "chunks of {0} bytes")
        @ValueSource(ints = {1, 3, 7, 4096})
        void resetFromAStanzaCallbackParsesTheRestOfTheChunkAsTheNewStream(int chunk) throws XmlException {
            XmlStreamParser[] self = new XmlStreamParser[1];
            RecordingListener restarting = new RecordingListener().onStanza(stanza -> {
                if (stanza.name().equals("auth")) {
                    self[0].reset(); // SASL success, RFC 6120 §6.4.6
                }
            });
            self[0] = new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), restarting);

            feedInChunks(self[0], HEADER + "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AA==</auth>"
                    + HEADER + "<iq type='set' id='😀'/>", chunk);

            assertThat(restarting.headers).hasSize(2);
            assertThat(restarting.stanzas).extracting(XmlElement::name).containsExactly("auth", "iq");
            assertThat(restarting.stanzas.getLast().attribute("id")).isEqualTo("😀");
        }

        @Test
        void acceptsTheXmlDeclarationOnlyAtTheStartOfADocument() throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, "<?xml version='1.0'?><presence/>"), StreamError.NOT_WELL_FORMED);
            assertRefused(feeding(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), listener), " " + HEADER), StreamError.NOT_WELL_FORMED);
        }

        @Test
        void staysFailedAfterAnError() throws XmlException {
            feedAll(parser, HEADER);
            assertRefused(feeding(parser, "<message></presence>"), StreamError.NOT_WELL_FORMED);

            parser.reset();

            assertRefused(feeding(parser, HEADER), StreamError.NOT_WELL_FORMED);
            assertThat(listener.headers).hasSize(1);
        }
    }

    @Nested
    class Restrictions {

        static final String BILLION_LAUGHS = "<?xml version='1.0'?>"
                + "<!DOCTYPE lolz [<!ENTITY lol 'lol'>"
                + "<!ENTITY lol1 '&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;'>"
                + "<!ENTITY lol2 '&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;'>"
                + "<!ENTITY lol3 '&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;'>]>"
                + "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>"
                + "<message><body>&lol3;</body></message>";

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "<!DOCTYPE stream:stream>" + "<stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
            "<!DOCTYPE stream SYSTEM 'http://evil.example/x.dtd'><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
            "<!DOCTYPE x [<!ENTITY foo 'bar'>]><stream:stream xmlns:stream='http://etherx.jabber.org/streams'>",
            BILLION_LAUGHS,
        })
        void refusesDtds(String stream) {
            assertRefused(feeding(parser, stream), StreamError.RESTRICTED_XML);
        }

        @Test
        void refusesTheBillionLaughsEvenFedByteByByte() {
            assertRefused(() -> feedInChunks(parser, BILLION_LAUGHS, 1), StreamError.RESTRICTED_XML);
            assertThat(listener.stanzas).isEmpty();
        }

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "<message><!-- hidden --><body>x</body></message>",
            "<!-- between stanzas --><presence/>",
            "<message><?php echo 1; ?></message>",
            "<?target data?><presence/>",
            "<message><body>&foo;</body></message>",
            "<message to='&foo;'/>",
            "<message><body>&lol3;</body></message>",
        })
        void refusesCommentsProcessingInstructionsAndEntityReferences(String content) throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, content), StreamError.RESTRICTED_XML);
            assertThat(listener.stanzas).isEmpty();
        }

        @Test
        void refusesACommentBeforeTheStream() {
            assertRefused(feeding(parser, "<!-- hi -->" + HEADER), StreamError.RESTRICTED_XML);
        }

        @Test
        void acceptsThePredefinedEntitiesAndCharacterReferences() throws XmlException {
            feedAll(parser, HEADER + "<message a='&quot;&apos;&lt;&gt;&amp;'><body>&quot;&apos;&lt;&gt;&amp;&#65;&#x42;</body></message>");

            XmlElement message = listener.stanzas.getFirst();
            assertThat(message.attribute("a")).isEqualTo("\"'<>&");
            assertThat(message.element("body", CLIENT).text()).isEqualTo("\"'<>&AB");
        }
    }

    @Nested
    class Malformed {

        @ParameterizedTest(name = "{0}")
        @ValueSource(strings = {
            "<message></presence>",
            "<message><body></message>",
            "<p:message/>",
            "<message to='a' to='b'/>",
            "<message to=a/>",
            "<message to='<'/>",
            "<message>a & b</message>",
            "<message>&#0;</message>",
            "<message><</message>",
            "</message>",
            "</stream:stream><presence/>",
        })
        void refusesMalformedXmlAsNotWellFormed(String content) throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, content), StreamError.NOT_WELL_FORMED);
        }

        @Test
        void refusesInvalidUtf8AsNotWellFormed() throws XmlException {
            feedAll(parser, HEADER + "<message><body>");
            byte[] invalid = {(byte) 0xC3, (byte) 0x28};

            assertRefused(() -> parser.feed(invalid, 0, invalid.length), StreamError.NOT_WELL_FORMED);
        }

        /**
         * Characters XML forbids in text, and bytes that are never UTF-8 after valid text: Aalto reports these by
         * throwing an unchecked exception, which must still end as the stream error (RFC 6120 §4.9.3.13).
         */
        @ParameterizedTest
        @ValueSource(strings = {"abc\u0001def", "abc\uFFFEdef", "abc\uFFFFdef"})
        void refusesCharactersXmlForbidsInText(String body) throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, "<message xmlns='jabber:client'><body>" + body + "</body></message>"),
                    StreamError.NOT_WELL_FORMED);
        }

        /** Found by fuzzing: Aalto missed "]]>" in text when an input ended inside it, and took the stream. */
        @ParameterizedTest
        @ValueSource(ints = {1, 2, 3, 1000})
        void refusesCdataEndInTextHoweverTheInputIsSplit(int chunk) throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(() -> feedInChunks(parser, "<message><body>a]]>b</body></message>", chunk), StreamError.NOT_WELL_FORMED);
        }

        /** Aalto decodes these instead of refusing them: C0 8F to U+000F, E0 80 81 to U+0001, C1 81 to "A". */
        @ParameterizedTest
        @ValueSource(strings = {"C08F", "E08081", "C181"})
        void refusesOverlongUtf8InTextAndAttributes(String overlong) throws XmlException {
            byte[] sequence = java.util.HexFormat.of().parseHex(overlong);
            for (String[] around : new String[][] {{"<message><body>a", "</body></message>"}, {"<message id='a", "'/>"},
                    {"<message xmlns='urn:a", "'/>"}}) {
                XmlStreamParser fresh = new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), new RecordingListener());
                feedAll(fresh, HEADER);
                byte[] before = utf8(around[0]);
                byte[] after = utf8(around[1]);
                byte[] stanza = new byte[before.length + sequence.length + after.length];
                System.arraycopy(before, 0, stanza, 0, before.length);
                System.arraycopy(sequence, 0, stanza, before.length, sequence.length);
                System.arraycopy(after, 0, stanza, before.length + sequence.length, after.length);

                assertRefused(() -> fresh.feed(stanza, 0, stanza.length), StreamError.NOT_WELL_FORMED);
            }
        }

        @ParameterizedTest
        @ValueSource(ints = {0xF8, 0xFF})
        void refusesBytesThatAreNeverUtf8AfterValidText(int bad) throws XmlException {
            feedAll(parser, HEADER + "<message xmlns='jabber:client'><body>abc");
            byte[] invalid = {(byte) bad, 'd', 'e', 'f', '<', '/', 'b', 'o', 'd', 'y', '>'};

            assertRefused(() -> parser.feed(invalid, 0, invalid.length), StreamError.NOT_WELL_FORMED);
        }

        @Test
        void aListenersOwnExceptionIsNotTakenForMalformedInput() {
            XmlStreamParser throwing = new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), new RecordingListener().onStanza(stanza -> {
                throw new IllegalStateException("listener failed");
            }));

            assertThatThrownBy(feeding(throwing, HEADER + "<presence/>")).isInstanceOf(IllegalStateException.class)
                    .hasMessage("listener failed");
        }
    }

    @Nested
    class ElementLimits {

        @Test
        void refusesAnElementWithTooManyNamespaceDeclarationsBeforeParsingIt() throws XmlException {
            StringBuilder abort = new StringBuilder("<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'");
            for (int i = 0; i < 3500; i++) {
                abort.append(" xmlns:n").append(i).append("='u'");
            }
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, abort.append("/>").toString()), StreamError.POLICY_VIOLATION);
            assertThat(listener.stanzas).isEmpty();
        }

        @Test
        void refusesAnElementWithTooManyAttributes() throws XmlException {
            StringBuilder message = new StringBuilder("<message xmlns='jabber:client'");
            for (int i = 0; i <= XmlLimits.DEFAULT_MAX_ATTRIBUTES; i++) {
                message.append(" a").append(i).append("=''");
            }
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, message.append("/>").toString()), StreamError.POLICY_VIOLATION);
        }

        @Test
        void theLimitsAreSettings() throws XmlException {
            XmlStreamParser tight = new XmlStreamParser(new XmlLimits(LIMIT, 6, 2), listener);
            feedAll(tight, HEADER + "<presence a='1' b='2' c='3' d='4' e='5' f='6'/>");

            assertRefused(feeding(tight, "<presence a='1' b='2' c='3' d='4' e='5' f='6' g='7'/>"), StreamError.POLICY_VIOLATION);
        }
    }

    @Nested
    class SizeLimits {

        static String messageOfSize(int bytes) {
            String open = "<message><body>";
            String close = "</body></message>";
            return open + "x".repeat(bytes - open.length() - close.length()) + close;
        }

        @Test
        void acceptsAStanzaUnderTheLimit() throws XmlException {
            feedAll(parser, HEADER + messageOfSize(60_000));

            assertThat(listener.stanzas).singleElement()
                    .satisfies(message -> assertThat(message.element("body", CLIENT).text()).hasSize(60_000 - 32));
        }

        @ParameterizedTest(name = "chunks of {0} bytes")
        @ValueSource(ints = {1400, 16 * 1024, 200_000})
        void refusesA70KbStanzaAtA64KibLimit(int chunk) {
            assertRefused(() -> feedInChunks(parser, HEADER + messageOfSize(70_000) + "<presence/>", chunk),
                    StreamError.POLICY_VIOLATION);
            assertThat(listener.stanzas).isEmpty();
        }

        @Test
        void measuresStanzasExactly() throws XmlException {
            int size = 200;
            String header = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>";

            XmlStreamParser exact = new XmlStreamParser(XmlLimits.ofStanzaBytes(size), listener);
            feedAll(exact, header);
            feedInChunks(exact, messageOfSize(size) + messageOfSize(size), 7);
            assertThat(listener.stanzas).hasSize(2);

            XmlStreamParser tight = new XmlStreamParser(XmlLimits.ofStanzaBytes(size - 1), listener);
            feedAll(tight, header);
            assertRefused(feeding(tight, messageOfSize(size)), StreamError.POLICY_VIOLATION);
        }

        @Test
        void refusesAnUnfinishedStanzaOnceItOutgrowsTheLimit() throws XmlException {
            feedAll(parser, HEADER + "<message><body>");
            byte[] chunk = utf8("x".repeat(1024));
            int fed = 0;
            try {
                while (fed < 10 * LIMIT) {
                    parser.feed(chunk, 0, chunk.length);
                    fed += chunk.length;
                }
            } catch (XmlException e) {
                assertThat(e.condition()).isEqualTo(StreamError.POLICY_VIOLATION);
            }
            assertThat(fed).isBetween(LIMIT - 2048, LIMIT);
        }

        @Test
        void refusesAnEndlessStartTag() throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(() -> feedInChunks(parser, "<message to='" + "a".repeat(2 * LIMIT), 8192),
                    StreamError.POLICY_VIOLATION);
        }

        @Test
        void refusesAnEndlessPrologOrHeader() {
            assertRefused(() -> feedInChunks(parser, " ".repeat(LIMIT + 1), 4096), StreamError.POLICY_VIOLATION);
            assertRefused(() -> feedInChunks(new XmlStreamParser(XmlLimits.ofStanzaBytes(LIMIT), listener),
                    "<stream:stream xmlns:stream='http://etherx.jabber.org/streams' to='" + "a".repeat(LIMIT), 4096),
                    StreamError.POLICY_VIOLATION);
        }

        @Test
        void doesNotCountWhitespaceKeepalivesAgainstTheNextStanza() throws XmlException {
            XmlStreamParser tight = new XmlStreamParser(XmlLimits.ofStanzaBytes(300), listener);
            feedAll(tight, "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams'>");

            for (int i = 0; i < 1000; i++) {
                feedAll(tight, " ");
            }
            feedAll(tight, messageOfSize(300));

            assertThat(listener.stanzas).hasSize(1);
        }

        @Test
        void refusesAbsurdNesting() throws XmlException {
            feedAll(parser, HEADER);

            assertRefused(feeding(parser, "<a>".repeat(ElementAssembler.MAX_DEPTH + 1)), StreamError.POLICY_VIOLATION);
        }

        @Test
        void acceptsNestingUpToTheCap() throws XmlException {
            int depth = ElementAssembler.MAX_DEPTH;
            feedAll(parser, HEADER + "<a>".repeat(depth) + "</a>".repeat(depth));

            assertThat(listener.stanzas).hasSize(1);
            assertThat(listener.stanzas.getFirst().toXml()).startsWith("<a xmlns=\"jabber:client\"><a><a>");
        }
    }
}
