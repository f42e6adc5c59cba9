package dev.parley.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.chat.xml.XmlElement;
import dev.parley.chat.xml.XmlException;
import dev.parley.chat.xml.XmlFrameParser;
import dev.parley.chat.xml.XmlLimits;
import dev.parley.chat.xml.XmlStreamParser;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The XMPP stream over TCP as the chat server reads it (RFC 6120 §4, §11; chat's non-blocking Aalto parser): bytes
 * arrive in chunks split anywhere. Whatever they are, the parser delivers the header, stanzas and the stream's end,
 * or fails with an {@link XmlException} (a stream error) and stays failed; nothing else is thrown; how the bytes are
 * chunked changes nothing it delivers; every stanza is within the size limit, and written out again it parses (as
 * a WebSocket frame, RFC 7395) to the same element. The WebSocket transport's parser of single messages is fuzzed
 * the same way. Seeded with client streams and messages as Smack and the SDKs send them.
 */
class XmppStreamFuzzTest {

    /** Small limits, so that the fuzzer reaches them. */
    private static final XmlLimits LIMITS = new XmlLimits(2048, 8, 4);
    /** Written out, a stanza may be longer than it came (escapes, namespace declarations). */
    private static final XmlLimits REPARSE = new XmlLimits(64 * 1024, 64, 64);

    @FuzzTest
    void stream(FuzzedDataProvider data) {
        int[] chunks = new int[data.consumeInt(1, 8)];
        for (int i = 0; i < chunks.length; i++) {
            chunks[i] = data.consumeInt(1, 512);
        }
        byte[] bytes = data.consumeRemainingAsBytes();
        if (bytes.length > 16 * 1024) {
            return;
        }
        Outcome whole = feed(bytes, new int[] {bytes.length});
        Outcome chunked = feed(bytes, chunks);
        assertThat(chunked.failure == null).as("fails whether whole or in chunks").isEqualTo(whole.failure == null);
        if (whole.failure == null) {
            assertThat(chunked.events).isEqualTo(whole.events);
        } else {
            List<String> shorter = whole.events.size() <= chunked.events.size() ? whole.events : chunked.events;
            List<String> longer = shorter == whole.events ? chunked.events : whole.events;
            assertThat(longer.subList(0, shorter.size())).as("what was delivered before the failure").isEqualTo(shorter);
        }
        whole.stanzas.forEach(XmppStreamFuzzTest::assertReparses);
    }

    /**
     * One WebSocket message (RFC 7395 §3.3: one element per message), as the chat server's WebSocket transport reads
     * it: an element or an {@link XmlException}; an element written out parses to the same element.
     */
    @FuzzTest
    void frame(byte[] message) {
        XmlElement element;
        try {
            element = XmlFrameParser.parse(message, LIMITS);
        } catch (XmlException refused) {
            return;
        }
        assertReparses(element);
    }

    private static void assertReparses(XmlElement element) {
        String xml = element.toXml();
        XmlElement again;
        try {
            again = XmlFrameParser.parse(xml, REPARSE);
        } catch (XmlException e) {
            throw new AssertionError("an element written out does not parse: " + xml, e);
        }
        assertThat(again).as(xml).isEqualTo(element);
    }

    private static Outcome feed(byte[] bytes, int[] chunks) {
        Outcome outcome = new Outcome();
        XmlStreamParser parser = new XmlStreamParser(LIMITS, outcome);
        int position = 0;
        int chunk = 0;
        while (position < bytes.length) {
            int length = Math.min(chunks[chunk++ % chunks.length], bytes.length - position);
            try {
                parser.feed(bytes, position, length);
            } catch (XmlException e) {
                outcome.failure = e;
                break;
            }
            position += length;
        }
        if (outcome.failure != null) {
            XmlException first = outcome.failure;
            try {
                parser.feed(new byte[] {'<'}, 0, 1);
                throw new AssertionError("a failed parser took more input");
            } catch (XmlException again) {
                assertThat(again).as("a failed parser stays failed").isSameAs(first);
            }
        }
        return outcome;
    }

    private static final class Outcome implements XmlStreamParser.Listener {
        final List<String> events = new ArrayList<>();
        final List<XmlElement> stanzas = new ArrayList<>();
        XmlException failure;

        @Override
        public void streamOpened(XmlElement header) {
            events.add("open " + header.toXml());
        }

        @Override
        public void stanza(XmlElement stanza) {
            events.add(stanza.toXml());
            stanzas.add(stanza);
        }

        @Override
        public void streamClosed() {
            events.add("close");
        }
    }
}
