package dev.parley.conference.sdp;

/**
 * {@code a=msid:<stream id> [<track id>]} (RFC 8830 §2): the media stream a track belongs to; {@code -} as the
 * stream id means "no stream".
 *
 * @param trackId empty when the line gives none
 */
public record Msid(String streamId, String trackId) {

    public static Msid parse(String value) throws SdpException {
        String[] parts = value.split(" ", -1);
        if (parts.length > 2 || parts[0].isEmpty()) {
            throw new SdpException("a=msid must be <stream id> [<track id>]: " + value);
        }
        return new Msid(parts[0], parts.length == 2 ? parts[1] : "");
    }

    public String format() {
        return trackId.isEmpty() ? streamId : streamId + " " + trackId;
    }
}
