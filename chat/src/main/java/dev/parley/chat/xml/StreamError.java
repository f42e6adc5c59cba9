package dev.parley.chat.xml;

/**
 * Stream error conditions, named as in
 * <a href="https://www.rfc-editor.org/rfc/rfc6120#section-4.9.3">RFC 6120 §4.9.3</a>.
 *
 * <p>The codec raises the XML-level ones (bad-format, not-well-formed, restricted-xml, ...);
 * the session layer uses the rest when it closes a stream.
 */
public enum StreamError {
    BAD_FORMAT("bad-format"),
    BAD_NAMESPACE_PREFIX("bad-namespace-prefix"),
    CONFLICT("conflict"),
    CONNECTION_TIMEOUT("connection-timeout"),
    HOST_UNKNOWN("host-unknown"),
    INVALID_FROM("invalid-from"),
    INVALID_NAMESPACE("invalid-namespace"),
    INVALID_XML("invalid-xml"),
    NOT_AUTHORIZED("not-authorized"),
    NOT_WELL_FORMED("not-well-formed"),
    POLICY_VIOLATION("policy-violation"),
    RESET("reset"),
    RESOURCE_CONSTRAINT("resource-constraint"),
    RESTRICTED_XML("restricted-xml"),
    SYSTEM_SHUTDOWN("system-shutdown"),
    UNDEFINED_CONDITION("undefined-condition"),
    UNSUPPORTED_ENCODING("unsupported-encoding"),
    UNSUPPORTED_STANZA_TYPE("unsupported-stanza-type"),
    UNSUPPORTED_VERSION("unsupported-version");

    private final String elementName;

    StreamError(String elementName) {
        this.elementName = elementName;
    }

    /** The condition's element name inside {@code <stream:error/>}, e.g. {@code "not-well-formed"}. */
    public String elementName() {
        return elementName;
    }
}
