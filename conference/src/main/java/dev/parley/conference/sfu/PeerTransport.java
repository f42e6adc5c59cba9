package dev.parley.conference.sfu;

import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.media.CloseReason;

/**
 * One peer connection's secure transport as the bridge uses it (ICE-lite, DTLS-SRTP, BUNDLE, rtcp-mux): a
 * {@link dev.parley.media.MediaTransport} in production ({@link MediaServerTransports}), an in-memory link in tests.
 *
 * <p>Threading: {@link #local}, {@link #restartIce}, {@link #setRemote} and {@link #close} may be called from any
 * thread; {@link #sendRtp}, {@link #sendRtcp}, {@link #sendApplicationData} and {@link #forgetOutboundSsrc} only on the
 * media loop, where every
 * {@link Events} call comes too.
 */
interface PeerTransport {

    /** Parley's credentials, fingerprint and candidates for the SDP; the latest after a restart. */
    LocalTransport local();

    /** New ICE credentials (RFC 8445 §9); DTLS and SRTP carry on. Returns what to announce. */
    LocalTransport restartIce();

    /** The peer's ufrag and fingerprint from its SDP; a transport that cannot use them closes. */
    void setRemote(RemoteTransport remote);

    /** Protects and sends one RTP packet; {@code buf} has room for the SRTP tag after it and is lent for the call. */
    boolean sendRtp(byte[] buf, int off, int len);

    /** Protects and sends one RTCP packet, as {@link #sendRtp}. */
    boolean sendRtcp(byte[] buf, int off, int len);

    /** Sends one SCTP packet of the data channels as DTLS application data (RFC 8261); the buffer is lent. */
    boolean sendApplicationData(byte[] buf, int off, int len);

    /** Forgets the SRTP state of an SSRC Parley no longer sends. */
    void forgetOutboundSsrc(int ssrc);

    /** Closes the transport; {@link Events#closed} follows with {@link CloseReason#CLOSED} unless it had closed. */
    void close();

    /** What a transport tells the bridge, on the media loop. */
    interface Events {

        /** ICE, DTLS and SRTP are up: media can flow. */
        void connected();

        /** One decrypted RTP packet, lent for the call. */
        void rtp(byte[] buf, int off, int len);

        /** One decrypted RTCP compound packet, lent for the call. */
        void rtcp(byte[] buf, int off, int len);

        /** DTLS application data: one SCTP packet of the peer's data channels (the array is the callee's). */
        void applicationData(byte[] data);

        /** The transport closed, once. */
        void closed(CloseReason reason);
    }
}
