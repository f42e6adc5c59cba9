package dev.parley.media.forward;

/**
 * Where the forwarding pipeline sends packets to one endpoint: the transport's side of the boundary, which
 * protects each packet (SRTP/SRTCP) and sends it on the endpoint's UDP path.
 *
 * <p>Called on the room's thread only. The array is lent for the duration of the call: the sink may change the
 * packet's bytes and use the {@link #TRAILER_ROOM} bytes that follow them (to protect in place and append an
 * authentication tag or SRTCP index) but must neither keep the array after returning nor call back into the
 * room. Packets are at most {@link #MAX_PACKET_LENGTH} bytes, so that protected ones still fit a 1500-byte MTU
 * path in practice.
 */
public interface PacketSink {

    /** The longest RTP or RTCP packet the pipeline accepts from a transport or lends to a sink. */
    int MAX_PACKET_LENGTH = 1500;
    /** Free bytes after each lent packet: SRTP's 16-byte tag, or SRTCP's 4-byte index and 16-byte tag. */
    int TRAILER_ROOM = 32;

    /** Sends one RTP packet; the array is lent (see the class comment). */
    void sendRtp(byte[] buf, int off, int len);

    /** Sends one RTCP packet, possibly compound; the array is lent (see the class comment). */
    void sendRtcp(byte[] buf, int off, int len);
}
