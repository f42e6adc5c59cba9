package dev.parley.conference.sdp;

/**
 * An {@code a=} line (RFC 8866 §5.13): a property attribute {@code a=<name>} has no value, a value attribute
 * {@code a=<name>:<value>} has one. Kept verbatim so that a parsed description writes back unchanged.
 */
public record Attribute(String name, String value) {

    public static Attribute flag(String name) {
        return new Attribute(name, null);
    }

    public static Attribute of(String name, String value) {
        return new Attribute(name, value);
    }

    public String format() {
        return value == null ? "a=" + name : "a=" + name + ":" + value;
    }
}
