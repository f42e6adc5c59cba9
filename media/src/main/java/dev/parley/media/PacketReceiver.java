package dev.parley.media;

/**
 * Takes a transport's decrypted incoming media: the hook the forwarding pipeline plugs in. Called on the
 * media event loop for each packet, in arrival order; it must not block.
 *
 * <p>Buffer ownership: {@code buf} is lent for the call only. The event loop reuses it for the next
 * datagram, so the receiver copies whatever it keeps; during the call it may read and change the bytes
 * in place (e.g. rewrite SSRC and sequence number before copying them out).
 */
public interface PacketReceiver {

    /** One RTP packet, SRTP removed, in {@code buf[off, off+len)}. */
    void onRtp(MediaTransport transport, byte[] buf, int off, int len);

    /** One RTCP compound packet, SRTCP removed, in {@code buf[off, off+len)}. */
    void onRtcp(MediaTransport transport, byte[] buf, int off, int len);

    /**
     * DTLS application data from the peer: SCTP packets of its data channels (RFC 8261); the array is the receiver's.
     * Returns false when nobody takes it (the transport counts it dropped), as by default.
     */
    default boolean onApplicationData(MediaTransport transport, byte[] data) {
        return false;
    }
}
