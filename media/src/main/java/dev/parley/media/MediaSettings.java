package dev.parley.media;

import com.typesafe.config.Config;
import dev.parley.media.srtp.SrtpLibrary;

import java.time.Duration;
import java.util.List;

/** The media plane's knobs, read from {@code parley.media} (reference.conf documents each). */
public record MediaSettings(
        String host,
        int port,
        List<String> announcedAddresses,
        int maxDatagramSize,
        int socketBufferSize,
        int sendQueueLimit,
        Duration consentTimeout,
        Duration connectTimeout,
        Duration dtlsHandshakeTimeout,
        int dtlsMaxConcurrentHandshakes,
        int dtlsQueueCapacity,
        int maxSsrcsPerTransport,
        int tcpPort,
        Duration tcpCheckTimeout,
        int tcpMaxPendingConnections,
        int tcpSendQueueLimit,
        SrtpLibrary srtpLibrary) {

    public MediaSettings {
        announcedAddresses = List.copyOf(announcedAddresses);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("parley.media.port must be 0-65535: " + port);
        }
        if (maxDatagramSize < 1200 || maxDatagramSize > 65535) {
            throw new IllegalArgumentException("parley.media.max-datagram-size must be 1200-65535: " + maxDatagramSize);
        }
        positive("consent-timeout", consentTimeout);
        positive("connect-timeout", connectTimeout);
        positive("dtls-handshake-timeout", dtlsHandshakeTimeout);
        positive("dtls-max-concurrent-handshakes", dtlsMaxConcurrentHandshakes);
        positive("dtls-queue-capacity", dtlsQueueCapacity);
        positive("max-ssrcs-per-transport", maxSsrcsPerTransport);
        positive("socket-buffer-size", socketBufferSize);
        positive("send-queue-limit", sendQueueLimit);
        if (tcpPort < -1 || tcpPort > 65535) {
            throw new IllegalArgumentException("parley.media.tcp-port must be -1 (off) or 0-65535: " + tcpPort);
        }
        positive("tcp-check-timeout", tcpCheckTimeout);
        positive("tcp-max-pending-connections", tcpMaxPendingConnections);
        positive("tcp-send-queue-limit", tcpSendQueueLimit);
    }

    /** Whether passive ICE-TCP candidates are announced (RFC 6544): {@code tcp-port} is not -1. */
    public boolean iceTcp() {
        return tcpPort >= 0;
    }

    public static MediaSettings from(Config parley) {
        Config c = parley.getConfig("media");
        return new MediaSettings(
                c.getString("host"),
                c.getInt("port"),
                c.getStringList("announced-addresses"),
                Math.toIntExact(c.getBytes("max-datagram-size")),
                Math.toIntExact(c.getBytes("socket-buffer-size")),
                Math.toIntExact(c.getBytes("send-queue-limit")),
                c.getDuration("consent-timeout"),
                c.getDuration("connect-timeout"),
                c.getDuration("dtls-handshake-timeout"),
                c.getInt("dtls-max-concurrent-handshakes"),
                c.getInt("dtls-queue-capacity"),
                c.getInt("max-ssrcs-per-transport"),
                c.getInt("tcp-port"),
                c.getDuration("tcp-check-timeout"),
                c.getInt("tcp-max-pending-connections"),
                Math.toIntExact(c.getBytes("tcp-send-queue-limit")),
                SrtpLibrary.parse(c.getString("srtp-library")));
    }

    private static void positive(String name, Duration value) {
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException("parley.media." + name + " must be positive: " + value);
        }
    }

    private static void positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException("parley.media." + name + " must be positive: " + value);
        }
    }
}
