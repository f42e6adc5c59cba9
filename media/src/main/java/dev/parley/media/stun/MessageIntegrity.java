package dev.parley.media.stun;

import java.nio.charset.StandardCharsets;
import java.security.DigestException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute, with the header's
 * length counting up to the end of the attribute (so a FINGERPRINT after it does not change it).
 * ICE uses short-term credentials (§9.1): the key is the password.
 *
 * <p>The HMAC (RFC 2104) is the JDK's SHA-1 run twice over the key's padded blocks, set up once: the JDK's
 * {@code Mac} returns each result in a new array, and every consent check of every peer is verified and answered
 * with one, on the media loop, which allocates nothing per packet.
 *
 * <p>Not thread-safe (it holds a {@link MessageDigest}); one per ICE agent, used on the agent's thread.
 */
public final class MessageIntegrity {

    /** Value length: an HMAC-SHA1. */
    public static final int LENGTH = 20;
    static final int ATTRIBUTE_LENGTH = 4 + LENGTH;
    /** SHA-1's block size, bytes. */
    private static final int BLOCK = 64;

    private final MessageDigest sha1;
    private final byte[] innerPad = new byte[BLOCK];
    private final byte[] outerPad = new byte[BLOCK];
    private final byte[] inner = new byte[LENGTH];
    private final byte[] header = new byte[StunMessage.HEADER_LENGTH];
    private final byte[] computed = new byte[LENGTH];

    /** An integrity keyed with {@code key} bytes (the long-term key of RFC 8489 §9.2 works too). */
    public MessageIntegrity(byte[] key) {
        try {
            sha1 = MessageDigest.getInstance("SHA-1");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is part of every JDK", e);
        }
        byte[] k = key.length > BLOCK ? sha1.digest(key) : key;
        for (int i = 0; i < BLOCK; i++) {
            byte b = i < k.length ? k[i] : 0;
            innerPad[i] = (byte) (b ^ 0x36);
            outerPad[i] = (byte) (b ^ 0x5c);
        }
    }

    /**
     * Short-term credentials (RFC 8489 §9.1.1): the key is the password after OpaqueString (RFC 8265),
     * which leaves ICE passwords (ice-chars, RFC 8839 §5.4) unchanged.
     */
    public static MessageIntegrity shortTerm(String password) {
        return new MessageIntegrity(password.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Long-term credentials (RFC 8489 §9.2.2), as TURN servers use them (RFC 8656 §9): the key is
     * MD5(username ":" realm ":" password). The strings are taken as given, after the OpaqueString profile
     * (RFC 8265) where the RFC asks for it; ASCII credentials, such as the TURN REST API's, are unchanged by it.
     */
    public static MessageIntegrity longTerm(String username, String realm, String password) {
        try {
            byte[] key = MessageDigest.getInstance("MD5")
                    .digest((username + ":" + realm + ":" + password).getBytes(StandardCharsets.UTF_8));
            return new MessageIntegrity(key);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("MD5 is part of every JDK", e);
        }
    }

    /** Whether {@code message} carries MESSAGE-INTEGRITY and it matches this key; compared in constant time. */
    public boolean verify(StunMessage message) {
        int i = message.find(StunAttributeType.MESSAGE_INTEGRITY);
        if (i < 0) {
            return false;
        }
        compute(message.buffer(), message.offset(), message.attributeOffset(i) - message.offset(), computed, 0);
        byte[] buf = message.buffer();
        int at = message.valueOffset(i);
        int difference = 0;
        for (int k = 0; k < LENGTH; k++) {
            difference |= computed[k] ^ buf[at + k];
        }
        return difference == 0;
    }

    /**
     * Writes the HMAC of the message starting at {@code off}, whose MESSAGE-INTEGRITY attribute starts
     * {@code lengthBefore} bytes in, into {@code out} at {@code outOff} (20 bytes, which may be the
     * attribute's own value: the HMAC does not cover it).
     */
    void compute(byte[] buf, int off, int lengthBefore, byte[] out, int outOff) {
        System.arraycopy(buf, off, header, 0, StunMessage.HEADER_LENGTH);
        StunMessage.writeShort(header, 2, lengthBefore + ATTRIBUTE_LENGTH - StunMessage.HEADER_LENGTH);
        try {
            sha1.update(innerPad);
            sha1.update(header, 0, StunMessage.HEADER_LENGTH);
            sha1.update(buf, off + StunMessage.HEADER_LENGTH, lengthBefore - StunMessage.HEADER_LENGTH);
            sha1.digest(inner, 0, LENGTH);
            sha1.update(outerPad);
            sha1.update(inner);
            sha1.digest(out, outOff, LENGTH);
        } catch (DigestException e) {
            throw new IllegalStateException("a 20-byte output always fits", e);
        }
    }
}
