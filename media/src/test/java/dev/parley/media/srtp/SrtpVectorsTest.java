package dev.parley.media.srtp;

import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.SrtpCipherCtr;
import org.jitsi.utils.ByteArrayBuffer;
import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.util.Arrays;

import static dev.parley.media.stun.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The published vectors for the ciphers SRTP is built on here: RFC 3711 Appendix B.2 (AES-CM keystream)
 * and B.3 (key derivation), RFC 7714 §16–17 (AEAD_AES_128_GCM on an RTP and an RTCP packet).
 */
class SrtpVectorsTest {

    /** RFC 3711 B.2: session key, and the first counter block (session salt with SSRC 0, index 0). */
    @Test
    void rfc3711AppendixB2AesCounterModeKeystream() throws Exception {
        SrtpCipherCtr cipher = new SrtpCipherCtr(Aes.createCipher("AES/CTR/NoPadding"));
        cipher.init(bytes("2B7E151628AED2A6ABF7158809CF4F3C"), null);
        cipher.setIV(bytes("F0F1F2F3F4F5F6F7F8F9FAFBFCFD0000"), Cipher.ENCRYPT_MODE);
        byte[] zeros = new byte[16 * 0xFF02];
        cipher.process(zeros, 0, zeros.length);

        assertThat(Arrays.copyOfRange(zeros, 0, 48)).isEqualTo(bytes("""
                E03EAD0935C95E80E166B16DD92B4EB4
                D23513162B02D0F72A43A2FE4A5F97AB
                41E95B3BB0A2E8DD477901E4FCA894C0"""));
        assertThat(Arrays.copyOfRange(zeros, 16 * 0xFEFF, 16 * 0xFF02)).isEqualTo(bytes("""
                EC8CDF7398607CB0F2D21675EA9EA1E4
                362B7C3C6773516318A077D7FC5073AE
                6A2CC3787889374FBEB4C81B17BA6C44"""));
    }

    /**
     * RFC 3711 B.3: from this master key and salt, the SRTP session key, salt and authentication key are
     * the listed ones. Checked on the wire: a packet protected from the master key must equal AES-CM with
     * the listed session key and salt, tagged with HMAC-SHA1 under the listed authentication key.
     */
    @Test
    void rfc3711AppendixB3KeyDerivation() throws Exception {
        byte[] masterKey = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = bytes("0EC675AD498AFEEBB6960B3AABE6");
        byte[] sessionKey = bytes("C61E7A93744F39EE10734AFE3FF7A087");
        byte[] sessionSalt = bytes("30CBBC08863D8C85D49DB34A9AE1");
        byte[] authKey = bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4");
        SrtpKeys keys = new SrtpKeys(SrtpProfile.AES128_CM_HMAC_SHA1_80, masterKey, masterSalt, masterKey, masterSalt);

        byte[] plain = bytes("80 0f 12 34 de ca fb ad ca fe ba be" + " ab".repeat(40));
        byte[] buf = Arrays.copyOf(plain, plain.length + SrtpProfile.MAX_OVERHEAD);
        int length;
        try (SrtpSender sender = new SrtpSender(keys, 4)) {
            length = sender.protectRtp(buf, 0, plain.length);
        }

        // RFC 3711 §4.1.1: IV = (salt * 2^16) XOR (SSRC * 2^64) XOR (index * 2^16).
        byte[] iv = new byte[16];
        System.arraycopy(sessionSalt, 0, iv, 0, 14);
        byte[] ssrc = bytes("cafebabe");
        for (int i = 0; i < 4; i++) {
            iv[4 + i] ^= ssrc[i];
        }
        iv[12] ^= 0x12;
        iv[13] ^= 0x34;
        Cipher aes = Cipher.getInstance("AES/CTR/NoPadding");
        aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(sessionKey, "AES"), new IvParameterSpec(iv));
        byte[] expectedPayload = aes.doFinal(plain, 12, plain.length - 12);
        Mac hmac = Mac.getInstance("HmacSHA1");
        hmac.init(new SecretKeySpec(authKey, "HmacSHA1"));
        hmac.update(buf, 0, plain.length);
        byte[] tag = hmac.doFinal(new byte[4]);

