package dev.parley.media.ice;

import java.net.InetSocketAddress;

/**
 * One of the SFU's host candidates (RFC 8445 §5.1.1.1): the media port at one announced address, UDP,
 * component 1 (BUNDLE and rtcp-mux only).
 *
 * @param foundation same for candidates of one type and base (§5.1.1.3); here one per address
 * @param priority   §5.1.2.1: 2^24 × type preference (126 for host) + 2^8 × local preference + (256 − component)
 * @param address    the announced address and the media port
 */
public record IceCandidate(String foundation, long priority, InetSocketAddress address) {

    private static final int HOST_TYPE_PREFERENCE = 126;
    private static final int COMPONENT_RTP = 1;

    /** The {@code index}-th announced address's candidate: earlier addresses are preferred. */
    public static IceCandidate host(int index, InetSocketAddress address) {
        int localPreference = 65535 - index;
        long priority = ((long) HOST_TYPE_PREFERENCE << 24) + ((long) localPreference << 8) + (256 - COMPONENT_RTP);
        return new IceCandidate(Integer.toString(index + 1), priority, address);
    }

    /**
     * The SDP attribute value (RFC 8839 §5.1), without the {@code a=} prefix, e.g.
     * {@code candidate:1 1 udp 2130706431 198.18.0.1 40000 typ host}.
     */
    public String sdpAttribute() {
        return "candidate:" + foundation + " " + COMPONENT_RTP + " udp " + priority + " "
                + address.getAddress().getHostAddress() + " " + address.getPort() + " typ host";
    }
}
