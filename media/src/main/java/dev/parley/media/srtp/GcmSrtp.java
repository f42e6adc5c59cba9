package dev.parley.media.srtp;

import io.netty.util.collection.IntObjectHashMap;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.security.GeneralSecurityException;
import java.util.Arrays;

import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;

/**
 * SRTP and SRTCP with AEAD_AES_128_GCM (RFC 7714) on {@link OpenSslGcm}, for one direction of one association: what
 * protecting or unprotecting a packet needs besides the cipher, with nothing allocated per packet (a stream's state is
 * made on its SSRC's first packet).
 *
 * <ul>
 *   <li>Session keys and salts from the master key and salt by RFC 3711 §4.3's AES-CM key derivation (labels 0 and 2
 *       for SRTP, 3 and 5 for SRTCP; the 96-bit salt zero-padded to 112 bits, RFC 7714 §11), once.</li>
 *   <li>RTP (RFC 7714 §8): IV = (0x0000 || SSRC || ROC || SEQ) XOR salt; the header, CSRCs and extension are the
 *       additional data, the payload is encrypted, the 16-byte tag follows it. The packet index (ROC and SEQ) is
 *       estimated as RFC 3711 Appendix A says, on both sides; a receiver refuses an index it saw or one 64 or more
 *       behind its highest (RFC 3711 §3.3.2) and moves its state only for packets that authenticate. A sender may send
 *       an index again (a retransmission without RTX, RFC 4585 §3.2).</li>
 *   <li>RTCP (RFC 7714 §9): IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt; the first 8 bytes and the
 *       E flag with the 31-bit index are the additional data, the rest is encrypted (E = 1; a received E = 0 is
 *       authenticated only), then the tag, then E and the index. A sender counts its index per SSRC from 0.</li>
 * </ul>
 *
 * <p>Results are a length, or an {@link SrtpResult} code. The caller checks the length bounds and the trailer's room
 * ({@link SrtpSender}, {@link SrtpReceiver}). Not thread-safe: one thread at a time (the transport's event loop).
 */
final class GcmSrtp implements AutoCloseable {

