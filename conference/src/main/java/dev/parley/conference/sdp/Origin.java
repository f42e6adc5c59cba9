package dev.parley.conference.sdp;

/**
 * The {@code o=} line (RFC 8866 §5.2): {@code <username> <sess-id> <sess-version> <nettype> <addrtype>
 * <unicast-address>}. RFC 3264 §8 wants the version raised by one with every new offer or answer of a session.
 */
public record Origin(String username, String sessionId, long sessionVersion, String netType, String addressType,
                     String address) {

    static Origin parse(String value) throws SdpException {
        String[] parts = value.split(" ", -1);
        if (parts.length != 6) {
            throw new SdpException("o= needs six fields: " + value);
        }
        long version;
        try {
            version = Long.parseUnsignedLong(parts[2]);
        } catch (NumberFormatException e) {
            throw new SdpException("o= session version is not a number: " + parts[2]);
        }
        if (!parts[1].chars().allMatch(Character::isDigit) || parts[1].isEmpty()) {
            throw new SdpException("o= session id is not a number: " + parts[1]);
        }
        return new Origin(parts[0], parts[1], version, parts[3], parts[4], parts[5]);
    }

    public String format() {
        return username + " " + sessionId + " " + Long.toUnsignedString(sessionVersion) + " " + netType + " "
                + addressType + " " + address;
    }
}
