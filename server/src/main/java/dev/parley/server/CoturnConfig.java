package dev.parley.server;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A coturn ({@code turnserver} 4.6) configuration file that matches Parley's TURN settings: the TURN REST API
 * shared secret ({@code use-auth-secret}, {@code static-auth-secret}) Parley signs credentials with, the listening
 * ports named by {@code parley.turn.urls}, and a relay that cannot reach private, loopback or reserved addresses
 * (RFC 8656 §21.3 leaves that policy to the operator; coturn relays anywhere unless told). docs/turn.md explains
 * each line.
 *
 * @param urls         {@code parley.turn.urls}
 * @param secret       the shared secret (see {@link TurnSecret})
 * @param realm        the realm coturn announces (RFC 8489 §9.2); the credential does not depend on it
 * @param listeningIps addresses coturn listens on; empty: all
 * @param externalIp   {@code public[/private]} when coturn sits behind a NAT, or null
 * @param relayPorts   the UDP relay port range, {@code MIN-MAX}
 * @param certificate  PEM certificate chain for {@code turns:}, or null
 * @param privateKey   its PEM private key, or null
 * @param allowedPeers peer addresses the relay may reach in spite of the denied ranges (Parley's SFU on a private
 *                     address), single addresses or {@code first-last} ranges
 * @param logFile      where coturn logs, or null for syslog
 * @param pidFile      coturn's pid file, or null for its default
 */
