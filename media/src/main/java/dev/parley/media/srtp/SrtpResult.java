package dev.parley.media.srtp;

/**
 * Protect and unprotect return the packet's new length, or one of these negative codes: an int rather
 * than an object so that the per-packet path allocates nothing.
 */
public final class SrtpResult {

    /** The tag did not verify (RFC 3711 §3.3 step 5): forged, corrupted, or another key. */
    public static final int AUTH_FAILED = -1;
    /** Already received, or older than the replay window (RFC 3711 §3.3.2). */
    public static final int REPLAYED = -2;
    /** Too short to be SRTP/SRTCP, or no room in the buffer for the trailer. */
    public static final int MALFORMED = -3;
    /** A new SSRC beyond the per-transport bound. */
    public static final int TOO_MANY_STREAMS = -4;
    /** The cipher failed for another reason. */
    public static final int FAILED = -5;

    private SrtpResult() {
    }

    public static String describe(int result) {
        return switch (result) {
            case AUTH_FAILED -> "authentication failed";
            case REPLAYED -> "replayed";
            case MALFORMED -> "malformed";
            case TOO_MANY_STREAMS -> "too many streams";
            case FAILED -> "cipher failure";
            default -> result >= 0 ? "ok (" + result + " bytes)" : "unknown " + result;
        };
    }
}
