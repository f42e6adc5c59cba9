package dev.parley.media.forward;

import dev.parley.media.rtp.RtpExtension;

import java.util.HashMap;
import java.util.Map;

/**
 * Which RTP header extension id means which extension on one direction of one endpoint, as negotiated with
 * {@code a=extmap} (RFC 8285 §5; with BUNDLE the ids are the same in every media section). Extensions Parley
 * does not know are left out. Immutable.
 */
public final class ExtensionMap {

    /** No extension negotiated. */
    public static final ExtensionMap NONE = new ExtensionMap(Map.of());

    private final RtpExtension[] byId = new RtpExtension[256];
    private final int[] idOf = new int[RtpExtension.values().length];

    /** From {@code a=extmap} URIs to their ids (1-255; 15 is reserved in the one-byte form but legal in two). */
    public ExtensionMap(Map<String, Integer> idsByUri) {
        idsByUri.forEach((uri, id) -> {
            if (id < 1 || id > 255) {
                throw new IllegalArgumentException("header extension ids are 1-255, got " + id + " for " + uri);
            }
            RtpExtension extension = RtpExtension.ofUri(uri);
            if (extension != null) {
                byId[id] = extension;
                idOf[extension.ordinal()] = id;
            }
        });
    }

    /** This map without {@code extension}, as if it had not been negotiated. */
    public ExtensionMap without(RtpExtension extension) {
        int id = id(extension);
        if (id == 0) {
            return this;
        }
        Map<String, Integer> rest = new HashMap<>();
        for (int i = 1; i < byId.length; i++) {
            if (byId[i] != null && i != id) {
                rest.put(byId[i].uri(), i);
            }
        }
        return new ExtensionMap(rest);
    }

    /** The extension with {@code id}, or null. */
    public RtpExtension extension(int id) {
        return byId[id];
    }

    /** The id of {@code extension}, or 0 when not negotiated. */
    public int id(RtpExtension extension) {
        return idOf[extension.ordinal()];
    }
}
