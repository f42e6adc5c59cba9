package dev.parley.conference.sdp;

/**
 * {@code a=rtcp-fb:<payload type|*> <type> [<subtype>]} (RFC 4585 §4.2), e.g. {@code nack pli}, {@code ccm fir},
 * {@code goog-remb}, {@code transport-cc}.
 *
 * @param payloadType the payload type, or -1 for the wildcard {@code *}
 * @param subtype     empty when the line has none
 */
public record RtcpFb(int payloadType, String type, String subtype) {

    public static RtcpFb parse(String value) throws SdpException {
        String[] parts = value.split(" ", 3);
        if (parts.length < 2 || parts[1].isEmpty()) {
            throw new SdpException("a=rtcp-fb needs a payload type and a type: " + value);
        }
        int payloadType = parts[0].equals("*") ? -1 : SdpNumbers.payloadType(parts[0]);
        return new RtcpFb(payloadType, parts[1], parts.length == 3 ? parts[2] : "");
    }

    public boolean appliesTo(int pt) {
        return payloadType == -1 || payloadType == pt;
    }

    /** The mechanism without the payload type, e.g. {@code "nack pli"}. */
    public String mechanism() {
        return subtype.isEmpty() ? type : type + " " + subtype;
    }

    public String format() {
        return (payloadType == -1 ? "*" : Integer.toString(payloadType)) + " " + mechanism();
    }
}
