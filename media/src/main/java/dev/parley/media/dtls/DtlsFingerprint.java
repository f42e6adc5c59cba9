package dev.parley.media.dtls;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;

/**
 * A certificate fingerprint as SDP's {@code a=fingerprint} carries it (RFC 8122 §5): a hash function's
 * name and the digest of the DER certificate, e.g. {@code sha-256 4A:AD:B9:...}.
 *
 * @param algorithm lower-case hash function name from the IANA registry RFC 8122 refers to
 * @param digest    the digest bytes
 */
public record DtlsFingerprint(String algorithm, byte[] digest) {

    /** RFC 8122 §5's hash functions, by their SDP names; MD2 and MD5 are not accepted (RFC 8122 §5). */
    private static final Map<String, String> JCA_NAMES = Map.of(
            "sha-1", "SHA-1", "sha-224", "SHA-224", "sha-256", "SHA-256", "sha-384", "SHA-384", "sha-512", "SHA-512");
    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    public DtlsFingerprint {
        algorithm = algorithm.toLowerCase(Locale.ROOT);
        if (!JCA_NAMES.containsKey(algorithm)) {
            throw new IllegalArgumentException("unsupported fingerprint hash function: " + algorithm);
        }
        digest = digest.clone();
    }

    /** The fingerprint of a DER certificate with {@code algorithm} ("sha-256"). */
    public static DtlsFingerprint of(String algorithm, byte[] der) {
        return new DtlsFingerprint(algorithm, digester(algorithm).digest(der));
    }

    /**
     * Parses the value of {@code a=fingerprint} ("sha-256 AB:CD:..."), case-insensitively.
     *
     * @throws IllegalArgumentException naming what is wrong
     */
    public static DtlsFingerprint parse(String sdpValue) {
        String[] parts = sdpValue.trim().split("\\s+");
        if (parts.length != 2) {
            throw new IllegalArgumentException("a fingerprint is \"<hash-function> <hex pairs separated by colons>\"");
        }
        byte[] digest;
        try {
            digest = HEX.parseHex(parts[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("fingerprint digest is not colon-separated hex: " + parts[1]);
        }
        DtlsFingerprint fingerprint = new DtlsFingerprint(parts[0], digest);
        if (digest.length != digester(fingerprint.algorithm()).getDigestLength()) {
            throw new IllegalArgumentException("a " + fingerprint.algorithm() + " fingerprint has "
                    + digester(fingerprint.algorithm()).getDigestLength() + " bytes, not " + digest.length);
        }
        return fingerprint;
    }

    /** Whether this fingerprint is that of {@code der}, compared in constant time. */
    public boolean matches(byte[] der) {
        return MessageDigest.isEqual(digest, digester(algorithm).digest(der));
    }

    /** The {@code a=fingerprint} value, e.g. {@code sha-256 4A:AD:...}. */
    public String sdpValue() {
        return algorithm + " " + HEX.formatHex(digest);
    }

    @Override
    public byte[] digest() {
        return digest.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof DtlsFingerprint that && algorithm.equals(that.algorithm) && MessageDigest.isEqual(digest, that.digest);
    }

    @Override
    public int hashCode() {
        return algorithm.hashCode() * 31 + java.util.Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return sdpValue();
    }

    private static MessageDigest digester(String algorithm) {
        try {
            return MessageDigest.getInstance(JCA_NAMES.get(algorithm));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is part of every JDK", e);
        }
    }
}
