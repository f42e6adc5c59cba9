package dev.parley.media.srtp;

import io.netty.util.collection.IntObjectHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;

import java.security.GeneralSecurityException;

/**
 * Verifies and decrypts a transport's incoming SRTP and SRTCP in place (RFC 3711 §3.3, §3.4; RFC 7714),
 * with replay protection (RFC 3711 §3.3.2, a 64-packet window), one crypto context per SSRC: AEAD_AES_128_GCM through
 * {@link GcmSrtp} when the {@link SrtpLibrary} says so, everything else through jitsi-srtp.
 *
 * <p>A context is created for an SSRC's first packet and kept only if that packet authenticates, so
 * forged packets with made-up SSRCs cost a key derivation each but fill no table; at most
 * {@code maxStreams} SSRCs are kept for RTP and as many for RTCP.
 *
 * <p>Buffer ownership: each call works on the caller's buffer and keeps no reference to it after
 * returning; on success the plaintext is in {@code buf[off, off+result)}, on failure the bytes are
 * unspecified. Threading: confined to the transport's event loop.
 */
public final class SrtpReceiver implements AutoCloseable {

    /** jitsi-srtp's, when {@link #gcm} is not used. */
    private final SrtpContextFactory factory;
    private final IntObjectHashMap<SrtpCryptoContext> rtpContexts = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> rtcpContexts = new IntObjectHashMap<>();
    /** Parley's own AES-GCM SRTP, when it is used. */
    private final GcmSrtp gcm;
    private final int maxStreams;
    private final PacketView view = new PacketView();

    /** As {@link #SrtpReceiver(SrtpKeys, int, SrtpLibrary)} with {@link SrtpLibrary#AUTO}. */
    public SrtpReceiver(SrtpKeys keys, int maxStreams) {
        this(keys, maxStreams, SrtpLibrary.AUTO);
    }

    /** Unprotects with {@code keys}' remote key and salt. */
    public SrtpReceiver(SrtpKeys keys, int maxStreams, SrtpLibrary library) {
        SrtpProfile profile = keys.profile();
        if (library.ownGcm(profile)) {
            this.gcm = new GcmSrtp(keys.remoteKey(), keys.remoteSalt(), false);
            this.factory = null;
        } else {
            SrtpCiphers.implementation();
            this.gcm = null;
            this.factory = new SrtpContextFactory(false, keys.remoteKey(), keys.remoteSalt(), profile.policy(), profile.policy(), SrtpSender.LOGGER);
        }
        this.maxStreams = maxStreams;
    }

    /** Returns the RTP packet's plaintext length, or an {@link SrtpResult} code. */
    public int unprotectRtp(byte[] buf, int off, int len) {
        if (len < 12) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = SrtpSender.readInt(buf, off + 8);
        if (gcm != null) {
            return throughGcm(ssrc, true, buf, off, len);
        }
        SrtpCryptoContext context = rtpContexts.get(ssrc);
        boolean fresh = context == null;
        try {
            if (fresh) {
                if (rtpContexts.size() >= maxStreams) {
                    return SrtpResult.TOO_MANY_STREAMS;
                }
                context = factory.deriveContext(ssrc, 0);
            }
            int result = finish(context.reverseTransformPacket(view.wrap(buf, off, len), false));
            if (fresh && result >= 0) {
                rtpContexts.put(ssrc, context);
            }
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.release();
            return SrtpResult.FAILED;
        }
    }

    /** Returns the RTCP compound packet's plaintext length (index and tag removed), or a code. */
    public int unprotectRtcp(byte[] buf, int off, int len) {
        if (len < 8) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = SrtpSender.readInt(buf, off + 4);
        if (gcm != null) {
            return throughGcm(ssrc, false, buf, off, len);
        }
        SrtcpCryptoContext context = rtcpContexts.get(ssrc);
        boolean fresh = context == null;
        try {
            if (fresh) {
                if (rtcpContexts.size() >= maxStreams) {
                    return SrtpResult.TOO_MANY_STREAMS;
                }
                context = factory.deriveControlContext(ssrc);
            }
            int result = finish(context.reverseTransformPacket(view.wrap(buf, off, len)));
            if (fresh && result >= 0) {
                rtcpContexts.put(ssrc, context);
            }
            return result;
        } catch (GeneralSecurityException | RuntimeException e) {
            view.release();
            return SrtpResult.FAILED;
        }
    }

    /** {@link #gcm} keeps the stream of an SSRC whose first packet authenticated; a new one only while there is room. */
    private int throughGcm(int ssrc, boolean rtp, byte[] buf, int off, int len) {
        if (!gcm.hasStream(ssrc, rtp) && gcm.streams(rtp) >= maxStreams) {
            return SrtpResult.TOO_MANY_STREAMS;
        }
        return rtp ? gcm.unprotectRtp(buf, off, len) : gcm.unprotectRtcp(buf, off, len);
    }

    @Override
    public void close() {
        if (gcm != null) {
            gcm.close();
            return;
        }
        rtpContexts.clear();
        rtcpContexts.clear();
        factory.close();
    }

    private int finish(SrtpErrorStatus status) {
        int length = view.getLength();
        view.release();
        return switch (status) {
            case OK -> length;
            case AUTH_FAIL -> SrtpResult.AUTH_FAILED;
            case REPLAY_FAIL, REPLAY_OLD -> SrtpResult.REPLAYED;
            case INVALID_PACKET -> SrtpResult.MALFORMED;
            case FAIL -> SrtpResult.FAILED;
        };
    }
}
