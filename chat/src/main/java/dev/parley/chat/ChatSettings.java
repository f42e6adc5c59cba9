package dev.parley.chat;

import com.typesafe.config.Config;

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
                c.getInt("csi-max-queued"));
    }
}
