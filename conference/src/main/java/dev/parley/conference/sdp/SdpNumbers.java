package dev.parley.conference.sdp;

/** Number fields of SDP lines, each refused with a message that names the field when malformed. */
final class SdpNumbers {

    private SdpNumbers() {
    }

    static int integer(String text, int min, int max, String field) throws SdpException {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SdpException(field + " is not a number: " + text);
        }
        long value = Long.parseLong(text);
        if (value < min || value > max) {
            throw new SdpException(field + " is out of range " + min + ".." + max + ": " + text);
        }
        return (int) value;
    }

    static long unsigned32(String text, String field) throws SdpException {
        if (text.isEmpty() || text.length() > 10 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new SdpException(field + " is not a number: " + text);
        }
        long value = Long.parseLong(text);
        if (value > 0xFFFF_FFFFL) {
            throw new SdpException(field + " does not fit 32 bits: " + text);
        }
        return value;
    }

    /** An RTP payload type (RFC 3550 §5.1: 7 bits). */
    static int payloadType(String text) throws SdpException {
        return integer(text, 0, 127, "payload type");
    }
}
