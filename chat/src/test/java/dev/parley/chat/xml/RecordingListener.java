package dev.parley.chat.xml;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Test fixture: records what an {@link XmlStreamParser} delivers, and can react to stanzas. */
final class RecordingListener implements XmlStreamParser.Listener {

    final List<XmlElement> headers = new ArrayList<>();
    final List<XmlElement> stanzas = new ArrayList<>();
    int closes;
    private Consumer<XmlElement> onStanza = stanza -> { };

    /** Runs {@code reaction} after recording each stanza, e.g. to restart the stream from a callback. */
    RecordingListener onStanza(Consumer<XmlElement> reaction) {
        this.onStanza = reaction;
        return this;
    }

    @Override
    public void streamOpened(XmlElement header) {
        headers.add(header);
    }

    @Override
    public void stanza(XmlElement stanza) {
        stanzas.add(stanza);
        onStanza.accept(stanza);
    }

    @Override
    public void streamClosed() {
        closes++;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Feeds the whole text in one call. */
    static void feedAll(XmlStreamParser parser, String text) throws XmlException {
        byte[] bytes = utf8(text);
        parser.feed(bytes, 0, bytes.length);
    }

    /** Feeds the text in chunks of {@code chunk} bytes, from a larger array to exercise offsets. */
    static void feedInChunks(XmlStreamParser parser, String text, int chunk) throws XmlException {
        byte[] bytes = utf8("###" + text + "###");
        for (int i = 3; i < bytes.length - 3; i += chunk) {
            parser.feed(bytes, i, Math.min(chunk, bytes.length - 3 - i));
        }
    }
}
