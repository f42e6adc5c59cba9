package dev.parley.bench.xmpp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Splits an XMPP stream into its top-level pieces without a full XML parser: the stream header, each
 * complete child of the stream (a stanza or a nonza, as text), and the stream's end. Tracks element depth
 * byte by byte (quotes, empty elements, declarations); the structural characters are ASCII, so UTF-8 text
 * needs no decoding until a piece is complete. Enough for a load client that reads what servers send.
 * Not thread-safe: one reader per connection.
 */
final class StanzaReader {

    enum Kind { HEADER, ELEMENT, CLOSE }

    record Piece(Kind kind, String xml) {
    }

    private enum State { TEXT, TAG_OPEN, START_TAG, END_TAG, SKIP }

    private InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int len;
    private byte[] cur = new byte[1024];
    private int curLen;
    private int depth;
    private State state = State.TEXT;
    private byte quote;
    private boolean prevSlash;

    StanzaReader(InputStream in) {
        this.in = in;
    }

    /** After STARTTLS: read from the TLS stream (nothing may be buffered from before). */
    void switchTo(InputStream newIn) {
        this.in = newIn;
        pos = len = 0;
        reset();
    }

    /** A stream restart (after SASL success): a new header comes next. */
    void reset() {
        depth = 0;
        curLen = 0;
        state = State.TEXT;
        quote = 0;
        prevSlash = false;
    }

    Piece next() throws IOException {
        while (true) {
            if (pos == len) {
                int n = in.read(buf, 0, buf.length);
                if (n < 0) {
                    throw new EOFException("connection closed by the server");
                }
                pos = 0;
                len = n;
            }
            byte b = buf[pos++];
            switch (state) {
                case TEXT -> {
                    if (b == '<') {
                        if (depth <= 1) {
                            curLen = 0;
                        }
                        append(b);
                        state = State.TAG_OPEN;
                    } else if (depth >= 2) {
                        append(b);
                    }
                }
                case TAG_OPEN -> {
                    append(b);
                    if (b == '?' || b == '!') {
                        state = State.SKIP;
                    } else if (b == '/') {
                        state = State.END_TAG;
                    } else {
                        state = State.START_TAG;
                        prevSlash = false;
                        quote = 0;
                    }
                }
                case START_TAG -> {
                    append(b);
                    if (quote != 0) {
                        if (b == quote) {
                            quote = 0;
                        }
                        prevSlash = false;
                    } else if (b == '\'' || b == '"') {
                        quote = b;
                        prevSlash = false;
                    } else if (b == '>') {
                        state = State.TEXT;
                        if (prevSlash) {
                            if (depth == 1) {
                                return piece(Kind.ELEMENT);
                            }
                        } else {
                            depth++;
                            if (depth == 1) {
                                return piece(Kind.HEADER);
                            }
                        }
                    } else {
                        prevSlash = b == '/';
                    }
                }
                case END_TAG -> {
                    append(b);
                    if (b == '>') {
                        state = State.TEXT;
                        depth--;
                        if (depth == 1) {
                            return piece(Kind.ELEMENT);
                        }
                        if (depth <= 0) {
                            depth = 0;
                            return piece(Kind.CLOSE);
                        }
                    }
                }
                case SKIP -> {
                    if (depth >= 2) {
                        append(b);
                    }
                    if (b == '>') {
                        state = State.TEXT;
                        if (depth <= 1) {
                            curLen = 0;
                        }
                    }
                }
            }
        }
    }

    private Piece piece(Kind kind) {
        String xml = new String(cur, 0, curLen, StandardCharsets.UTF_8);
        curLen = 0;
        return new Piece(kind, xml);
    }

    private void append(byte b) {
        if (curLen == cur.length) {
            if (cur.length >= 1 << 20) {
                throw new IllegalStateException("stanza larger than 1 MiB");
            }
            cur = Arrays.copyOf(cur, cur.length * 2);
        }
        cur[curLen++] = b;
    }

    // ---- small helpers on the text of a piece ----

    /** The element's name as written, with any prefix ("message", "stream:features"). */
    static String name(String xml) {
        int end = 1;
        while (end < xml.length() && " \t\r\n/>".indexOf(xml.charAt(end)) < 0) {
            end++;
        }
        return xml.substring(1, end);
    }

    /** An attribute of the element's start tag, as written (entities not decoded), or null. */
    static String attribute(String xml, String attr) {
        int tagEnd = xml.indexOf('>');
        if (tagEnd < 0) {
            tagEnd = xml.length();
        }
        int from = 0;
        while (true) {
            int i = xml.indexOf(attr, from);
            if (i < 0 || i >= tagEnd) {
                return null;
            }
            char before = xml.charAt(i - 1);
            int eq = i + attr.length();
            while (eq < tagEnd && xml.charAt(eq) == ' ') {
                eq++;
            }
            if ((before == ' ' || before == '\t' || before == '\n' || before == '\r') && eq < tagEnd
                    && xml.charAt(eq) == '=') {
                int q = eq + 1;
                while (q < tagEnd && xml.charAt(q) == ' ') {
                    q++;
                }
                char quoteChar = xml.charAt(q);
                int close = xml.indexOf(quoteChar, q + 1);
                return close < 0 ? null : xml.substring(q + 1, close);
            }
            from = i + attr.length();
        }
    }

    /** The text of the first child element named {@code element} (start tag may carry attributes), or null. */
    static String childText(String xml, String element) {
        int from = 0;
        while (true) {
            int i = xml.indexOf("<" + element, from);
            if (i < 0) {
                return null;
            }
            int after = i + 1 + element.length();
            if (after < xml.length() && (xml.charAt(after) == '>' || xml.charAt(after) == ' ')) {
                int start = xml.indexOf('>', after);
                if (start < 0 || xml.charAt(start - 1) == '/') {
                    return "";
                }
                int end = xml.indexOf("</" + element, start);
                return end < 0 ? null : xml.substring(start + 1, end);
            }
            from = after;
        }
    }
}
