package dev.parley.conference.sdp;

/**
 * One {@code <type>=<value>} line that the model keeps verbatim: the session and media lines other than
 * {@code v=}, {@code o=}, {@code s=}, {@code m=} and {@code a=} (RFC 8866 §5: {@code i c b t r z k} and friends).
 */
public record SdpLine(char type, String value) {

    public String format() {
        return type + "=" + value;
    }
}
