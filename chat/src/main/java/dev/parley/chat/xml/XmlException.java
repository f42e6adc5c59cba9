package dev.parley.chat.xml;

import java.util.Objects;

/**
 * Input that the XMPP codec refuses, with the stream error the connection must be closed with
 * (<a href="https://www.rfc-editor.org/rfc/rfc6120#section-4.9">RFC 6120 §4.9</a>).
 */
public final class XmlException extends Exception {

    private final StreamError condition;

    public XmlException(StreamError condition, String message) {
        super(message);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    public XmlException(StreamError condition, String message, Throwable cause) {
        super(message, cause);
        this.condition = Objects.requireNonNull(condition, "condition");
    }

    /** The stream error condition to send before closing the stream. */
    public StreamError condition() {
        return condition;
    }
}
