package dev.parley.conference.sdp;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code a=fmtp:<format> <format specific parameters>} (RFC 8866 §6.15), parameters kept as written. */
public record Fmtp(int payloadType, String parameters) {

    public static Fmtp parse(String value) throws SdpException {
        int space = value.indexOf(' ');
        if (space < 0) {
            throw new SdpException("a=fmtp needs a format and parameters: " + value);
        }
        return new Fmtp(SdpNumbers.payloadType(value.substring(0, space)), value.substring(space + 1));
    }

    /** The {@code key=value} pairs separated by {@code ;}, the form every WebRTC codec uses (RFC 7587, RFC 6184). */
    public Map<String, String> parameterMap() {
        Map<String, String> map = new LinkedHashMap<>();
        for (String pair : parameters.split(";")) {
            String trimmed = pair.trim();
            if (trimmed.isEmpty()) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            map.put(equals < 0 ? trimmed : trimmed.substring(0, equals).trim(),
                    equals < 0 ? "" : trimmed.substring(equals + 1).trim());
        }
        return map;
    }

    public String format() {
        return payloadType + " " + parameters;
    }
}
