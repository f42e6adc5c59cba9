package dev.parley.conference.sdp;

/**
 * Writes a {@link SessionDescription} as text with CRLF line ends (RFC 8866 §5): {@code v o s}, the other session
 * lines in order, the session attributes, then each media section. A description parsed from a peer's text writes
 * back byte for byte when the peer used CRLF. Stateless and thread-safe.
 */
public final class SdpWriter {

    private static final String CRLF = "\r\n";

    private SdpWriter() {
    }

    public static String write(SessionDescription description) {
        StringBuilder text = new StringBuilder(2048);
        text.append("v=0").append(CRLF);
        text.append("o=").append(description.origin().format()).append(CRLF);
        text.append("s=").append(description.sessionName()).append(CRLF);
        for (SdpLine line : description.lines()) {
            text.append(line.format()).append(CRLF);
        }
        for (Attribute attribute : description.attributes()) {
            text.append(attribute.format()).append(CRLF);
        }
        for (MediaDescription media : description.media()) {
            text.append(media.formatMediaLine()).append(CRLF);
            for (SdpLine line : media.lines()) {
                text.append(line.format()).append(CRLF);
            }
            for (Attribute attribute : media.attributes()) {
                text.append(attribute.format()).append(CRLF);
            }
        }
        return text.toString();
    }
}
