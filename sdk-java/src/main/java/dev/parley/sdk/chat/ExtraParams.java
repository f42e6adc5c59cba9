package dev.parley.sdk.chat;

import org.jivesoftware.smack.packet.ExtensionElement;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.util.StringUtils;
import org.jivesoftware.smack.util.XmlStringBuilder;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The {@code <extraParams xmlns="jabber:client">} child of a call signal (docs/protocol.md §3.2): flat
 * elements, a nested map becomes nested elements, and the two list fields hold repeated items
 * ({@code opponentsIDs/opponentID}, {@code iceCandidates/iceCandidate}). Values are Strings, Maps
 * and Lists (of Strings or Maps); numbers and booleans are written as text.
 */
public final class ExtraParams implements ExtensionElement {

    public static final String ELEMENT = "extraParams";
    public static final String NAMESPACE = "jabber:client";

    /** List fields and the name of their items. */
    static final Map<String, String> LISTS = Map.of("opponentsIDs", "opponentID", "iceCandidates", "iceCandidate");

    private static final Pattern ELEMENT_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]{0,63}");

    private final Map<String, Object> fields;

    public ExtraParams(Map<String, Object> fields) {
        this.fields = Collections.unmodifiableMap(fields);
    }

    public Map<String, Object> fields() {
        return fields;
    }

    @Override
    public String getElementName() {
        return ELEMENT;
    }

    @Override
    public String getNamespace() {
        return NAMESPACE;
    }

    @Override
    public XmlStringBuilder toXML(XmlEnvironment enclosingNamespace) {
        XmlStringBuilder xml = new XmlStringBuilder(this, enclosingNamespace);
        xml.rightAngleBracket();
        writeFields(xml, fields);
        xml.closeElement(this);
        return xml;
    }

    private static void writeFields(XmlStringBuilder xml, Map<?, ?> map) {
        for (Map.Entry<?, ?> entry : map.entrySet()) {
            if (entry.getValue() == null) continue;
            String name = String.valueOf(entry.getKey());
            if (!ELEMENT_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("\"" + name + "\" cannot be a signal field name");
            }
            String itemName = LISTS.get(name);
            if (itemName != null && entry.getValue() instanceof List) {
                xml.openElement(name);
                for (Object item : (List<?>) entry.getValue()) writeValue(xml, itemName, item);
                xml.closeElement(name);
            } else {
                writeValue(xml, name, entry.getValue());
            }
        }
    }

    private static void writeValue(XmlStringBuilder xml, String name, Object value) {
        xml.openElement(name);
        if (value instanceof Map) {
            writeFields(xml, (Map<?, ?>) value);
        } else {
            // CR as a character reference, so that SDP line ends survive XML parsing (XML 1.0 §2.11).
            xml.append(StringUtils.escapeForXmlText(String.valueOf(value)).toString().replace("\r", "&#13;"));
        }
        xml.closeElement(name);
    }
}
