package dev.parley.media.sctp;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;

/**
 * The State Cookie of RFC 9260 §5.1.3: what the INIT-ACK's sender needs to set the association up when the
 * COOKIE ECHO comes back, so that an INIT alone leaves no state; signed with HMAC-SHA-256 under a key of the
 * association's own and stamped with its creation time, so that a forged, altered or stale cookie is refused.
 */
record StateCookie(long peerTag, long localTag, long peerInitialTsn, long localInitialTsn, long peerWindow,
        int outboundStreams, int inboundStreams, boolean peerForwardTsn, boolean peerReconfig, long createdNanos) {

    private static final int BODY = 4 * 5 + 2 * 2 + 2 + 8;
    private static final int MAC = 32;
    static final int LENGTH = BODY + MAC;

    /** A fresh random key for one association's cookies. */
    static byte[] newKey(SecureRandom random) {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    byte[] sign(byte[] key) {
        ByteBuffer out = ByteBuffer.allocate(LENGTH);
        out.putInt((int) peerTag).putInt((int) localTag).putInt((int) peerInitialTsn).putInt((int) localInitialTsn)
                .putInt((int) peerWindow).putShort((short) outboundStreams).putShort((short) inboundStreams)
                .put((byte) (peerForwardTsn ? 1 : 0)).put((byte) (peerReconfig ? 1 : 0)).putLong(createdNanos);
        out.put(mac(key, out.array(), BODY));
        return out.array();
    }

    /** The cookie, or null when it is not one this key signed. Its age is the caller's to check. */
    static StateCookie verify(byte[] key, byte[] buf, int off, int len) {
        if (len != LENGTH) {
            return null;
        }
        byte[] body = new byte[BODY];
        System.arraycopy(buf, off, body, 0, BODY);
        byte[] stated = new byte[MAC];
        System.arraycopy(buf, off + BODY, stated, 0, MAC);
        if (!MessageDigest.isEqual(stated, mac(key, body, BODY))) {
            return null;
        }
        ByteBuffer in = ByteBuffer.wrap(body);
        return new StateCookie(in.getInt() & 0xffffffffL, in.getInt() & 0xffffffffL, in.getInt() & 0xffffffffL,
                in.getInt() & 0xffffffffL, in.getInt() & 0xffffffffL, in.getShort() & 0xffff, in.getShort() & 0xffff,
                in.get() == 1, in.get() == 1, in.getLong());
    }

    private static byte[] mac(byte[] key, byte[] body, int len) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            mac.update(body, 0, len);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