        assertThat(length).isEqualTo(plain.length + 10);
        assertThat(Arrays.copyOfRange(buf, 0, 12)).isEqualTo(Arrays.copyOf(plain, 12));
        assertThat(Arrays.copyOfRange(buf, 12, plain.length)).isEqualTo(expectedPayload);
        assertThat(Arrays.copyOfRange(buf, plain.length, length)).isEqualTo(Arrays.copyOf(tag, 10));
    }

    /** RFC 7714 §16.1: an RTP packet under AEAD_AES_128_GCM (session key and salt given), SSRC 0x5501a0b2, ROC 0, SEQ 0xf17b. */
    @Test
    void rfc7714Section16RtpUnderAes128Gcm() throws Exception {
        byte[] plain = RTP_PLAIN.clone();
        byte[] protectedPacket = RTP_PROTECTED.clone();

        SrtpCryptoContext sender = new SessionKeyedRtp(true, 0x5501a0b2);
        byte[] buf = Arrays.copyOf(plain, 128);
        ByteArrayBuffer packet = new PacketView().wrap(buf, 0, plain.length);
        assertThat(sender.transformPacket(packet)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(Arrays.copyOf(buf, packet.getLength())).isEqualTo(protectedPacket);

        SrtpCryptoContext receiver = new SessionKeyedRtp(false, 0x5501a0b2);
        packet = new PacketView().wrap(buf, 0, protectedPacket.length);
        assertThat(receiver.reverseTransformPacket(packet, false)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(Arrays.copyOf(buf, packet.getLength())).isEqualTo(plain);

        byte[] forged = protectedPacket.clone();
        forged[20] ^= 1;
        assertThat(new SessionKeyedRtp(false, 0x5501a0b2).reverseTransformPacket(new PacketView().wrap(forged, 0, forged.length), false))
                .isEqualTo(SrtpErrorStatus.AUTH_FAIL);
    }

    /** RFC 7714 §17.1: an encrypted SRTCP sender report under AEAD_AES_128_GCM, SRTCP index 0x5d4. */
    @Test
    void rfc7714Section17RtcpUnderAes128Gcm() throws Exception {
        byte[] plain = RTCP_PLAIN.clone();
        byte[] protectedPacket = RTCP_PROTECTED.clone();

        SrtcpCryptoContext receiver = new SessionKeyedRtcp(0x4d617273);
        byte[] buf = protectedPacket.clone();
        ByteArrayBuffer packet = new PacketView().wrap(buf, 0, buf.length);
        assertThat(receiver.reverseTransformPacket(packet)).isEqualTo(SrtpErrorStatus.OK);
        assertThat(Arrays.copyOf(buf, packet.getLength())).isEqualTo(plain);
    }

    /** RFC 3711 Appendix B.3's session key and salt from Parley's own key derivation ({@link GcmSrtp#derive}). */
    @Test
    void rfc3711AppendixB3KeyDerivationInParleysGcm() {
        byte[] masterKey = bytes("E1F97A0D3E018BE0D64FA32C06DE4139");
        byte[] masterSalt = bytes("0EC675AD498AFEEBB6960B3AABE6");
        assertThat(GcmSrtp.derive(masterKey, masterSalt, (byte) 0, 16)).isEqualTo(bytes("C61E7A93744F39EE10734AFE3FF7A087"));
        assertThat(GcmSrtp.derive(masterKey, masterSalt, (byte) 2, 14)).isEqualTo(bytes("30CBBC08863D8C85D49DB34A9AE1"));
        assertThat(GcmSrtp.derive(masterKey, masterSalt, (byte) 1, 20)).isEqualTo(bytes("CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4"));
    }

    /** RFC 7714 §16.1 through Parley's own AES-GCM SRTP on OpenSSL: the same packet both ways, and a forgery refused. */
    @Test
    void rfc7714Section16RtpInParleysGcm() {
        byte[] plain = RTP_PLAIN.clone();
        byte[] protectedPacket = RTP_PROTECTED.clone();
        byte[] buf = Arrays.copyOf(plain, 128);
        try (GcmSrtp sender = new GcmSrtp(GCM_KEY, GCM_SALT, GCM_KEY, GCM_SALT, true)) {
            assertThat(sender.protectRtp(buf, 0, plain.length)).isEqualTo(protectedPacket.length);
        }
        assertThat(Arrays.copyOf(buf, protectedPacket.length)).isEqualTo(protectedPacket);
        try (GcmSrtp receiver = new GcmSrtp(GCM_KEY, GCM_SALT, GCM_KEY, GCM_SALT, false)) {
            byte[] forged = protectedPacket.clone();
            forged[20] ^= 1;
            assertThat(receiver.unprotectRtp(forged, 0, forged.length)).isEqualTo(SrtpResult.AUTH_FAILED);
            assertThat(receiver.unprotectRtp(buf, 0, protectedPacket.length)).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
        }
    }

    /** RFC 7714 §17.1 through Parley's own AES-GCM SRTCP on OpenSSL. */
    @Test
    void rfc7714Section17RtcpInParleysGcm() {
        byte[] plain = RTCP_PLAIN.clone();
        byte[] protectedPacket = RTCP_PROTECTED.clone();
        try (GcmSrtp receiver = new GcmSrtp(GCM_KEY, GCM_SALT, GCM_KEY, GCM_SALT, false)) {
            byte[] buf = protectedPacket.clone();
            assertThat(receiver.unprotectRtcp(buf, 0, buf.length)).isEqualTo(plain.length);
            assertThat(Arrays.copyOf(buf, plain.length)).isEqualTo(plain);
            assertThat(receiver.unprotectRtcp(protectedPacket.clone(), 0, protectedPacket.length)).isEqualTo(SrtpResult.REPLAYED);
        }
    }

    /** RFC 3711 Appendix A's index estimate: the previous, same or next rollover counter by distance from the highest. */
    @Test
    void packetIndexEstimate() {
        assertThat(GcmSrtp.estimate(0x1_0005L, 3)).isEqualTo(0x1_0003L);
        assertThat(GcmSrtp.estimate(0x1_0005L, 0xFFF0)).as("late, from before the rollover").isEqualTo(0x0_FFF0L);
        assertThat(GcmSrtp.estimate(0x1_FFF0L, 0x0002)).as("just after the next rollover").isEqualTo(0x2_0002L);
        assertThat(GcmSrtp.estimate(0x1_9000L, 0x1000)).as("within half the space behind").isEqualTo(0x1_1000L);
        assertThat(GcmSrtp.estimate(0x0_0005L, 0xFFF0)).as("before the stream's first rollover counter").isNegative();
    }

    /** RFC 7714 §16.1's RTP packet (SSRC 0x5501a0b2, ROC 0, SEQ 0xf17b) and its protected form. */
    private static final byte[] RTP_PLAIN = bytes("""
                8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973
                20646976 69736120 696e2070 61727465 73207472 6573""");
    private static final byte[] RTP_PROTECTED = bytes("""
                8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca
                be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833899d 7f27beb1
                6a9152cf 765ee439 0cce""");
    /** RFC 7714 §17.1's sender report and its encrypted form (SRTCP index 0x5d4). */
    private static final byte[] RTCP_PLAIN = bytes("""
                81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61
                deadbeef deadbeef deadbeef deadbeef deadbeef""");
    private static final byte[] RTCP_PROTECTED = bytes("""
                81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d
                c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458 96cf4d2f c5abf872
                45d9eade 800005d4""");

    private static final byte[] GCM_KEY = bytes("000102030405060708090a0b0c0d0e0f");
    private static final byte[] GCM_SALT = bytes("517569642070726f2071756f");

    /**
     * jitsi-srtp derives session keys from master keys; RFC 7714's vectors give session keys, so these
     * contexts are built as usual and then given the vector's key and salt.
     */
    private static final class SessionKeyedRtp extends SrtpCryptoContext {
        SessionKeyedRtp(boolean sender, int ssrc) throws Exception {
            super(sender, ssrc, 0, new byte[16], new byte[12], SrtpProfile.AEAD_AES_128_GCM.policy(), SrtpSender.LOGGER);
            System.arraycopy(GCM_SALT, 0, saltKey, 0, GCM_SALT.length);
            cipher.init(GCM_KEY, saltKey);
            cipherAuthOnly.init(GCM_KEY, saltKey);
        }
    }

    private static final class SessionKeyedRtcp extends SrtcpCryptoContext {
        SessionKeyedRtcp(int ssrc) throws Exception {
            super(ssrc, new byte[16], new byte[12], SrtpProfile.AEAD_AES_128_GCM.policy(), SrtpSender.LOGGER);
            System.arraycopy(GCM_SALT, 0, saltKey, 0, GCM_SALT.length);
            cipher.init(GCM_KEY, saltKey);
        }
    }
}
