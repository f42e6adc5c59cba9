package dev.parley.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import dev.parley.sdk.media.IceServer;
import dev.parley.sdk.media.IceServerSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * The STUN/TURN servers of Parley's {@code GET /ice_servers} (docs/api.md), whose TURN credentials expire after the
 * answer's {@code ttl}. The list is kept and reused; once 80 % of the ttl has passed, the next peer connection
 * still gets it while a new one is fetched in the background. Only when there is no list that is still valid (the
 * first call, or after the credential expired) does {@link #iceServers} fetch on the caller's thread, bounded by
 * the request timeout. When that fetch fails, the peer connection gets no servers (host candidates only: calls
 * across NATs will not connect) and a warning is logged; the next peer connection tries again.
 *
 * <p>Thread-safe: the list is replaced atomically; at most one background refresh runs at a time.
 */
public final class RestIceServers implements IceServerSource {

    /** Refresh once this share of the ttl has passed. */
    static final double REFRESH_AT = 0.8;
    /** More entries than any sane configuration (the server allows 16 URLs). */
    static final int MAX_ENTRIES = 32;

    private static final Logger LOG = LoggerFactory.getLogger(RestIceServers.class);

    private record Fetched(List<IceServer> servers, Instant refreshAt, Instant expiresAt) {
    }

    private final Supplier<JsonNode> fetch;
    private final Clock clock;
    private final Executor background;
    private final AtomicBoolean refreshing = new AtomicBoolean();
    private volatile Fetched current;

    /** The servers of {@code client}'s session (the token of its last login at the time of each fetch). */
    public RestIceServers(ParleyClient client) {
        this(() -> client.request("GET", "/ice_servers", null), Clock.systemUTC(), RestIceServers::startThread);
    }

    RestIceServers(Supplier<JsonNode> fetch, Clock clock, Executor background) {
        this.fetch = fetch;
        this.clock = clock;
        this.background = background;
    }

    @Override
    public List<IceServer> iceServers() {
        Fetched known = current;
        Instant now = clock.instant();
        if (known != null && now.isBefore(known.expiresAt())) {
            if (!now.isBefore(known.refreshAt())) refreshInBackground();
            return known.servers();
        }
        try {
            return refresh();
        } catch (ParleyException e) {
            LOG.warn("GET /ice_servers failed ({}); this peer connection gets no STUN/TURN servers", e.getMessage());
            return List.of();
        }
    }

    /**
     * Fetches the list now, on the caller's thread (e.g. right after login, so that the first call does not wait).
     *
     * @throws ParleyException when the server cannot be reached, refuses (401 without a user session) or answers
     *                         something that is not an ICE server list
     */
    public List<IceServer> refresh() {
        Instant asked = clock.instant();
        JsonNode answer = fetch.get();
        long ttl = answer.path("ttl").asLong(0);
        if (!answer.path("ttl").canConvertToLong() || ttl <= 0) {
            throw new ParleyException("GET /ice_servers: the answer has no positive ttl");
        }
        List<IceServer> servers = parse(answer.path("ice_servers"));
        Duration lifetime = Duration.ofSeconds(ttl);
        current = new Fetched(servers, asked.plus(Duration.ofMillis((long) (lifetime.toMillis() * REFRESH_AT))),
                asked.plus(lifetime));
        return servers;
    }

    private void refreshInBackground() {
        if (!refreshing.compareAndSet(false, true)) return;
        background.execute(() -> {
            try {
                refresh();
            } catch (ParleyException e) {
                LOG.warn("refreshing the STUN/TURN servers failed ({}); the current ones serve until they expire",
                        e.getMessage());
            } finally {
                refreshing.set(false);
            }
        });
    }

    /** A background refresh on a daemon thread of its own: refreshes are rare (once per ttl) and end by the request timeout. */
    private static void startThread(Runnable task) {
        Thread thread = new Thread(task, "parley-ice-servers");
        thread.setDaemon(true);
        thread.start();
    }

    private static List<IceServer> parse(JsonNode list) {
        if (!list.isArray() || list.size() > MAX_ENTRIES) {
            throw new ParleyException("GET /ice_servers: ice_servers is not a list of at most " + MAX_ENTRIES + " servers");
        }
        List<IceServer> servers = new ArrayList<>();
        for (JsonNode entry : list) {
            JsonNode urls = entry.path("urls");
            List<String> parsed = new ArrayList<>();
            if (urls.isTextual()) {
                parsed.add(urls.asText());
            } else if (urls.isArray()) {
                urls.forEach(url -> parsed.add(url.asText()));
            }
            if (parsed.isEmpty()) throw new ParleyException("GET /ice_servers: a server has no urls");
            servers.add(new IceServer(parsed, text(entry, "username"), text(entry, "credential")));
        }
        return List.copyOf(servers);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