    static final int REPLAY_WINDOW = 64;
    private static final int TAG = OpenSslGcm.TAG_LENGTH;
    private static final int SRTCP_INDEX = 4;
    private static final ValueLayout.OfInt BIG_ENDIAN_INT = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.BIG_ENDIAN);

    private static final byte LABEL_RTP_KEY = 0;
    private static final byte LABEL_RTP_SALT = 2;
    private static final byte LABEL_RTCP_KEY = 3;
    private static final byte LABEL_RTCP_SALT = 5;

    private final OpenSslGcm.Context rtp;
    private final OpenSslGcm.Context rtcp;
    private final byte[] rtpSalt;
    private final byte[] rtcpSalt;
    private final byte[] iv = new byte[OpenSslGcm.IV_LENGTH];
    private final IntObjectHashMap<Window> rtpStreams = new IntObjectHashMap<>();
    private final IntObjectHashMap<Window> rtcpStreams = new IntObjectHashMap<>();

    /** Packets seen of one SSRC: the highest index and which of the 63 before it arrived (bit i: highest - i). */
    private static final class Window {
        long highest;
        long seen;
        /** SRTCP: the next index a sender gives. */
        int nextIndex;

        Window(long first) {
            this.highest = first;
            this.seen = 1;
        }

        boolean replayed(long index) {
            long behind = highest - index;
            return behind >= REPLAY_WINDOW || behind >= 0 && (seen & (1L << behind)) != 0;
        }

        void record(long index) {
            if (index > highest) {
                long ahead = index - highest;
                seen = ahead >= REPLAY_WINDOW ? 1 : seen << ahead | 1;
                highest = index;
            } else {
                seen |= 1L << (highest - index);
            }
        }
    }

    GcmSrtp(byte[] masterKey, byte[] masterSalt, boolean sender) {
        byte[] rtpKey = derive(masterKey, masterSalt, LABEL_RTP_KEY, OpenSslGcm.KEY_LENGTH);
        byte[] rtcpKey = derive(masterKey, masterSalt, LABEL_RTCP_KEY, OpenSslGcm.KEY_LENGTH);
        this.rtpSalt = derive(masterKey, masterSalt, LABEL_RTP_SALT, OpenSslGcm.IV_LENGTH);
        this.rtcpSalt = derive(masterKey, masterSalt, LABEL_RTCP_SALT, OpenSslGcm.IV_LENGTH);
        OpenSslGcm.Context rtpContext = new OpenSslGcm.Context(rtpKey, sender);
        try {
            this.rtcp = new OpenSslGcm.Context(rtcpKey, sender);
        } catch (RuntimeException e) {
            rtpContext.close();
            throw e;
        } finally {
            Arrays.fill(rtpKey, (byte) 0);
            Arrays.fill(rtcpKey, (byte) 0);
        }
        this.rtp = rtpContext;
    }

    /** Session keys as tests give them (RFC 7714 §16-17 list session keys, not master keys). */
    GcmSrtp(byte[] rtpKey, byte[] rtpSalt, byte[] rtcpKey, byte[] rtcpSalt, boolean sender) {
        this.rtpSalt = rtpSalt.clone();
        this.rtcpSalt = rtcpSalt.clone();
        this.rtp = new OpenSslGcm.Context(rtpKey, sender);
        this.rtcp = new OpenSslGcm.Context(rtcpKey, sender);
    }

    /** RFC 3711 §4.3.1 with §4.3.3's AES-CM PRF, key derivation rate 0: AES(master key, (salt XOR label at byte 7) || counter). */
    static byte[] derive(byte[] masterKey, byte[] masterSalt, byte label, int length) {
        byte[] block = new byte[16];
        System.arraycopy(masterSalt, 0, block, 0, Math.min(masterSalt.length, 14));
        block[7] ^= label;
        try {
            Cipher aes = Cipher.getInstance("AES/ECB/NoPadding");
            aes.init(Cipher.ENCRYPT_MODE, new SecretKeySpec(masterKey, "AES"));
            byte[] out = new byte[(length + 15) / 16 * 16];
            for (int counter = 0; counter * 16 < length; counter++) {
                block[14] = (byte) (counter >> 8);
                block[15] = (byte) counter;
                aes.doFinal(block, 0, 16, out, counter * 16);
            }
            return Arrays.copyOf(out, length);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES for the SRTP key derivation", e);
        }
    }

    /** Whether a stream of {@code ssrc} exists for RTP (or for RTCP). */
    boolean hasStream(int ssrc, boolean isRtp) {
        return (isRtp ? rtpStreams : rtcpStreams).containsKey(ssrc);
    }

    int streams(boolean isRtp) {
        return (isRtp ? rtpStreams : rtcpStreams).size();
    }

    void forget(int ssrc) {
        rtpStreams.remove(ssrc);
        rtcpStreams.remove(ssrc);
    }

    /** Encrypts and tags the RTP packet in {@code buf[off, off+len)} (room for the tag after it); returns the new length. */
    int protectRtp(byte[] buf, int off, int len) {
        int header = rtpHeaderLength(buf, off, len);
        if (header < 0) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = readInt(buf, off + 8);
        int seq = readShort(buf, off + 2);
        Window stream = rtpStreams.get(ssrc);
        long index = stream == null ? seq : estimate(stream.highest, seq);
        if (index < 0) {
            return SrtpResult.FAILED; // before the stream's first rollover: nothing to send it as
        }
        record(rtpStreams, ssrc, stream, index);
        rtpIv(ssrc, index);
        int text = len - header;
        load(rtp, buf, off, header, text);
        if (!rtp.seal(header, text)) {
            return SrtpResult.FAILED;
        }
        MemorySegment.copy(rtp.text, ValueLayout.JAVA_BYTE, 0, buf, off + header, text);
        MemorySegment.copy(rtp.tag, ValueLayout.JAVA_BYTE, 0, buf, off + len, TAG);
        return len + TAG;
    }

    /** Verifies and decrypts the SRTP packet in {@code buf[off, off+len)}; returns the plaintext's length. */
    int unprotectRtp(byte[] buf, int off, int len) {
        if (off < 0 || len < 0 || off + len > buf.length) {
            return SrtpResult.MALFORMED;
        }
        int header = rtpHeaderLength(buf, off, len - TAG);
        if (header < 0) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = readInt(buf, off + 8);
        int seq = readShort(buf, off + 2);
        Window stream = rtpStreams.get(ssrc);
        long index = stream == null ? seq : estimate(stream.highest, seq);
        if (index < 0 || stream != null && stream.replayed(index)) {
            return SrtpResult.REPLAYED;
        }
        rtpIv(ssrc, index);
        int text = len - TAG - header;
        load(rtp, buf, off, header, text);
        MemorySegment.copy(buf, off + len - TAG, rtp.tag, ValueLayout.JAVA_BYTE, 0, TAG);
        if (!rtp.open(header, text)) {
            return SrtpResult.AUTH_FAILED;
        }
        MemorySegment.copy(rtp.text, ValueLayout.JAVA_BYTE, 0, buf, off + header, text);
        record(rtpStreams, ssrc, stream, index);
        return len - TAG;
    }

    /** Encrypts and tags the RTCP compound packet in {@code buf[off, off+len)}, adding tag, E flag and index; returns the new length. */
    int protectRtcp(byte[] buf, int off, int len) {
        int ssrc = readInt(buf, off + 4);
        Window stream = rtcpStreams.get(ssrc);
        if (stream == null) {
            stream = new Window(0);
            rtcpStreams.put(ssrc, stream);
        }
        int index = stream.nextIndex;
        stream.nextIndex = (index + 1) & 0x7FFFFFFF;
        int trailer = 0x80000000 | index;
        rtcpIv(ssrc, index);
        int text = len - 8;
        rtcp.ensureCapacity(8 + SRTCP_INDEX, text);
        load(rtcp, buf, off, 8, text);
        rtcp.aad.set(BIG_ENDIAN_INT, 8, trailer);
        if (!rtcp.seal(8 + SRTCP_INDEX, text)) {
            return SrtpResult.FAILED;
        }
        MemorySegment.copy(rtcp.text, ValueLayout.JAVA_BYTE, 0, buf, off + 8, text);
        MemorySegment.copy(rtcp.tag, ValueLayout.JAVA_BYTE, 0, buf, off + len, TAG);
        writeInt(buf, off + len + TAG, trailer);
        return len + TAG + SRTCP_INDEX;
    }

    /** Verifies and decrypts the SRTCP packet in {@code buf[off, off+len)}; returns the RTCP compound's length. */
    int unprotectRtcp(byte[] buf, int off, int len) {
        if (off < 0 || len < 8 + TAG + SRTCP_INDEX || off + len > buf.length) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = readInt(buf, off + 4);
        int trailer = readInt(buf, off + len - SRTCP_INDEX);
        boolean encrypted = trailer < 0;
        int index = trailer & 0x7FFFFFFF;
        Window stream = rtcpStreams.get(ssrc);
        if (stream != null && stream.replayed(index)) {
            return SrtpResult.REPLAYED;
        }
        rtcpIv(ssrc, index);
        int body = len - TAG - SRTCP_INDEX;
        int aad = encrypted ? 8 : body;
        int text = body - aad;
        rtcp.ensureCapacity(aad + SRTCP_INDEX, text);
        load(rtcp, buf, off, aad, text);
        rtcp.aad.set(BIG_ENDIAN_INT, aad, trailer);
        MemorySegment.copy(buf, off + body, rtcp.tag, ValueLayout.JAVA_BYTE, 0, TAG);
        if (!rtcp.open(aad + SRTCP_INDEX, text)) {
            return SrtpResult.AUTH_FAILED;
        }
        MemorySegment.copy(rtcp.text, ValueLayout.JAVA_BYTE, 0, buf, off + aad, text);
        record(rtcpStreams, ssrc, stream, index);
        return body;
    }

    @Override
    public void close() {
        rtpStreams.clear();
        rtcpStreams.clear();
        try {
            rtp.close();
        } finally {
            rtcp.close();
        }
    }

    /** Counts {@code index} as seen in {@code stream}, or makes the SSRC's stream at it. */
    private static void record(IntObjectHashMap<Window> streams, int ssrc, Window stream, long index) {
        if (stream == null) {
            streams.put(ssrc, new Window(index));
        } else {
            stream.record(index);
        }
    }

    /** Copies a packet's additional data {@code buf[off, off+aad)} and text after it into the context's native memory. */
    private static void load(OpenSslGcm.Context context, byte[] buf, int off, int aad, int text) {
        context.ensureCapacity(aad, text);
        MemorySegment.copy(buf, off, context.aad, ValueLayout.JAVA_BYTE, 0, aad);
        MemorySegment.copy(buf, off + aad, context.text, ValueLayout.JAVA_BYTE, 0, text);
    }

    /**
     * RFC 3711 Appendix A: the index of {@code seq} relative to the highest index so far (its ROC and sequence number):
     * the rollover counter of that packet is the highest's, one less (a late packet from before a rollover) or one more
     * (the first ones after it). Negative for a packet before the stream's first rollover counter.
     */
    static long estimate(long highest, int seq) {
        long roc = highest >>> 16;
        int last = (int) (highest & 0xFFFF);
        long v;
        if (last < 32768) {
            v = seq - last > 32768 ? roc - 1 : roc;
        } else {
            v = last - 32768 > seq ? roc + 1 : roc;
        }
        return v < 0 ? -1 : v << 16 | seq;
    }

    /** The RTP header's length with CSRCs and extension, or -1 when it does not fit in {@code len} bytes. */
    private static int rtpHeaderLength(byte[] buf, int off, int len) {
        if (len < 12) {
            return -1;
        }
        int header = 12 + 4 * (buf[off] & 0x0F);
        if ((buf[off] & 0x10) != 0) {
            if (header + 4 > len) {
                return -1;
            }
            header += 4 + 4 * readShort(buf, off + header + 2);
        }
        return header <= len ? header : -1;
    }

    private void rtpIv(int ssrc, long index) {
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        writeInt(iv, 6, (int) (index >>> 16));
        iv[10] = (byte) (index >>> 8);
        iv[11] = (byte) index;
        setIv(rtp, rtpSalt);
    }

    private void rtcpIv(int ssrc, int index) {
        iv[0] = 0;
        iv[1] = 0;
        writeInt(iv, 2, ssrc);
        iv[6] = 0;
        iv[7] = 0;
        writeInt(iv, 8, index & 0x7FFFFFFF);
        setIv(rtcp, rtcpSalt);
    }

    private void setIv(OpenSslGcm.Context context, byte[] salt) {
        for (int i = 0; i < iv.length; i++) {
            iv[i] ^= salt[i];
        }
        MemorySegment.copy(iv, 0, context.iv, ValueLayout.JAVA_BYTE, 0, iv.length);
    }

    static int readShort(byte[] b, int at) {
        return (b[at] & 0xFF) << 8 | b[at + 1] & 0xFF;
    }

    static int readInt(byte[] b, int at) {
        return (b[at] & 0xFF) << 24 | (b[at + 1] & 0xFF) << 16 | (b[at + 2] & 0xFF) << 8 | b[at + 3] & 0xFF;
    }

    private static void writeInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }
}
