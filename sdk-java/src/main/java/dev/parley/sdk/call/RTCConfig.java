package dev.parley.sdk.call;

import dev.parley.sdk.media.IceServer;
import dev.parley.sdk.media.IceServerSource;

import java.util.List;

/**
 * Call behaviour (docs/protocol.md §3.3). Set it up before creating the {@link RTCClient}; the client
 * keeps a copy. Times are in seconds except the stats interval (milliseconds, as in the other SDKs).
 */
public final class RTCConfig {

    /** A mesh call holds at most 4 people: the caller and 3 opponents. */
    public static final int MESH_LIMIT = 4;
    public static final int MIN_DIALING_TIME_INTERVAL = 3;
    public static final int MIN_DISCONNECT_TIME = 10;

    private int answerTimeInterval = 60;
    private int dialingTimeInterval = 5;
    private int disconnectTime = 30;
    private int statsReportInterval;
    private int maxOpponentsCount = MESH_LIMIT - 1;
    private boolean autoRejectWhenBusy;
    private boolean debugEnabled;
    /** Null: the client's default (Parley's {@code GET /ice_servers} when it has the REST client). */
    private IceServerSource iceServers;

    public RTCConfig() {
    }

    RTCConfig(RTCConfig other) {
        answerTimeInterval = other.answerTimeInterval;
        dialingTimeInterval = other.dialingTimeInterval;
        disconnectTime = other.disconnectTime;
        statsReportInterval = other.statsReportInterval;
        maxOpponentsCount = other.maxOpponentsCount;
        autoRejectWhenBusy = other.autoRejectWhenBusy;
        debugEnabled = other.debugEnabled;
        iceServers = other.iceServers;
    }

    /** How long a call rings, in seconds (default 60): then {@code onUserNotAnswer} / {@code onUserNoActions}. */
    public RTCConfig setAnswerTimeInterval(int seconds) {
        if (seconds < 1) throw new IllegalArgumentException("answer time interval must be at least 1 s");
        answerTimeInterval = seconds;
        return this;
    }

    /** How often an unanswered call is sent again, in seconds (default 5, at least 3). */
    public RTCConfig setDialingTimeInterval(int seconds) {
        if (seconds < MIN_DIALING_TIME_INTERVAL) {
            throw new IllegalArgumentException("dialing time interval must be at least " + MIN_DIALING_TIME_INTERVAL + " s");
        }
        dialingTimeInterval = seconds;
        return this;
    }

    /** How long a lost connection may try to reconnect, in seconds (default 30, at least 10). */
    public RTCConfig setDisconnectTime(int seconds) {
        if (seconds < MIN_DISCONNECT_TIME) {
            throw new IllegalArgumentException("disconnect time must be at least " + MIN_DISCONNECT_TIME + " s");
        }
        disconnectTime = seconds;
        return this;
    }

    /** Stats reports every this many milliseconds; 0 (the default) turns them off. */
    public RTCConfig setStatsReportInterval(int millis) {
        if (millis < 0 || millis > 0 && millis < 100) throw new IllegalArgumentException("stats interval must be 0 (off) or at least 100 ms");
        statsReportInterval = millis;
        return this;
    }

    /** Opponents per call, 1..3 (default 3: a mesh of 4). */
    public RTCConfig setMaxOpponentsCount(int count) {
        if (count < 1 || count > MESH_LIMIT - 1) {
            throw new IllegalArgumentException("a call holds 1 to " + (MESH_LIMIT - 1) + " opponents (a mesh of " + MESH_LIMIT + " people)");
        }
        maxOpponentsCount = count;
        return this;
    }

    /** Rejects new calls by itself ({@code userInfo.busy=true}) while this user is in a call. */
    public RTCConfig setAutoRejectWhenBusy(boolean autoReject) {
        autoRejectWhenBusy = autoReject;
        return this;
    }

    /** Logs every signal and state change at INFO (through SLF4J) instead of DEBUG. */
    public RTCConfig setDebugEnabled(boolean enabled) {
        debugEnabled = enabled;
        return this;
    }

    /**
     * Fixed STUN/TURN servers for the peer connections. A fixed list cannot carry TURN credentials that expire; by
     * default a client made with the REST client ({@code ParleyClient}) uses the server's {@code GET /ice_servers}.
     */
    public RTCConfig setIceServers(List<IceServer> servers) {
        iceServers = IceServerSource.of(servers);
        return this;
    }

    /**
     * Where the STUN/TURN servers come from, asked for each new peer connection (for instance
     * {@code new RestIceServers(client)}, which refreshes the server's list before its credentials expire).
     */
    public RTCConfig setIceServers(IceServerSource source) {
        iceServers = java.util.Objects.requireNonNull(source, "source");
        return this;
    }

    public int answerTimeInterval() {
        return answerTimeInterval;
    }

    public int dialingTimeInterval() {
        return dialingTimeInterval;
    }

    public int disconnectTime() {
        return disconnectTime;
    }

    public int statsReportInterval() {
        return statsReportInterval;
    }

    public int maxOpponentsCount() {
        return maxOpponentsCount;
    }

    public boolean autoRejectWhenBusy() {
        return autoRejectWhenBusy;
    }

    public boolean debugEnabled() {
        return debugEnabled;
    }

    /** The servers set with {@code setIceServers}, or null when none were set (the client's default applies). */
    public IceServerSource iceServers() {
        return iceServers;
    }
}
