package dev.parley.conference;

import com.typesafe.config.Config;
import dev.parley.conference.negotiation.CodecPreferences;

import java.time.Duration;

/** The conference module's knobs, read from {@code parley.conference} (reference.conf documents each). */
public record ConferenceSettings(
        Duration sessionTimeout,
        Duration longPollWait,
        int maxMessageSize,
        int maxSessionsPerConnection,
        int maxSessionsPerUser,
        int maxHandlesPerSession,
        int maxQueuedEvents,
        int maxPublishers,
        CodecPreferences codecs,
        int talkingLevel,
        int slowLinkThreshold,
        Duration tokenRecheckInterval) {

    public ConferenceSettings {
        if (sessionTimeout.isNegative() || sessionTimeout.isZero()) {
            throw new IllegalArgumentException("parley.conference.session-timeout must be positive");
        }
        if (longPollWait.isNegative() || longPollWait.isZero()) {
            throw new IllegalArgumentException("parley.conference.long-poll-wait must be positive");
        }
        if (longPollWait.compareTo(sessionTimeout) >= 0) {
            // A poll keeps its session alive when it starts; one that waits longer than the timeout would lose it.
            throw new IllegalArgumentException("parley.conference.long-poll-wait (" + longPollWait
                    + ") must be shorter than session-timeout (" + sessionTimeout + ")");
        }
        if (maxMessageSize < 1024 || maxSessionsPerConnection < 1 || maxSessionsPerUser < 1 || maxQueuedEvents < 16) {
            throw new IllegalArgumentException("parley.conference limits are too small to hold a conference");
        }
        if (maxPublishers < 1 || maxHandlesPerSession <= maxPublishers) {
            throw new IllegalArgumentException("parley.conference.max-handles-per-session must exceed max-publishers:"
                    + " a client subscribing with one handle per feed needs one per other publisher, plus its own");
        }
        if (talkingLevel < 0 || talkingLevel > 127) {
            throw new IllegalArgumentException("parley.conference.talking-level is -dBov, 0 (loud) to 127 (silent)");
        }
        if (tokenRecheckInterval.isNegative() || tokenRecheckInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("parley.conference.token-recheck-interval is 0 (every request) to 5 minutes");
        }
        if (slowLinkThreshold < 0) {
            throw new IllegalArgumentException("parley.conference.slow-link-threshold is 0 (off) or more lost packets per second");
        }
    }

    public static ConferenceSettings from(Config parley) {
        Config c = parley.getConfig("conference");
        ConferenceSettings settings = new ConferenceSettings(
                c.getDuration("session-timeout"),
                c.getDuration("long-poll-wait"),
                Math.toIntExact(c.getBytes("max-message-size")),
                c.getInt("max-sessions-per-connection"),
                c.getInt("max-sessions-per-user"),
                c.getInt("max-handles-per-session"),
                c.getInt("max-queued-events"),
                c.getInt("max-publishers"),
                new CodecPreferences(c.getStringList("audio-codecs"), c.getStringList("video-codecs")),
                c.getInt("talking-level"),
                c.getInt("slow-link-threshold"),
                c.getDuration("token-recheck-interval"));
        Duration idleTimeout = parley.getDuration("http.idle-timeout");
        if (settings.longPollWait().compareTo(idleTimeout) >= 0) {
            throw new IllegalArgumentException("parley.conference.long-poll-wait (" + settings.longPollWait()
                    + ") must be shorter than parley.http.idle-timeout (" + idleTimeout + "), which would close the poll's"
                    + " connection first");
        }
        return settings;
    }
}
