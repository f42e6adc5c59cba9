package dev.parley.media.udp;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The addresses the SFU's ICE candidates carry (RFC 8445 §5.1.1.1): the configured ones (a server
 * behind 1:1 NAT names its public address), else the address the port is bound to, else, for a
 * wildcard bind, every address of this machine's up interfaces that a peer could reach (not loopback,
 * not link-local; IPv6 ones only for an IPv6 wildcard).
 */
public final class AnnouncedAddresses {

    private AnnouncedAddresses() {
    }

    /**
     * @throws IllegalArgumentException when a configured address does not resolve
     */
    public static List<InetAddress> resolve(List<String> configured, InetAddress bound) {
        List<InetAddress> addresses = new ArrayList<>();
        if (!configured.isEmpty()) {
            for (String name : configured) {
                try {
                    addresses.add(InetAddress.getByName(name.trim()));
                } catch (UnknownHostException e) {
                    throw new IllegalArgumentException("parley.media.announced-addresses: cannot resolve " + name, e);
                }
            }
            return List.copyOf(addresses);
        }
        if (!bound.isAnyLocalAddress()) {
            return List.of(bound);
        }
        boolean withIpv6 = bound instanceof Inet6Address;
        try {
            for (NetworkInterface nic : Collections.list(NetworkInterface.getNetworkInterfaces())) {
                if (!nic.isUp() || nic.isLoopback()) {
                    continue;
                }
                for (InetAddress address : Collections.list(nic.getInetAddresses())) {
                    boolean family = address instanceof Inet4Address || withIpv6;
                    if (family && !address.isLinkLocalAddress() && !address.isLoopbackAddress()) {
                        addresses.add(withoutScope(address));
                    }
                }
            }
        } catch (SocketException | UnknownHostException e) {
            throw new IllegalStateException("cannot list the network interfaces", e);
        }
        addresses.sort((a, b) -> Boolean.compare(a instanceof Inet6Address, b instanceof Inet6Address));
        return addresses.isEmpty() ? List.of(InetAddress.getLoopbackAddress()) : List.copyOf(addresses);
    }

    /** Interface addresses carry a scope ("%eth0") that has no place in a candidate. */
    private static InetAddress withoutScope(InetAddress address) throws UnknownHostException {
        return InetAddress.getByAddress(address.getAddress());
    }
}
