package dev.parley.api.turn;

import com.typesafe.config.Config;

import java.time.Duration;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The TURN/STUN servers Parley hands its clients ({@code parley.turn}, see reference.conf): their URLs and how long
 * an issued credential lasts. The shared secret is not here: the server resolves it (configured, or generated into
 * the data directory) and passes it to {@link TurnCredentials}.
 *
 * @param urls {@code stun:}, {@code stuns:} (RFC 7064), {@code turn:} or {@code turns:} (RFC 7065) URLs
 * @param ttl  lifetime of an issued credential, whole seconds
 */
public record TurnSettings(List<String> urls, Duration ttl) {

    /** More URLs than this is a configuration error: clients try every one. */
    static final int MAX_URLS = 16;
    static final Duration MAX_TTL = Duration.ofDays(30);
    private static final Pattern URL = Pattern.compile("(stuns?|turns?):[^\\s?]{1,253}(\\?transport=(udp|tcp))?");

    public TurnSettings {
        urls = List.copyOf(urls);
        if (urls.size() > MAX_URLS) {
            throw new IllegalArgumentException("parley.turn.urls lists " + urls.size() + " URLs; at most " + MAX_URLS);
        }
        for (String url : urls) {
            if (!URL.matcher(url).matches()) {
                throw new IllegalArgumentException("parley.turn.urls: \"" + url + "\" is not a stun:, stuns:, turn: or "
                        + "turns: URL (RFC 7064, RFC 7065), e.g. turn:turn.example.com:3478?transport=udp");
            }
        }
        if (ttl.compareTo(Duration.ofSeconds(1)) < 0 || ttl.compareTo(MAX_TTL) > 0 || ttl.toNanosPart() != 0) {
            throw new IllegalArgumentException("parley.turn.ttl must be whole seconds from 1s to 30d: " + ttl);
        }
    }

    public static TurnSettings from(Config parley) {
        return new TurnSettings(parley.getStringList("turn.urls"), parley.getDuration("turn.ttl"));
    }

    /** Whether {@code url} names a relay, which needs credentials ({@code turn:} or {@code turns:}). */
    static boolean isRelay(String url) {
        return url.startsWith("turn");
    }
}
