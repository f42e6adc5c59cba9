package dev.parley.sdk.call.signal;

/** The {@code signalType} of a call signal (docs/protocol.md §3.2), with its name on the wire. */
public enum SignalType {
    CALL("call"),
    ACCEPT("accept"),
    REJECT("reject"),
    HANG_UP("hangUp"),
    UPDATE("update"),
    ICE_CANDIDATES("iceCandidates"),
    ICE_RESTART("iceRestart"),
    ICE_RESTART_ACCEPT("iceRestartAccept");

    private final String wireName;

    SignalType(String wireName) {
        this.wireName = wireName;
    }

    /** The {@code signalType} text. */
    public String wireName() {
        return wireName;
    }

    /** The type named {@code wireName}, or null for a name this SDK does not know. */
    public static SignalType fromWire(String wireName) {
        for (SignalType type : values()) {
            if (type.wireName.equals(wireName)) return type;
        }
        return null;
    }
}
