package dev.parley.conference.sdp;

import java.util.Arrays;
import java.util.List;

/** {@code a=group:<semantics> <mid> ...} (RFC 5888 §5), e.g. {@code BUNDLE 0 1 2} (RFC 8843 §7). */
public record Group(String semantics, List<String> mids) {

    public Group {
        mids = List.copyOf(mids);
    }

    public static Group parse(String value) throws SdpException {
        String[] parts = value.split(" ");
        if (parts[0].isEmpty()) {
            throw new SdpException("a=group needs semantics: " + value);
        }
        return new Group(parts[0], Arrays.asList(parts).subList(1, parts.length));
    }

    public String format() {
        return mids.isEmpty() ? semantics : semantics + " " + String.join(" ", mids);
    }
}
