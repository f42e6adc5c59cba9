package dev.parley.conference.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * An ICE candidate (RFC 8839 §5.1): {@code <foundation> <component> <transport> <priority> <address> <port>
 * typ <type> [raddr <address>] [rport <port>] *(<name> <value>)}, the value of {@code a=candidate}.
 *
 * @param relatedAddress null when the candidate has none
 * @param relatedPort    -1 when the candidate has none
 * @param extensions     the trailing name/value pairs (e.g. {@code generation 0}), in order
 */
public record IceCandidate(String foundation, int component, String transport, long priority, String address,
                           int port, String type, String relatedAddress, int relatedPort, List<String> extensions) {

    public IceCandidate {
        extensions = List.copyOf(extensions);
    }

    /** A host candidate of an ICE-lite server (RFC 8445 §5.1.1.1, §5.1.2): one component, rtcp-mux. */
    public static IceCandidate host(String foundation, long priority, String transport, String address, int port) {
        return new IceCandidate(foundation, 1, transport, priority, address, port, "host", null, -1, List.of());
    }

    public static IceCandidate parse(String value) throws SdpException {
        String text = value.startsWith("candidate:") ? value.substring("candidate:".length()) : value;
        String[] parts = text.split(" ");
        if (parts.length < 8 || !parts[6].equals("typ")) {
            throw new SdpException("a=candidate must be <foundation> <component> <transport> <priority> <address>"
                    + " <port> typ <type> ...: " + value);
        }
        if (parts[0].isEmpty() || parts[0].length() > 32) {
            throw new SdpException("a=candidate foundation must be 1-32 characters: " + value);
        }
        int component = SdpNumbers.integer(parts[1], 1, 256, "a=candidate component");
        long priority = SdpNumbers.unsigned32(parts[3], "a=candidate priority");
        int port = SdpNumbers.integer(parts[5], 0, 65535, "a=candidate port");
        String relatedAddress = null;
        int relatedPort = -1;
        List<String> extensions = new ArrayList<>();
        int i = 8;
        if (i + 1 < parts.length && parts[i].equals("raddr")) {
            relatedAddress = parts[i + 1];
            i += 2;
        }
        if (i + 1 < parts.length && parts[i].equals("rport")) {
            relatedPort = SdpNumbers.integer(parts[i + 1], 0, 65535, "a=candidate rport");
            i += 2;
        }
        if ((parts.length - i) % 2 != 0) {
            throw new SdpException("a=candidate extensions must be name/value pairs: " + value);
        }
        for (; i < parts.length; i++) {
            extensions.add(parts[i]);
        }
        return new IceCandidate(parts[0], component, parts[2].toLowerCase(Locale.ROOT), priority, parts[4], port,
                parts[7], relatedAddress, relatedPort, extensions);
    }

    public String format() {
        StringBuilder line = new StringBuilder()
                .append(foundation).append(' ').append(component).append(' ').append(transport).append(' ')
                .append(priority).append(' ').append(address).append(' ').append(port).append(" typ ").append(type);
        if (relatedAddress != null) {
            line.append(" raddr ").append(relatedAddress);
        }
        if (relatedPort >= 0) {
            line.append(" rport ").append(relatedPort);
        }
        for (String extension : extensions) {
            line.append(' ').append(extension);
        }
        return line.toString();
    }
}
