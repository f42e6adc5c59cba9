package dev.parley.sdk.chat;

import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.parsing.SmackParsingException;
import org.jivesoftware.smack.provider.ExtensionElementProvider;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code <extraParams>} into nested Maps, Lists and Strings (see {@link ExtraParams}). Bounded:
 * at most {@value #MAX_DEPTH} levels and {@value #MAX_FIELDS} elements, deeper or further ones are
 * refused, so a hostile signal cannot make a huge structure.
 */
public final class ExtraParamsProvider extends ExtensionElementProvider<ExtraParams> {

    static final int MAX_DEPTH = 8;
    static final int MAX_FIELDS = 512;

    @Override
    public ExtraParams parse(XmlPullParser parser, int initialDepth, XmlEnvironment xmlEnvironment)
            throws XmlPullParserException, IOException, SmackParsingException {
        int[] budget = {MAX_FIELDS};
        return new ExtraParams(readFields(parser, 1, budget));
    }

    /** Reads the children of the current element up to its end tag. */
    private static Map<String, Object> readFields(XmlPullParser parser, int depth, int[] budget)
            throws XmlPullParserException, IOException, SmackParsingException {
        Map<String, Object> fields = new LinkedHashMap<>();
        int start = parser.getDepth();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == start) return fields;
            if (event == XmlPullParser.Event.END_DOCUMENT) throw new SmackParsingException("extraParams ends early");
            if (event != XmlPullParser.Event.START_ELEMENT) continue;
            String name = parser.getName();
            if (ExtraParams.LISTS.containsKey(name)) {
                fields.put(name, readList(parser, depth + 1, budget));
            } else {
                fields.put(name, readValue(parser, depth + 1, budget));
            }
        }
    }

    private static List<Object> readList(XmlPullParser parser, int depth, int[] budget)
            throws XmlPullParserException, IOException, SmackParsingException {
        spend(depth, budget);
        List<Object> items = new ArrayList<>();
        int start = parser.getDepth();
        while (true) {
            XmlPullParser.Event event = parser.next();
            if (event == XmlPullParser.Event.END_ELEMENT && parser.getDepth() == start) return items;
            if (event == XmlPullParser.Event.END_DOCUMENT) throw new SmackParsingException("extraParams ends early");
            if (event == XmlPullParser.Event.START_ELEMENT) items.add(readValue(parser, depth + 1, budget));
        }
    }

    /** A leaf's text, or a Map of the element's children when it has any. */
    private static Object readValue(XmlPullParser parser, int depth, int[] budget)
            throws XmlPullParserException, IOException, SmackParsingException {
        spend(depth, budget);
        StringBuilder text = new StringBuilder();
        Map<String, Object> children = null;
        int start = parser.getDepth();
        while (true) {
            XmlPullParser.Event event = parser.next();
            switch (event) {
                case END_ELEMENT:
                    if (parser.getDepth() == start) return children != null ? children : text.toString();
                    break;
                case END_DOCUMENT:
                    throw new SmackParsingException("extraParams ends early");
                case TEXT_CHARACTERS:
                case ENTITY_REFERENCE:
                    text.append(parser.getText());
                    break;
                case START_ELEMENT:
                    if (children == null) children = new LinkedHashMap<>();
                    String name = parser.getName();
                    children.put(name, ExtraParams.LISTS.containsKey(name)
                            ? readList(parser, depth + 1, budget) : readValue(parser, depth + 1, budget));
                    break;
                default:
                    break;
            }
        }
    }

    private static void spend(int depth, int[] budget) throws SmackParsingException {
        if (depth > MAX_DEPTH) throw new SmackParsingException("extraParams nested deeper than " + MAX_DEPTH);
        if (--budget[0] < 0) throw new SmackParsingException("extraParams has more than " + MAX_FIELDS + " elements");
    }
}
