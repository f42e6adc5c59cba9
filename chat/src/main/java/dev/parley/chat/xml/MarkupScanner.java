package dev.parley.chat.xml;

/**
 * A byte-level pass over the input before Aalto sees it, wherever the input is split: it counts the
 * attributes and namespace declarations of each start tag and refuses a tag with more than the limits
 * allow, it spots {@code <!DOCTYPE}, and it refuses {@code ]]>} in text.
 *
 * <p>Why before Aalto: Aalto checks each new namespace declaration against all earlier ones of the same
 * element, so thousands of declarations on one element cost quadratic time inside a single
 * {@code next()} call (a 55 KB {@code <abort/>} took ~50 ms), before any of Parley's code could count
 * them. This scan is linear and allocation-free, and stops such an element at its limit. The DOCTYPE check
 * is needed because Aalto's non-blocking scanner fails with a generic syntax error on a DOCTYPE with an
 * internal subset (the form of every entity-expansion attack) instead of reporting a DTD event; with this,
 * the failure is reported as restricted-xml, as <a href="https://www.rfc-editor.org/rfc/rfc6120#section-11.1">RFC
 * 6120 §11.1</a> wants. Aalto's non-blocking scanner misses a {@code ]]>} in text when an input ends inside it, so
 * whether such a stream failed depended on how it was split (found by fuzzing); here it fails either way.
 *
 * <p>It follows only as much XML syntax as it needs: text, start and end tags with quoted attribute values,
 * CDATA sections, processing instructions (the XML declaration) and other {@code <!} markup; anything it
 * does not follow is refused by Aalto anyway.
 *
 * <p>Thread-safety: not thread-safe; owned by one document.
 */
final class MarkupScanner {

    private enum State { TEXT, OPEN, END_TAG, BANG, CDATA, OTHER_DECLARATION, PROCESSING_INSTRUCTION, TAG_NAME, IN_TAG,
        ATTRIBUTE_NAME, ATTRIBUTE_VALUE }

    private static final byte[] CDATA_OPEN = {'[', 'C', 'D', 'A', 'T', 'A', '['};
    private static final byte[] DOCTYPE = {'D', 'O', 'C', 'T', 'Y', 'P', 'E'};
    private static final byte[] XMLNS = {'x', 'm', 'l', 'n', 's'};

    private final int maxAttributes;
    private final int maxNamespaceDeclarations;
    private State state = State.TEXT;
    /** In BANG: how much of "[CDATA[" and of "DOCTYPE" has matched; in CDATA/PI: of the closing sequence. */
    private int cdataMatched;
    private int doctypeMatched;
    private int closeMatched;
    private byte quote;
    /** In ATTRIBUTE_NAME: how much of "xmlns" the name has matched so far, -1 once it cannot be one. */
    private int xmlnsMatched;
    private int attributes;
    private int namespaceDeclarations;
    private boolean doctypeSeen;
    /** In TEXT: how many ']' came last, for "]]>", which XML 1.0 §2.4 forbids in text. */
    private int textBrackets;

    MarkupScanner(int maxAttributes, int maxNamespaceDeclarations) {
        this.maxAttributes = maxAttributes;
        this.maxNamespaceDeclarations = maxNamespaceDeclarations;
    }

    /**
     * Scans {@code bytes[offset, offset + length)}, the next input of the document.
     *
     * @throws XmlException policy-violation when a start tag has more attributes or namespace declarations
     *     than allowed; not-well-formed for {@code ]]>} in text
     */
    void scan(byte[] bytes, int offset, int length) throws XmlException {
        for (int i = offset; i < offset + length; i++) {
            step(bytes[i]);
        }
    }

    /** Whether a {@code <!DOCTYPE} was seen. */
    boolean doctypeSeen() {
        return doctypeSeen;
    }

