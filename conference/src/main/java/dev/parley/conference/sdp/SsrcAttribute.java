package dev.parley.conference.sdp;

/**
 * {@code a=ssrc:<ssrc-id> <attribute>[:<value>]} (RFC 5576 §4.1), e.g. {@code cname} or {@code msid}.
 *
 * @param value empty when the attribute has none
 */
public record SsrcAttribute(long ssrc, String attribute, String value) {

    public static SsrcAttribute parse(String text) throws SdpException {
        int space = text.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=ssrc needs an SSRC and an attribute: " + text);
        }
        long ssrc = SdpNumbers.unsigned32(text.substring(0, space), "a=ssrc SSRC");
        String rest = text.substring(space + 1);
        int colon = rest.indexOf(':');
        String attribute = colon < 0 ? rest : rest.substring(0, colon);
        if (attribute.isEmpty()) {
            throw new SdpException("a=ssrc needs an attribute name: " + text);
        }
        return new SsrcAttribute(ssrc, attribute, colon < 0 ? "" : rest.substring(colon + 1));
    }

    public String format() {
        return ssrc + " " + attribute + (value.isEmpty() ? "" : ":" + value);
    }
}
