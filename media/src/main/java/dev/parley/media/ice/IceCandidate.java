package dev.parley.media.ice;

import java.net.InetSocketAddress;

/**
 * One of the SFU's host candidates (RFC 8445 §5.1.1.1): the media port at one announced address, component 1
 * (BUNDLE and rtcp-mux only), over UDP or, for peers whose network blocks UDP, a passive TCP candidate on the
 * ICE-TCP port (RFC 6544 §4.1: the SFU only accepts connections).
 *
 * @param foundation same for candidates of one type, base and transport (RFC 8445 §5.1.1.3, RFC 6544 §4.3)
 * @param priority   RFC 8445 §5.1.2.1: 2^24 × type preference + 2^8 × local preference + (256 − component)
 * @param transport  UDP, or TCP with {@code tcptype passive}
 * @param address    the announced address and the media port (UDP) or the ICE-TCP port
 */
public record IceCandidate(String foundation, long priority, Transport transport, InetSocketAddress address) {

    /** The protocol a candidate's packets travel over. */
    public enum Transport { UDP, TCP }

    private static final int HOST_TYPE_PREFERENCE = 126;
    /**
     * RFC 6544 §4.2 wants UDP preferred where it works: a TCP pair only wins when no UDP pair succeeds, so TCP
     * host candidates get a type preference below every UDP one a browser pairs them with (host 126, prflx 110).
     */
    private static final int TCP_HOST_TYPE_PREFERENCE = 90;
    /** RFC 6544 §4.2: local preference = 2^13 × direction-pref + other-pref; passive candidates' direction-pref. */
    private static final int PASSIVE_DIRECTION_PREFERENCE = 4;
    private static final int COMPONENT_RTP = 1;

    /** The {@code index}-th announced address's UDP candidate: earlier addresses are preferred. */
    public static IceCandidate host(int index, InetSocketAddress address) {
        int localPreference = 65535 - index;
        return new IceCandidate(Integer.toString(index + 1), priority(HOST_TYPE_PREFERENCE, localPreference), Transport.UDP, address);
    }

    /** The {@code index}-th announced address's passive TCP candidate (RFC 6544 §4.1); below every UDP one. */
    public static IceCandidate passiveTcp(int index, InetSocketAddress address) {
        int localPreference = (PASSIVE_DIRECTION_PREFERENCE << 13) + (8191 - index);
        return new IceCandidate("t" + (index + 1), priority(TCP_HOST_TYPE_PREFERENCE, localPreference), Transport.TCP, address);
    }

    private static long priority(int typePreference, int localPreference) {
        return ((long) typePreference << 24) + ((long) localPreference << 8) + (256 - COMPONENT_RTP);
    }

    /**
     * The SDP attribute value (RFC 8839 §5.1, RFC 6544 §4.5), without the {@code a=} prefix, e.g.
     * {@code candidate:1 1 udp 2130706431 198.18.0.1 40000 typ host} or
     * {@code candidate:t1 1 tcp 1520435199 198.18.0.1 40000 typ host tcptype passive}.
     */
    public String sdpAttribute() {
        String line = "candidate:" + foundation + " " + COMPONENT_RTP + " " + (transport == Transport.TCP ? "tcp" : "udp") + " "
                + priority + " " + address.getAddress().getHostAddress() + " " + address.getPort() + " typ host";
        return transport == Transport.TCP ? line + " tcptype passive" : line;
    }
}
