package dev.parley.conference.sdp;

/** The DTLS role of {@code a=setup} (RFC 4145 §4, RFC 8842 §5). */
public enum Setup {
    ACTIVE("active"), PASSIVE("passive"), ACTPASS("actpass"), HOLDCONN("holdconn");

    private final String value;

    Setup(String value) {
        this.value = value;
    }

    public String value() {
        return value;
    }

    public static Setup parse(String value) throws SdpException {
        for (Setup setup : values()) {
            if (setup.value.equals(value)) {
                return setup;
            }
        }
        throw new SdpException("unknown a=setup role: " + value);
    }
}
