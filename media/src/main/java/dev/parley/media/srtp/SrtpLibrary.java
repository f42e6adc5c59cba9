package dev.parley.media.srtp;

import java.util.Locale;

/** What protects and unprotects SRTP ({@code parley.media.srtp-library}). */
public enum SrtpLibrary {

    /**
     * AEAD_AES_128_GCM through Parley's own SRTP framing on the system's OpenSSL 3 ({@link GcmSrtp}: no allocation per
     * packet) when libcrypto loads; AES128_CM_HMAC_SHA1_80, and GCM without libcrypto, through jitsi-srtp.
     */
    AUTO,
    /** jitsi-srtp for every profile. */
    JITSI_SRTP;

    /** From the setting's value: {@code auto} or {@code jitsi-srtp}. */
    public static SrtpLibrary parse(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "jitsi-srtp" -> JITSI_SRTP;
            default -> throw new IllegalArgumentException("parley.media.srtp-library must be auto or jitsi-srtp: " + value);
        };
    }

    /** Whether sessions of {@code profile} go through {@link GcmSrtp}. */
    boolean ownGcm(SrtpProfile profile) {
        return this == AUTO && profile == SrtpProfile.AEAD_AES_128_GCM && OpenSslGcm.unavailableReason() == null;
    }

    /** What this choice means on this machine, for the start-up log. */
    public String describe() {
        String jitsi = "jitsi-srtp on " + SrtpCiphers.implementation();
        if (this == JITSI_SRTP) {
            return "SRTP through " + jitsi;
        }
        String reason = OpenSslGcm.unavailableReason();
        if (reason != null) {
            return "SRTP through " + jitsi + " (" + reason + ")";
        }
        return "SRTP: AEAD_AES_128_GCM on OpenSSL's " + OpenSslGcm.LIBRARY + ", AES128_CM_HMAC_SHA1_80 through " + jitsi;
    }
}
