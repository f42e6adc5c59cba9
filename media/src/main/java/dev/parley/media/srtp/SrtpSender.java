package dev.parley.media.srtp;

import io.netty.util.collection.IntObjectHashMap;
import org.jitsi.srtp.SrtcpCryptoContext;
import org.jitsi.srtp.SrtpContextFactory;
import org.jitsi.srtp.SrtpCryptoContext;
import org.jitsi.srtp.SrtpErrorStatus;
import org.jitsi.utils.logging2.Logger;
import org.jitsi.utils.logging2.LoggerImpl;

import java.security.GeneralSecurityException;
import java.util.logging.Level;

/**
 * Protects a transport's outgoing RTP and RTCP in place (RFC 3711 §3.3, §3.4; RFC 7714 §7–§9), one
 * crypto context per sending SSRC, created on the SSRC's first packet with rollover counter 0.
 *
 * <p>Buffer ownership: each call works on the caller's buffer and keeps no reference to it after
 * returning. The buffer needs {@link SrtpProfile#MAX_OVERHEAD} bytes of room after the packet for
 * the trailer; without it the packet is refused as {@link SrtpResult#MALFORMED}.
 *
 * <p>AEAD_AES_128_GCM goes through {@link GcmSrtp} (OpenSSL, nothing allocated per packet) when the {@link SrtpLibrary}
 * says so, everything else through jitsi-srtp.
 *
 * <p>Threading: confined to the transport's event loop. jitsi-srtp's contexts synchronize on
 * themselves; on one thread those locks are never contended.
 */
public final class SrtpSender implements AutoCloseable {

    static final Logger LOGGER = new LoggerImpl("dev.parley.media.srtp", Level.WARNING);

    private final SrtpProfile profile;
    /** jitsi-srtp's, when {@link #gcm} is not used. */
    private final SrtpContextFactory factory;
    private final IntObjectHashMap<SrtpCryptoContext> rtpContexts = new IntObjectHashMap<>();
    private final IntObjectHashMap<SrtcpCryptoContext> rtcpContexts = new IntObjectHashMap<>();
    /** Parley's own AES-GCM SRTP, when it is used. */
    private final GcmSrtp gcm;
    private final int maxStreams;
    private final PacketView view = new PacketView();

    /** As {@link #SrtpSender(SrtpKeys, int, SrtpLibrary)} with {@link SrtpLibrary#AUTO}. */
    public SrtpSender(SrtpKeys keys, int maxStreams) {
        this(keys, maxStreams, SrtpLibrary.AUTO);
    }

    /** Protects with {@code keys}' local key and salt; at most {@code maxStreams} SSRCs each for RTP and RTCP. */
    public SrtpSender(SrtpKeys keys, int maxStreams, SrtpLibrary library) {
        this.profile = keys.profile();
        if (library.ownGcm(profile)) {
            this.gcm = new GcmSrtp(keys.localKey(), keys.localSalt(), true);
            this.factory = null;
        } else {
            SrtpCiphers.implementation();
            this.gcm = null;
            this.factory = new SrtpContextFactory(true, keys.localKey(), keys.localSalt(), profile.policy(), profile.policy(), LOGGER);
        }
        this.maxStreams = maxStreams;
    }

    /** Encrypts and tags the RTP packet in {@code buf[off, off+len)}; returns its new length or an {@link SrtpResult} code. */
    public int protectRtp(byte[] buf, int off, int len) {
        if (len < 12 || off + len + profile.rtpOverhead() > buf.length) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = readInt(buf, off + 8);
        if (gcm != null) {
            return admits(ssrc, true) ? gcm.protectRtp(buf, off, len) : SrtpResult.TOO_MANY_STREAMS;
        }
        SrtpCryptoContext context = rtpContexts.get(ssrc);
        try {
            if (context == null) {
                if (rtpContexts.size() >= maxStreams) {
                    return SrtpResult.TOO_MANY_STREAMS;
                }
                context = factory.deriveContext(ssrc, 0);
                rtpContexts.put(ssrc, context);
            }
            return finish(context.transformPacket(view.wrap(buf, off, len)));
        } catch (GeneralSecurityException | RuntimeException e) {
            view.release();
            return SrtpResult.FAILED;
        }
    }

    /** Encrypts and tags the RTCP compound packet in {@code buf[off, off+len)}, adding the SRTCP index; returns its new length or a code. */
    public int protectRtcp(byte[] buf, int off, int len) {
        if (len < 8 || off + len + profile.rtcpOverhead() > buf.length) {
            return SrtpResult.MALFORMED;
        }
        int ssrc = readInt(buf, off + 4);
        if (gcm != null) {
            return admits(ssrc, false) ? gcm.protectRtcp(buf, off, len) : SrtpResult.TOO_MANY_STREAMS;
        }
        SrtcpCryptoContext context = rtcpContexts.get(ssrc);
        try {
            if (context == null) {
                if (rtcpContexts.size() >= maxStreams) {
                    return SrtpResult.TOO_MANY_STREAMS;
                }
                context = factory.deriveControlContext(ssrc);
                rtcpContexts.put(ssrc, context);
            }
            return finish(context.transformPacket(view.wrap(buf, off, len)));
        } catch (GeneralSecurityException | RuntimeException e) {
            view.release();
            return SrtpResult.FAILED;
        }
    }

    /**
     * Drops the contexts of {@code ssrc}, a stream the forwarding pipeline retired, so that a long meeting's
     * turnover of streams does not reach the bound; a later packet of that SSRC starts a fresh context.
     */
    public void forget(int ssrc) {
        if (gcm != null) {
            gcm.forget(ssrc);
            return;
        }
        rtpContexts.remove(ssrc);
        rtcpContexts.remove(ssrc);
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

    /** Whether {@link #gcm} may protect for {@code ssrc}: it has a stream of that kind, or there is room for one. */
    private boolean admits(int ssrc, boolean rtp) {
        return gcm.hasStream(ssrc, rtp) || gcm.streams(rtp) < maxStreams;
    }

    private int finish(SrtpErrorStatus status) {
        int length = view.getLength();
        view.release();
        return status == SrtpErrorStatus.OK ? length : SrtpResult.FAILED;
    }

    static int readInt(byte[] b, int at) {
        return ((b[at] & 0xFF) << 24) | ((b[at + 1] & 0xFF) << 16) | ((b[at + 2] & 0xFF) << 8) | (b[at + 3] & 0xFF);
    }
}
