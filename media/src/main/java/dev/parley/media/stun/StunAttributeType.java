package dev.parley.media.stun;

/**
 * The STUN attribute types ICE uses (RFC 8489 §18.3, RFC 8445 §16.1). Types below 0x8000 are
 * comprehension-required: a request carrying one the agent does not understand is answered 420
 * (RFC 8489 §6.3.1); the others may be ignored.
 */
public final class StunAttributeType {

    public static final int USERNAME = 0x0006;
    public static final int MESSAGE_INTEGRITY = 0x0008;
    public static final int ERROR_CODE = 0x0009;
    public static final int UNKNOWN_ATTRIBUTES = 0x000A;
    public static final int XOR_MAPPED_ADDRESS = 0x0020;
    /** RFC 8445 §16.1. */
    public static final int PRIORITY = 0x0024;
    /** RFC 8445 §16.1. */
    public static final int USE_CANDIDATE = 0x0025;
    public static final int SOFTWARE = 0x8022;
    public static final int FINGERPRINT = 0x8028;
    /** RFC 8445 §16.1. */
    public static final int ICE_CONTROLLED = 0x8029;
    /** RFC 8445 §16.1. */
    public static final int ICE_CONTROLLING = 0x802A;

    private StunAttributeType() {
    }

    public static boolean isComprehensionRequired(int type) {
        return type < 0x8000;
    }

    /** Whether an ICE-lite agent understands this comprehension-required attribute in a Binding request. */
    public static boolean isUnderstood(int type) {
        return switch (type) {
            case USERNAME, MESSAGE_INTEGRITY, ERROR_CODE, UNKNOWN_ATTRIBUTES, XOR_MAPPED_ADDRESS, PRIORITY, USE_CANDIDATE -> true;
            default -> !isComprehensionRequired(type);
        };
    }
}
