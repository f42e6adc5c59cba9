package dev.parley.chat.xml;

/**
 * What one stanza (or WebSocket message) may hold; anything beyond is a policy-violation stream error.
 *
 * @param maxStanzaBytes           UTF-8 bytes of one top-level element, start tag to end tag
 * @param maxAttributes            attributes on one element, namespace declarations included
 * @param maxNamespaceDeclarations {@code xmlns} and {@code xmlns:prefix} declarations on one element
 */
public record XmlLimits(int maxStanzaBytes, int maxAttributes, int maxNamespaceDeclarations) {

    /** No XMPP element Parley serves needs more than a handful of either. */
    public static final int DEFAULT_MAX_ATTRIBUTES = 64;
    public static final int DEFAULT_MAX_NAMESPACE_DECLARATIONS = 16;

    public XmlLimits {
        if (maxStanzaBytes <= 0 || maxAttributes <= 0 || maxNamespaceDeclarations <= 0) {
            throw new IllegalArgumentException("XML limits must be positive");
        }
    }

    /** The default attribute limits with this stanza size. */
    public static XmlLimits ofStanzaBytes(int maxStanzaBytes) {
        return new XmlLimits(maxStanzaBytes, DEFAULT_MAX_ATTRIBUTES, DEFAULT_MAX_NAMESPACE_DECLARATIONS);
    }
}
