package dev.parley.common.net;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Tells public internet addresses from the ones a server must not be talked into calling on a client's behalf
 * (server-side request forgery): loopback, unspecified, private (RFC 1918, RFC 4193), shared (RFC 6598),
 * link-local, multicast, benchmarking (RFC 2544), documentation and other special-purpose blocks of the IANA
 * registries (RFC 6890), and IPv6 forms that embed such an IPv4 address (mapped, NAT64, 6to4). Stateless.
 */
public final class PublicAddresses {

    private PublicAddresses() {
    }

    public static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress() || address.isLoopbackAddress() || address.isLinkLocalAddress()
                || address.isSiteLocalAddress() || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            return isPublicV4(b);
        }
        if (address instanceof Inet6Address) {
            return isPublicV6(b);
        }
        return false;
    }

    private static boolean isPublicV4(byte[] b) {
        int a0 = b[0] & 0xff;
        int a1 = b[1] & 0xff;
        int a2 = b[2] & 0xff;
        return !(a0 == 0 // "this network"
                || a0 == 10 || a0 == 127
                || (a0 == 100 && a1 >= 64 && a1 <= 127) // shared address space, RFC 6598
                || (a0 == 169 && a1 == 254)
                || (a0 == 172 && a1 >= 16 && a1 <= 31)
                || (a0 == 192 && a1 == 168)
                || (a0 == 192 && a1 == 0 && a2 == 0) // IETF protocol assignments
                || (a0 == 192 && a1 == 0 && a2 == 2) // TEST-NET-1
                || (a0 == 192 && a1 == 88 && a2 == 99) // 6to4 relay anycast
                || (a0 == 198 && (a1 == 18 || a1 == 19)) // benchmarking, RFC 2544
                || (a0 == 198 && a1 == 51 && a2 == 100) // TEST-NET-2
                || (a0 == 203 && a1 == 0 && a2 == 113) // TEST-NET-3
                || a0 >= 224); // multicast, reserved, broadcast
    }

    private static boolean isPublicV6(byte[] b) {
        int first = b[0] & 0xff;
        if ((first & 0xfe) == 0xfc || first == 0xff) { // unique local fc00::/7, multicast
            return false;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0x80) { // link-local fe80::/10
            return false;
        }
        if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // deprecated site-local fec0::/10
            return false;
        }
        if (prefix(b, 0x20, 0x01, 0x0d, 0xb8)) { // documentation 2001:db8::/32
            return false;
        }
        if (allZero(b, 0, 10) && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff) { // IPv4-mapped
            return isPublicV4(slice(b, 12));
        }
        if (allZero(b, 0, 12)) { // IPv4-compatible (deprecated) and ::, ::1
            return false;
        }
        if (prefix(b, 0x00, 0x64, 0xff, 0x9b) && allZero(b, 4, 12)) { // NAT64 64:ff9b::/96
            return isPublicV4(slice(b, 12));
        }
        if (prefix(b, 0x20, 0x02)) { // 6to4 2002::/16 embeds an IPv4 address
            return isPublicV4(slice(b, 2));
        }
        return true;
    }

    /** Whether {@code host} is an IP address literal (no name lookup), and which. */
    public static InetAddress literal(String host) {
        String bare = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (!bare.matches("[0-9.]+") && !bare.contains(":")) {
            return null;
        }
        try {
            return InetAddress.getByName(bare); // a literal: no lookup
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean prefix(byte[] b, int... bytes) {
        for (int i = 0; i < bytes.length; i++) {
            if ((b[i] & 0xff) != bytes[i]) {
                return false;
            }
        }
        return true;
    }

    private static boolean allZero(byte[] b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (b[i] != 0) {
                return false;
            }
        }
        return true;
    }

    private static byte[] slice(byte[] b, int from) {
        return new byte[] {b[from], b[from + 1], b[from + 2], b[from + 3]};
    }
}
