package dev.parley.common.signal;

import java.util.List;
import java.util.Objects;

/**
 * One child element of a call signal's {@code <extraParams/>} (docs/protocol.md §3.2): a name with text, or a name
 * with child fields (a nested object such as {@code opponentsIDs} or {@code userInfo}). A neutral model, so that
 * the REST side can describe a signal without knowing XML; the chat side writes it. Names must already be valid
 * XML element names. Immutable.
 */
public sealed interface SignalField {

    String name();

    /** {@code <name>value</name>}. */
    record Text(String name, String value) implements SignalField {
        public Text {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(value, "value");
        }
    }

    /** {@code <name>fields...</name>}. */
    record Group(String name, List<SignalField> fields) implements SignalField {
        public Group {
            Objects.requireNonNull(name, "name");
            fields = List.copyOf(fields);
        }
    }
}
