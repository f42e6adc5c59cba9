package dev.parley.media.srtp;

import java.util.Locale;

/** Which library protects and unprotects SRTP ({@code parley.media.srtp-library}). */
public enum SrtpLibrary {

    /** AEAD_AES_128_GCM through the system's libsrtp 2 when it loads (no allocation per packet), everything else through jitsi-srtp. */
    AUTO,
    /** The same, but a server whose libsrtp does not load refuses to start. */
    LIBSRTP,
    /** jitsi-srtp for every profile. */
    JITSI_SRTP;

    /** From the setting's value: {@code auto}, {@code libsrtp} or {@code jitsi-srtp}. */
    public static SrtpLibrary parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "libsrtp" -> LIBSRTP;
            case "jitsi-srtp" -> JITSI_SRTP;
            default -> throw new IllegalArgumentException("parley.media.srtp-library must be auto, libsrtp or jitsi-srtp: " + value);
        };
    }

    /** Whether sessions of {@code profile} go through libsrtp. */
    boolean usesLibsrtp(SrtpProfile profile) {
        return this != JITSI_SRTP && profile == SrtpProfile.AEAD_AES_128_GCM && LibSrtp.unavailableReason() == null;
    }

    /**
     * What this choice means on this machine, for the start-up log; throws for {@link #LIBSRTP} when libsrtp did not load.
     */
    public String describe() {
        String reason = LibSrtp.unavailableReason();
        String jitsi = "jitsi-srtp on " + SrtpCiphers.implementation();
        if (this == JITSI_SRTP) {
            return "SRTP through " + jitsi;
        }
        if (reason != null) {
            if (this == LIBSRTP) {
                throw new IllegalStateException("parley.media.srtp-library is libsrtp, but " + reason
                        + " (install libsrtp2-1, or set it to auto)");
            }
            return "SRTP through " + jitsi + " (" + reason + ")";
        }
        return "SRTP: AEAD_AES_128_GCM through " + LibSrtp.version() + ", AES128_CM_HMAC_SHA1_80 through " + jitsi;
    }
}
