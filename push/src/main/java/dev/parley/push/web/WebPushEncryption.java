package dev.parley.push.web;

import dev.parley.common.security.P256Keys;

import javax.crypto.Cipher;
import javax.crypto.KeyAgreement;
import javax.crypto.Mac;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.security.interfaces.ECPublicKey;
import java.util.Arrays;

/**
 * Message encryption for Web Push (RFC 8291) in the {@code aes128gcm} content coding (RFC 8188), one record:
 * an ephemeral P-256 key pair of the application server is agreed (ECDH) with the browser's {@code p256dh} key,
 * mixed with its 16-byte authentication secret (RFC 8291 §3.3-3.4), and the content key and nonce derived with
 * HKDF-SHA-256 (RFC 8188 §2.2-2.3). JDK crypto only. Stateless; thread-safe.
 */
public final class WebPushEncryption {

    /** The record size announced in the header: one record holds any payload Parley sends (RFC 8291 §4). */
    static final int RECORD_SIZE = 4096;
    /** The most plaintext one record carries: 4096 less the 16-byte tag and the 1-byte delimiter. */
    public static final int MAX_PLAINTEXT = RECORD_SIZE - 16 - 1;

    private static final SecureRandom RANDOM = new SecureRandom();

    private WebPushEncryption() {
    }

    /** Encrypts with a fresh salt and ephemeral key pair. */
    public static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return encrypt(plaintext, uaPublic, authSecret, P256Keys.generate(), salt);
    }

    /**
     * The body of the push message: {@code salt(16) || rs(4) || idlen(1) || keyid(65) || ciphertext}, where the
     * key id is the server's ephemeral public key (RFC 8291 §4).
     */
    static byte[] encrypt(byte[] plaintext, byte[] uaPublic, byte[] authSecret, KeyPair ephemeral, byte[] salt) {
        if (plaintext.length > MAX_PLAINTEXT) {
            throw new IllegalArgumentException("a Web Push payload is at most " + MAX_PLAINTEXT + " bytes");
        }
        try {
            byte[] asPublic = P256Keys.encodePoint((ECPublicKey) ephemeral.getPublic());
            KeyAgreement agreement = KeyAgreement.getInstance("ECDH");
            agreement.init(ephemeral.getPrivate());
            agreement.doPhase(P256Keys.decodePoint(uaPublic), true);
            byte[] ecdhSecret = agreement.generateSecret();
            // RFC 8291 §3.4: IKM = HKDF(auth_secret, ecdh_secret, "WebPush: info" || 0x00 || ua_public || as_public, 32)
            byte[] keyInfo = concat("WebPush: info\0".getBytes(StandardCharsets.US_ASCII), uaPublic, asPublic);
            byte[] ikm = expand(hmac(authSecret, ecdhSecret), keyInfo, 32);
            // RFC 8188 §2.2-2.3
            byte[] prk = hmac(salt, ikm);
            byte[] cek = expand(prk, "Content-Encoding: aes128gcm\0".getBytes(StandardCharsets.US_ASCII), 16);
            byte[] nonce = expand(prk, "Content-Encoding: nonce\0".getBytes(StandardCharsets.US_ASCII), 12);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(cek, "AES"), new GCMParameterSpec(128, nonce));
            byte[] padded = Arrays.copyOf(plaintext, plaintext.length + 1);
            padded[plaintext.length] = 0x02; // the last (and only) record's delimiter, RFC 8188 §2
            byte[] ciphertext = cipher.doFinal(padded);
            return ByteBuffer.allocate(16 + 4 + 1 + asPublic.length + ciphertext.length).put(salt).putInt(RECORD_SIZE)
                    .put((byte) asPublic.length).put(asPublic).put(ciphertext).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Web Push encryption failed: " + e.getMessage(), e);
        }
    }

    /** HKDF-Extract (RFC 5869 §2.2). */
    static byte[] hmac(byte[] key, byte[] data) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(key, "HmacSHA256"));
        return mac.doFinal(data);
    }

    /** HKDF-Expand for at most one block (RFC 5869 §2.3): the first {@code length} bytes of HMAC(prk, info || 0x01). */
    static byte[] expand(byte[] prk, byte[] info, int length) throws GeneralSecurityException {
        return Arrays.copyOf(hmac(prk, concat(info, new byte[] {1})), length);
    }

    static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] part : parts) {
            length += part.length;
        }
        ByteBuffer out = ByteBuffer.allocate(length);
        for (byte[] part : parts) {
            out.put(part);
        }
        return out.array();
    }
}
