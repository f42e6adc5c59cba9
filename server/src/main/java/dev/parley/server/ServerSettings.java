package dev.parley.server;

import com.typesafe.config.Config;

import java.time.Duration;

/** The listeners' knobs, read from {@code parley} (reference.conf documents each). */
record ServerSettings(
        String host,
        int httpPort,
        int httpsPort,
        int eventLoops,
        Duration headerTimeout,
        Duration idleTimeout,
        int maxConnectionsPerAddress,
        boolean trustForwardedFor) {

    static ServerSettings from(Config parley) {
        int loops = parley.getInt("event-loops");
        if (loops < 0) {
            throw new IllegalArgumentException("parley.event-loops must be 0 (one per core) or more: " + loops);
        }
        return new ServerSettings(
                parley.getString("http.host"),
                parley.getInt("http.port"),
                parley.getInt("http.https-port"),
                loops == 0 ? Runtime.getRuntime().availableProcessors() : loops,
                parley.getDuration("http.header-timeout"),
                parley.getDuration("http.idle-timeout"),
                parley.getInt("http.max-connections-per-address"),
                parley.getBoolean("http.trust-forwarded-for"));
    }
}
