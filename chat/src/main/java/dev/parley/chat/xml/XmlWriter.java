package dev.parley.chat.xml;

import java.util.Map;
import javax.xml.XMLConstants;

/**
 * Serializes {@link XmlElement} trees to XML text that any conforming parser reads back unchanged.
 *
 * <p>Beyond the required escapes ({@code & < >} in text, also {@code " '} in attributes), carriage
 * returns in text and tabs/line feeds/carriage returns in attributes are written as character
 * references: a parser would otherwise normalize them (XML 1.0 §2.11, §3.3.3), and SDP bodies must be
 * relayed byte for byte. Characters XML 1.0 cannot carry at all (most C0 controls, lone surrogates,
 * U+FFFE/U+FFFF) become U+FFFD so that one bad string never breaks a peer's stream
 * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-11.1">RFC 6120 §11.1</a>).
 *
 * <p>Thread-safety: stateless.
 */
final class XmlWriter {

    private static final char REPLACEMENT = '\uFFFD';

    private XmlWriter() {
    }

    static String write(XmlElement root) {
        StringBuilder out = new StringBuilder(256);
        write(out, root, null);
        return out.toString();
    }

    /**
     * {@code inScope} is the default namespace the parent leaves in scope, {@code null} for the root (which always
     * declares a non-empty namespace). An element in the XML namespace (Namespaces in XML 1.0 §3: that namespace may
     * not be the default one) is written with the {@code xml} prefix, which is bound without a declaration, and
     * leaves the default namespace as it found it.
     */
    private static void write(StringBuilder out, XmlElement element, String inScope) {
        boolean xmlPrefixed = element.namespace().equals(XMLConstants.XML_NS_URI);
        String name = xmlPrefixed ? XMLConstants.XML_NS_PREFIX + ":" + element.name() : element.name();
        out.append('<').append(name);
        boolean declare = !xmlPrefixed && (inScope == null
                ? !element.namespace().isEmpty()
                : !element.namespace().equals(inScope));
        if (declare) {
            out.append(" xmlns=\"");
            escape(out, element.namespace(), true);
            out.append('"');
        }
        for (Map.Entry<String, String> attribute : element.attributes().entrySet()) {
            out.append(' ').append(attribute.getKey()).append("=\"");
            escape(out, attribute.getValue(), true);
            out.append('"');
        }
        if (element.children().isEmpty()) {
            out.append("/>");
            return;
        }
        out.append('>');
        String childrenInScope = xmlPrefixed ? inScope : element.namespace();
        for (Object child : element.children()) {
            if (child instanceof XmlElement childElement) {
                write(out, childElement, childrenInScope);
            } else {
                escape(out, (String) child, false);
            }
        }
        out.append("</").append(name).append('>');
    }

    private static void escape(StringBuilder out, String value, boolean inAttribute) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                case '"' -> out.append(inAttribute ? "&quot;" : "\"");
                case '\'' -> out.append(inAttribute ? "&apos;" : "'");
                case '\n' -> out.append(inAttribute ? "&#10;" : "\n");
                case '\t' -> out.append(inAttribute ? "&#9;" : "\t");
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < value.length()
                            && Character.isLowSurrogate(value.charAt(i + 1))) {
                        out.append(c).append(value.charAt(++i));
                    } else {
                        out.append(isXmlChar(c) ? c : REPLACEMENT);
                    }
                }
            }
        }
    }

    /** XML 1.0 §2.2 Char, for a single UTF-16 unit (valid surrogate pairs are handled by the caller). */
    private static boolean isXmlChar(char c) {
        return c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF;
    }
}
