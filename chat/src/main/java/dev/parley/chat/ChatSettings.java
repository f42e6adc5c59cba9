package dev.parley.chat;

import com.typesafe.config.Config;
import dev.parley.chat.xml.XmlLimits;

import java.time.Duration;
import java.util.List;

/** The chat server's knobs, read from {@code parley.chat} (reference.conf documents each). */
public record ChatSettings(
        String domain,
        List<String> domainAliases,
        boolean websocket,
        int tcpPort,
        boolean tcpRequireTls,
        boolean tcpAllowPlaintextLoopback,
        int maxStanzaSize,
        int maxResourcesPerUser,
        int stanzaBurst,
        double stanzasPerSecond,
        Duration loginTimeout,
        Duration pingInterval,
        Duration pingTimeout,
        int authFailureBurst,
        double authFailuresPerSecond,
        int offlineMaxMessages,
        Duration offlineTtl,
        Duration resumeTimeout,
        int maxUnackedStanzas,
        long maxUnackedBytes,
        long maxUnackedBytesPerUser,
        long maxUnackedBytesTotal,
        int maxAttributes,
        int maxNamespaceDeclarations,
        int inboundBytesBurst,
        int inboundBytesPerSecond,
        int accountFailureBurst,
        double accountFailuresPerSecond,
        int offlineMaxPerSender,
        int offlineMaxPerGuestSender,
        int csiMaxQueued) {

    public static ChatSettings from(Config parley) {
        Config c = parley.getConfig("chat");
        return new ChatSettings(
                c.getString("domain"),
                c.getStringList("domain-aliases"),
                c.getBoolean("websocket"),
                c.getInt("tcp-port"),
                c.getBoolean("tcp-require-tls"),
                c.getBoolean("tcp-allow-plaintext-loopback"),
                Math.toIntExact(c.getBytes("max-stanza-size")),
                c.getInt("max-resources-per-user"),
                c.getInt("stanza-burst"),
                c.getDouble("stanzas-per-second"),
                c.getDuration("login-timeout"),
                c.getDuration("ping-interval"),
                c.getDuration("ping-timeout"),
                c.getInt("auth-failure-burst"),
                c.getDouble("auth-failures-per-second"),
                c.getInt("offline-max-messages"),
                c.getDuration("offline-ttl"),
                c.getDuration("resume-timeout"),
                c.getInt("max-unacked-stanzas"),
                c.getBytes("max-unacked-bytes"),
                c.getBytes("max-unacked-bytes-per-user"),
                unackedTotal(c.getBytes("max-unacked-bytes-total")),
                c.getInt("max-attributes"),
                c.getInt("max-namespace-declarations"),
                Math.toIntExact(c.getBytes("inbound-bytes-burst")),
                Math.toIntExact(c.getBytes("inbound-bytes-per-second")),
                c.getInt("account-failure-burst"),
                c.getDouble("account-failures-per-second"),
                c.getInt("offline-max-per-sender"),
                c.getInt("offline-max-per-guest-sender"),
                c.getInt("csi-max-queued"));
    }

    /** What one stanza or WebSocket message may hold. */
    public XmlLimits xmlLimits() {
        return new XmlLimits(maxStanzaSize, maxAttributes, maxNamespaceDeclarations);
    }

    /** 0 stands for a quarter of the JVM's maximum heap. */
    private static long unackedTotal(long configured) {
        return configured > 0 ? configured : Runtime.getRuntime().maxMemory() / 4;
    }
}
