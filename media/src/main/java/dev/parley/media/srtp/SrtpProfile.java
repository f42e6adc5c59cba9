package dev.parley.media.srtp;

import org.jitsi.srtp.SrtpPolicy;

/**
 * The SRTP protection profiles the SFU negotiates in DTLS's use_srtp extension (RFC 5764 §4.1.2,
 * RFC 7714 §14.2), most preferred first: AES-GCM authenticates and encrypts in one pass and is the
 * cheaper of the two (docs/benchmarks.md).
 */
public enum SrtpProfile {

    /** RFC 7714: AES-128 in Galois/Counter Mode, 12-byte salt, 16-byte tag. */
    AEAD_AES_128_GCM(0x0007, 16, 12, 16),
    /** RFC 3711 / RFC 5764: AES-128 in counter mode, HMAC-SHA1 tag cut to 80 bits. */
    AES128_CM_HMAC_SHA1_80(0x0001, 16, 14, 10);

    /** The most bytes protecting adds to a packet: an SRTCP tag of 16 and its 4-byte index. */
    public static final int MAX_OVERHEAD = 20;

    private final int dtlsId;
    private final int keyLength;
    private final int saltLength;
    private final int tagLength;

    SrtpProfile(int dtlsId, int keyLength, int saltLength, int tagLength) {
        this.dtlsId = dtlsId;
        this.keyLength = keyLength;
        this.saltLength = saltLength;
        this.tagLength = tagLength;
    }

    /** The profile's SRTPProtectionProfile value in use_srtp. */
    public int dtlsId() {
        return dtlsId;
    }

    public int keyLength() {
        return keyLength;
    }

    public int saltLength() {
        return saltLength;
    }

    /** Bytes protecting adds to an RTP packet: the tag. */
    public int rtpOverhead() {
        return tagLength;
    }

    /** Bytes protecting adds to an RTCP packet: the tag and the E flag with the 31-bit SRTCP index. */
    public int rtcpOverhead() {
        return tagLength + 4;
    }

    /** The profile with this use_srtp value, or null. */
    public static SrtpProfile ofDtlsId(int id) {
        for (SrtpProfile profile : values()) {
            if (profile.dtlsId == id) {
                return profile;
            }
        }
        return null;
    }

    /** A fresh jitsi-srtp policy (policies are mutable, so each context factory gets its own). */
    SrtpPolicy policy() {
        SrtpPolicy policy = switch (this) {
            case AEAD_AES_128_GCM -> new SrtpPolicy(SrtpPolicy.AESGCM_ENCRYPTION, keyLength,
                    SrtpPolicy.NULL_AUTHENTICATION, 0, tagLength, saltLength);
            case AES128_CM_HMAC_SHA1_80 -> new SrtpPolicy(SrtpPolicy.AESCM_ENCRYPTION, keyLength,
                    SrtpPolicy.HMACSHA1_AUTHENTICATION, 20, tagLength, saltLength);
        };
        // Sending the same sequence number twice is how a NACK is answered without RTX (RFC 4585 §3.2),
        // so the sender must not refuse it; receipt keeps its replay window (RFC 3711 §3.3.2).
        policy.setSendReplayEnabled(false);
        return policy;
    }
}
