package dev.parley.sdk.call;

/** A call with camera and microphone, or microphone only; {@link #wireValue()} is the signals' {@code callType}. */
public enum ConferenceType {
    VIDEO(1), AUDIO(2);

    private final int wireValue;

    ConferenceType(int wireValue) {
        this.wireValue = wireValue;
    }

    public int wireValue() {
        return wireValue;
    }

    /** {@code callType} as signalled: 2 is audio, anything else video. */
    public static ConferenceType fromWire(Object value) {
        return "2".equals(String.valueOf(value).trim()) ? AUDIO : VIDEO;
    }
}
