package dev.parley.common.security;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECFieldFp;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import java.security.spec.ECPoint;
import java.security.spec.ECPublicKeySpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;

/**
 * P-256 (secp256r1) keys in the encodings Web Push uses: public keys as the 65-byte uncompressed point
 * ({@code 0x04 || X || Y}, SEC 1 §2.3.3) that browsers take as {@code applicationServerKey} and give as
 * {@code p256dh} (RFC 8291 §3.1, RFC 8292 §3.2), private keys as PKCS#8 DER. Base64url without padding
 * throughout. JDK crypto only. Stateless.
 */
public final class P256Keys {

    public static final int POINT_BYTES = 65;
    private static final int COORDINATE_BYTES = 32;
    private static final ECParameterSpec PARAMS = ((ECPublicKey) generate().getPublic()).getParams();

    private P256Keys() {
    }

    public static KeyPair generate() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JDK cannot make P-256 keys", e);
        }
    }

    /** The uncompressed point of a public key. */
    public static byte[] encodePoint(ECPublicKey key) {
        byte[] out = new byte[POINT_BYTES];
        out[0] = 0x04;
        copyUnsigned(key.getW().getAffineX(), out, 1);
        copyUnsigned(key.getW().getAffineY(), out, 1 + COORDINATE_BYTES);
        return out;
    }

    /**
     * The public key of an uncompressed point.
     *
     * @throws IllegalArgumentException when it is not 65 bytes starting with 0x04, or not a point of the curve
     */
    public static ECPublicKey decodePoint(byte[] point) {
        if (point.length != POINT_BYTES || point[0] != 0x04) {
            throw new IllegalArgumentException("not an uncompressed P-256 point (65 bytes starting with 0x04)");
        }
        BigInteger x = new BigInteger(1, Arrays.copyOfRange(point, 1, 1 + COORDINATE_BYTES));
        BigInteger y = new BigInteger(1, Arrays.copyOfRange(point, 1 + COORDINATE_BYTES, POINT_BYTES));
        try {
            ECParameterSpec params = PARAMS;
            BigInteger p = ((ECFieldFp) params.getCurve().getField()).getP();
            BigInteger right = x.pow(3).add(params.getCurve().getA().multiply(x)).add(params.getCurve().getB()).mod(p);
            if (x.compareTo(p) >= 0 || y.compareTo(p) >= 0 || !y.pow(2).mod(p).equals(right)) {
                throw new IllegalArgumentException("not a point of P-256");
            }
            return (ECPublicKey) KeyFactory.getInstance("EC").generatePublic(new ECPublicKeySpec(new ECPoint(x, y), params));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a P-256 public key: " + e.getMessage(), e);
        }
    }

    /** A private key from PKCS#8 DER. */
    public static ECPrivateKey decodePrivate(byte[] pkcs8) {
        try {
            return (ECPrivateKey) KeyFactory.getInstance("EC").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IllegalArgumentException("not a PKCS#8 EC private key: " + e.getMessage(), e);
        }
    }

    public static String base64Url(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /** Decodes base64url with or without padding. */
    public static byte[] fromBase64Url(String text) {
        return Base64.getUrlDecoder().decode(text.replace("=", ""));
    }

    private static void copyUnsigned(BigInteger value, byte[] out, int offset) {
        byte[] bytes = value.toByteArray();
        int skip = bytes.length > COORDINATE_BYTES ? bytes.length - COORDINATE_BYTES : 0;
        int length = bytes.length - skip;
        System.arraycopy(bytes, skip, out, offset + COORDINATE_BYTES - length, length);
    }
}