record CoturnConfig(List<String> urls, String secret, String realm, List<String> listeningIps, String externalIp,
                    String relayPorts, String certificate, String privateKey, List<String> allowedPeers, String logFile,
                    String pidFile) {

    static final int DEFAULT_PORT = 3478;
    static final int DEFAULT_TLS_PORT = 5349;
    static final String DEFAULT_RELAY_PORTS = "49152-65535";

    /**
     * Private, loopback, link-local, shared (CGNAT), benchmarking, documentation and other special-purpose ranges
     * (RFC 6890 and its IANA registries), as coturn's {@code first-last} ranges. A relay that could reach these
     * would let any user with a credential into the operator's own networks.
     */
    static final List<String> DENIED_PEERS = List.of(
            "0.0.0.0-0.255.255.255", "10.0.0.0-10.255.255.255", "100.64.0.0-100.127.255.255",
            "127.0.0.0-127.255.255.255", "169.254.0.0-169.254.255.255", "172.16.0.0-172.31.255.255",
            "192.0.0.0-192.0.0.255", "192.0.2.0-192.0.2.255", "192.88.99.0-192.88.99.255",
            "192.168.0.0-192.168.255.255", "198.18.0.0-198.19.255.255", "198.51.100.0-198.51.100.255",
            "203.0.113.0-203.0.113.255", "240.0.0.0-255.255.255.255",
            "::1", "64:ff9b::-64:ff9b::ffff:ffff", "::ffff:0.0.0.0-::ffff:255.255.255.255",
            "100::-100::ffff:ffff:ffff:ffff", "2001::-2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff",
            "2002::-2002:ffff:ffff:ffff:ffff:ffff:ffff:ffff", "fc00::-fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
            "fe80::-febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff");

    private static final Pattern RELAY_PORTS = Pattern.compile("(\\d{1,5})-(\\d{1,5})");
    private static final Pattern PEER = Pattern.compile("[0-9A-Fa-f:.]{2,45}(-[0-9A-Fa-f:.]{2,45})?");
    private static final Pattern VALUE = Pattern.compile("[^\\s#\"']{1,1024}");

    CoturnConfig {
        urls = List.copyOf(urls);
        listeningIps = List.copyOf(listeningIps);
        allowedPeers = List.copyOf(allowedPeers);
        Matcher range = RELAY_PORTS.matcher(relayPorts);
        if (!range.matches() || Integer.parseInt(range.group(1)) < 1024 || Integer.parseInt(range.group(2)) > 65535
                || Integer.parseInt(range.group(1)) > Integer.parseInt(range.group(2))) {
            throw new IllegalArgumentException("--relay-ports must be MIN-MAX within 1024-65535: " + relayPorts);
        }
        for (String peer : allowedPeers) {
            if (!PEER.matcher(peer).matches()) {
                throw new IllegalArgumentException("--allow-peer takes an IP address or FIRST-LAST range: " + peer);
            }
        }
        for (String value : new String[] {realm, externalIp, certificate, privateKey, logFile, pidFile}) {
            if (value != null && !VALUE.matcher(value).matches()) {
                throw new IllegalArgumentException("\"" + value + "\" cannot go in coturn's configuration file "
                        + "(no spaces, quotes or '#')");
            }
        }
        for (String ip : listeningIps) {
            if (!VALUE.matcher(ip).matches()) {
                throw new IllegalArgumentException("--listening-ip: not an address: " + ip);
            }
        }
        if (!tlsPorts(urls).isEmpty() && (certificate == null || privateKey == null)) {
            throw new IllegalArgumentException("parley.turn.urls has turns: URLs: give --cert and --key (the PEM "
                    + "certificate chain and private key coturn serves TLS with)");
        }
    }

    /** The configuration file's text. */
    String render() {
        List<String> lines = new ArrayList<>();
        lines.add("# coturn configuration for Parley, made by `parley turn config` (docs/turn.md).");
        lines.add("# Parley signs TURN credentials with the secret below; keep this file readable by coturn only.");
        lines.add("");
        lines.add("# Ports: from parley.turn.urls.");
        lines.add("listening-port=" + plainPort());
        List<Integer> tls = tlsPorts(urls);
        if (tls.isEmpty()) {
            lines.add("# No turns: URL is configured, so no TLS or DTLS listener.");
            lines.add("no-tls");
            lines.add("no-dtls");
        } else {
            lines.add("tls-listening-port=" + tls.getFirst());
            lines.add("cert=" + certificate);
            lines.add("pkey=" + privateKey);
            lines.add("no-tlsv1");
            lines.add("no-tlsv1_1");
        }
        for (String ip : listeningIps) {
            lines.add("listening-ip=" + ip);
        }
        if (externalIp != null) {
            lines.add("# The public address clients reach (and the private one coturn binds, behind a NAT).");
            lines.add("external-ip=" + externalIp);
        }
        String[] ports = relayPorts.split("-");
        lines.add("# UDP ports of relayed transport addresses; open them in the firewall.");
        lines.add("min-port=" + ports[0]);
        lines.add("max-port=" + ports[1]);
        lines.add("");
        lines.add("# Time-limited credentials (TURN REST API): username \"<expiry>:<user id>\",");
        lines.add("# password base64(HMAC-SHA1(static-auth-secret, username)), issued by GET /ice_servers.");
        lines.add("use-auth-secret");
        lines.add("static-auth-secret=" + secret);
        lines.add("realm=" + realm);
        lines.add("fingerprint");
        lines.add("stale-nonce=600");
        lines.add("");
        lines.add("# The relay must not reach the operator's own networks: private, loopback, link-local and");
        lines.add("# reserved ranges are denied. When Parley's SFU has a private address that clients relay to,");
        lines.add("# allow it alone (allowed-peer-ip wins over denied-peer-ip), e.g. with");
        lines.add("# `parley turn config --allow-peer 10.0.0.5`:");
        for (String peer : allowedPeers) {
            lines.add("allowed-peer-ip=" + peer);
        }
        lines.add("no-multicast-peers");
        for (String range : DENIED_PEERS) {
            lines.add("denied-peer-ip=" + range);
        }
        lines.add("");
        lines.add("# No telnet admin interface, no RFC 5780 NAT discovery (an amplifier), no version in responses.");
        lines.add("no-cli");
        lines.add("no-rfc5780");
        lines.add("no-stun-backward-compatibility");
        lines.add("no-software-attribute");
        if (logFile == null) {
            lines.add("syslog");
        } else {
            lines.add("log-file=" + logFile);
            lines.add("simple-log");
            lines.add("no-stdout-log");
        }
        if (pidFile != null) {
            lines.add("pidfile=" + pidFile);
        }
        return String.join("\n", lines) + "\n";
    }

    /** The port of the plain (UDP/TCP) URLs: coturn listens on one. */
    int plainPort() {
        Set<Integer> ports = new LinkedHashSet<>();
        for (String url : urls) {
            if (url.startsWith("turn:") || url.startsWith("stun:")) {
                ports.add(port(url).orElse(DEFAULT_PORT));
            }
        }
        if (ports.size() > 1) {
            throw new IllegalArgumentException("parley.turn.urls name the plain ports " + ports
                    + "; coturn listens on one (stun: and turn: URLs must share it)");
        }
        return ports.isEmpty() ? DEFAULT_PORT : ports.iterator().next();
    }

    private static List<Integer> tlsPorts(List<String> urls) {
        Set<Integer> ports = new LinkedHashSet<>();
        for (String url : urls) {
            if (url.startsWith("turns:") || url.startsWith("stuns:")) {
                ports.add(port(url).orElse(DEFAULT_TLS_PORT));
            }
        }
        if (ports.size() > 1) {
            throw new IllegalArgumentException("parley.turn.urls name the TLS ports " + ports
                    + "; coturn listens on one (stuns: and turns: URLs must share it)");
        }
        return List.copyOf(ports);
    }

    /** The port of a {@code scheme:host[:port][?transport=...]} URL (RFC 7065 §3.1), if it names one. */
    private static Optional<Integer> port(String url) {
        String authority = url.substring(url.indexOf(':') + 1);
        int query = authority.indexOf('?');
        if (query >= 0) {
            authority = authority.substring(0, query);
        }
        URI parsed = URI.create("//" + authority);
        return parsed.getPort() < 0 ? Optional.empty() : Optional.of(parsed.getPort());
    }

    /** The host of the first relay URL, Parley's usual realm. */
    static Optional<String> firstRelayHost(List<String> urls) {
        return urls.stream().filter(url -> url.startsWith("turn")).findFirst().map(url -> {
            String authority = url.substring(url.indexOf(':') + 1).split("\\?", 2)[0];
            return URI.create("//" + authority).getHost();
        });
    }
}
