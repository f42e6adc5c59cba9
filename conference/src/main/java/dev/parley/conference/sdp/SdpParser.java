package dev.parley.conference.sdp;

import java.util.ArrayList;
import java.util.List;

/**
 * Parses the session descriptions WebRTC peers send (RFC 8866 §5, §9). Strict about structure — {@code v=0},
 * {@code o=}, {@code s=} first, at least one {@code t=}, well-formed {@code m=} lines, known line types — and about
 * size, so that a hostile description costs little: at most {@value #MAX_LINES} lines of
 * {@value #MAX_LINE_LENGTH} characters and {@value #MAX_MEDIA} media sections. Attribute values are kept verbatim;
 * their typed readers ({@link RtpMap#parse} and friends) check them when they are used. Lines may end in CRLF, as
 * the RFC says, or in LF alone. Stateless and thread-safe.
 */
public final class SdpParser {

    public static final int MAX_LINES = 4000;
    public static final int MAX_LINE_LENGTH = 4096;
    public static final int MAX_MEDIA = 64;

    private static final String SESSION_TYPES = "iuepcbtrzk";
    private static final String MEDIA_TYPES = "icbk";

    private SdpParser() {
    }

    public static SessionDescription parse(String text) throws SdpException {
        String[] rows = text.split("\r?\n", -1);
        int count = rows.length;
        if (count > 0 && rows[count - 1].isEmpty()) {
            count--;
        }
        if (count > MAX_LINES) {
            throw new SdpException("more than " + MAX_LINES + " lines");
        }
        if (count < 4) {
            throw new SdpException("a session description needs at least v=, o=, s= and t= lines");
        }
        for (int i = 0; i < count; i++) {
            checkLine(rows[i], i + 1);
        }
        if (!rows[0].equals("v=0")) {
            throw new SdpException("line 1 must be v=0");
        }
        if (!rows[1].startsWith("o=")) {
            throw new SdpException("line 2 must be o=");
        }
        Origin origin = Origin.parse(rows[1].substring(2));
        if (!rows[2].startsWith("s=")) {
            throw new SdpException("line 3 must be s=");
        }
        String sessionName = rows[2].substring(2);

        List<SdpLine> sessionLines = new ArrayList<>();
        List<Attribute> sessionAttributes = new ArrayList<>();
        int i = 3;
        for (; i < count && rows[i].charAt(0) != 'm'; i++) {
            char type = rows[i].charAt(0);
            if (type == 'a') {
                sessionAttributes.add(attribute(rows[i], i + 1));
            } else if (SESSION_TYPES.indexOf(type) >= 0) {
                sessionLines.add(new SdpLine(type, rows[i].substring(2)));
            } else {
                throw new SdpException("line " + (i + 1) + ": " + type + "= does not belong to the session section");
            }
        }
        if (sessionLines.stream().noneMatch(line -> line.type() == 't')) {
            throw new SdpException("the session section has no t= line");
        }

        List<MediaDescription> media = new ArrayList<>();
        while (i < count) {
            if (media.size() == MAX_MEDIA) {
                throw new SdpException("more than " + MAX_MEDIA + " media sections");
            }
            int mediaLine = i;
            List<SdpLine> lines = new ArrayList<>();
            List<Attribute> attributes = new ArrayList<>();
            for (i++; i < count && rows[i].charAt(0) != 'm'; i++) {
                char type = rows[i].charAt(0);
                if (type == 'a') {
                    attributes.add(attribute(rows[i], i + 1));
                } else if (MEDIA_TYPES.indexOf(type) >= 0) {
                    lines.add(new SdpLine(type, rows[i].substring(2)));
                } else {
                    throw new SdpException("line " + (i + 1) + ": " + type + "= does not belong to a media section");
                }
            }
            media.add(mediaDescription(rows[mediaLine].substring(2), mediaLine + 1, lines, attributes));
        }
        return new SessionDescription(origin, sessionName, sessionLines, sessionAttributes, media);
    }

    private static void checkLine(String row, int number) throws SdpException {
        if (row.length() > MAX_LINE_LENGTH) {
            throw new SdpException("line " + number + " is longer than " + MAX_LINE_LENGTH + " characters");
        }
        if (row.length() < 2 || row.charAt(1) != '=' || row.charAt(0) < 'a' || row.charAt(0) > 'z') {
            throw new SdpException("line " + number + " is not <type>=<value>: " + abbreviate(row));
        }
        for (int c = 0; c < row.length(); c++) {
            char ch = row.charAt(c);
            if (ch < 0x20 && ch != '\t' || ch == 0x7f) {
                throw new SdpException("line " + number + " holds a control character");
            }
        }
    }

    private static Attribute attribute(String row, int number) throws SdpException {
        String body = row.substring(2);
        int colon = body.indexOf(':');
        String name = colon < 0 ? body : body.substring(0, colon);
        if (name.isEmpty() || !name.chars().allMatch(SdpParser::isTokenChar)) {
            throw new SdpException("line " + number + ": attribute name is not a token: " + abbreviate(row));
        }
        return new Attribute(name, colon < 0 ? null : body.substring(colon + 1));
    }

    /** {@code m=<media> <port>[/<number of ports>] <proto> <fmt> ...} (RFC 8866 §5.14). */
    private static MediaDescription mediaDescription(String value, int number, List<SdpLine> lines,
                                                     List<Attribute> attributes) throws SdpException {
        String[] parts = value.split(" ");
        if (parts.length < 4) {
            throw new SdpException("line " + number + ": m= needs media, port, protocol and at least one format");
        }
        if (parts[0].isEmpty() || !parts[0].chars().allMatch(SdpParser::isTokenChar)) {
            throw new SdpException("line " + number + ": m= media type is not a token: " + parts[0]);
        }
        String portText = parts[1];
        int portCount = 0;
        int slash = portText.indexOf('/');
        if (slash >= 0) {
            portCount = SdpNumbers.integer(portText.substring(slash + 1), 1, 65535, "m= number of ports");
            portText = portText.substring(0, slash);
        }
        int port = SdpNumbers.integer(portText, 0, 65535, "m= port");
        List<String> formats = new ArrayList<>();
        for (int f = 3; f < parts.length; f++) {
            if (parts[f].isEmpty()) {
                throw new SdpException("line " + number + ": m= has an empty format");
            }
            formats.add(parts[f]);
        }
        return new MediaDescription(parts[0], port, portCount, parts[2], formats, lines, attributes);
    }

    /** RFC 8866 §9: {@code token-char} is printable US-ASCII except space and a few separators. */
    private static boolean isTokenChar(int c) {
        return c > 0x20 && c < 0x7f && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
    }

    private static String abbreviate(String row) {
        return row.length() > 80 ? row.substring(0, 80) + "…" : row;
    }
}
