package dev.parley.conference.sdp;

/**
 * {@code a=rid:<rid-id> <send|recv> [<restrictions>]} (RFC 8851 §4), one simulcast encoding. Parley reads and writes
 * the line but does not forward simulcast yet: an answer without {@code a=simulcast} makes the sender send one
 * encoding (RFC 8853 §5.3).
 *
 * @param restrictions empty when the line gives none
 */
public record Rid(String id, String direction, String restrictions) {

    public static Rid parse(String value) throws SdpException {
        String[] parts = value.split(" ", 3);
        if (parts.length < 2 || parts[0].isEmpty() || !(parts[1].equals("send") || parts[1].equals("recv"))) {
            throw new SdpException("a=rid must be <id> send|recv [restrictions]: " + value);
        }
        return new Rid(parts[0], parts[1], parts.length == 3 ? parts[2] : "");
    }
}