    private void step(byte b) throws XmlException {
        switch (state) {
            case TEXT -> {
                if (b == '<') {
                    state = State.OPEN;
                    textBrackets = 0;
                } else if (b == '>' && textBrackets >= 2) {
                    throw new XmlException(StreamError.NOT_WELL_FORMED, "']]>' in text (XML 1.0 §2.4)");
                } else {
                    textBrackets = b == ']' ? textBrackets + 1 : 0;
                }
            }
            case OPEN -> {
                switch (b) {
                    case '/' -> state = State.END_TAG;
                    case '!' -> {
                        state = State.BANG;
                        cdataMatched = 0;
                        doctypeMatched = 0;
                    }
                    case '?' -> {
                        state = State.PROCESSING_INSTRUCTION;
                        closeMatched = 0;
                    }
                    default -> {
                        state = State.TAG_NAME;
                        attributes = 0;
                        namespaceDeclarations = 0;
                    }
                }
            }
            case END_TAG -> {
                if (b == '>') {
                    state = State.TEXT;
                }
            }
            case BANG -> bang(b);
            case CDATA -> {
                // "]]>" closes the section; a run of ']' keeps the last two as a possible start.
                closeMatched = b == '>' && closeMatched >= 2 ? 3 : b == ']' ? Math.min(closeMatched + 1, 2) : 0;
                if (closeMatched == 3) {
                    state = State.TEXT;
                }
            }
            case PROCESSING_INSTRUCTION -> {
                closeMatched = b == '>' && closeMatched == 1 ? 2 : b == '?' ? 1 : 0;
                if (closeMatched == 2) {
                    state = State.TEXT;
                }
            }
            case OTHER_DECLARATION -> {
                if (b == '>') {
                    state = State.TEXT;
                }
            }
            case TAG_NAME -> {
                if (b == '>') {
                    state = State.TEXT;
                } else if (isSpace(b) || b == '/') {
                    state = State.IN_TAG;
                }
            }
            case IN_TAG -> inTag(b);
            case ATTRIBUTE_NAME -> {
                if (b == '=' || isSpace(b)) {
                    attributeNameEnded();
                    state = State.IN_TAG;
                } else if (b == '>') {
                    state = State.TEXT;
                } else {
                    xmlnsName(b);
                }
            }
            case ATTRIBUTE_VALUE -> {
                if (b == quote) {
                    state = State.IN_TAG;
                }
            }
        }
    }

    private void bang(byte b) {
        if (cdataMatched >= 0 && b == CDATA_OPEN[cdataMatched]) {
            if (++cdataMatched == CDATA_OPEN.length) {
                state = State.CDATA;
                closeMatched = 0;
            }
        } else {
            cdataMatched = -1;
        }
        if (doctypeMatched >= 0 && b == DOCTYPE[doctypeMatched]) {
            if (++doctypeMatched == DOCTYPE.length) {
                doctypeSeen = true;
                state = State.OTHER_DECLARATION;
            }
        } else {
            doctypeMatched = -1;
        }
        if (cdataMatched < 0 && doctypeMatched < 0) {
            state = b == '>' ? State.TEXT : State.OTHER_DECLARATION;
        }
    }

    private void inTag(byte b) throws XmlException {
        if (b == '>') {
            state = State.TEXT;
        } else if (b == '"' || b == '\'') {
            quote = b;
            state = State.ATTRIBUTE_VALUE;
        } else if (!isSpace(b) && b != '/' && b != '=') {
            if (++attributes > maxAttributes) {
                throw new XmlException(StreamError.POLICY_VIOLATION,
                        "more than " + maxAttributes + " attributes on one element");
            }
            xmlnsMatched = b == XMLNS[0] ? 1 : -1;
            state = State.ATTRIBUTE_NAME;
        }
    }

    /**
     * Follows an attribute name against {@code xmlns} and {@code xmlns:prefix}: {@link #xmlnsMatched} counts
     * the letters of "xmlns" matched, is one more once the colon came, and -1 once it cannot be either.
     */
    private void xmlnsName(byte b) {
        if (xmlnsMatched < 0 || xmlnsMatched > XMLNS.length) {
            return;
        }
        if (xmlnsMatched < XMLNS.length) {
            xmlnsMatched = b == XMLNS[xmlnsMatched] ? xmlnsMatched + 1 : -1;
        } else {
            xmlnsMatched = b == ':' ? XMLNS.length + 1 : -1;
        }
    }

    /** An attribute name ended: {@code xmlns} and {@code xmlns:prefix} declare namespaces. */
    private void attributeNameEnded() throws XmlException {
        if (xmlnsMatched >= XMLNS.length && ++namespaceDeclarations > maxNamespaceDeclarations) {
            throw new XmlException(StreamError.POLICY_VIOLATION,
                    "more than " + maxNamespaceDeclarations + " namespace declarations on one element");
        }
    }

    private static boolean isSpace(byte b) {
        return b == ' ' || b == '\t' || b == '\n' || b == '\r';
    }
}
