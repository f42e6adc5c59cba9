package dev.parley.chat.stanza;

import dev.parley.chat.xml.XmlElement;
import dev.parley.common.signal.SignalField;

import java.util.List;

/**
 * Writes a call signal (docs/protocol.md §3.2): {@code <message type="headline">} with no body and one
 * {@code <extraParams xmlns="jabber:client">} whose children are the signal's fields, nested fields as nested
 * elements. Field names are taken as given (the caller has checked they are XML element names); text is escaped
 * by the writer. Stateless.
 */
public final class CallSignalStanza {

    public static final String EXTRA_PARAMS = "extraParams";

    private CallSignalStanza() {
    }

    public static XmlElement headline(Jid from, Jid to, String id, List<SignalField> extraParams) {
        XmlElement.Builder params = XmlElement.builder(EXTRA_PARAMS, Stanzas.CLIENT);
        extraParams.forEach(field -> params.child(element(field)));
        return XmlElement.builder("message", Stanzas.CLIENT)
                .attribute("type", "headline")
                .attribute("id", id)
                .attribute("from", from.toString())
                .attribute("to", to.toString())
                .child(params.build())
                .build();
    }

    private static XmlElement element(SignalField field) {
        XmlElement.Builder element = XmlElement.builder(field.name(), Stanzas.CLIENT);
        switch (field) {
            case SignalField.Text text -> element.text(text.value());
            case SignalField.Group group -> group.fields().forEach(child -> element.child(element(child)));
        }
        return element.build();
    }
}
