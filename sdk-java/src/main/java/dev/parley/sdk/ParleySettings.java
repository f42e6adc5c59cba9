package dev.parley.sdk;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * Where Parley is and which application this is. {@code apiUrl} is the REST base
 * ({@code http://host:8080}); the chat WebSocket defaults to {@code /xmpp} on the same host
 * ({@code ws://} or {@code wss://} to match). {@code sslContext} (optional) decides which server
 * certificates are trusted over https/wss, e.g. one that trusts a self-signed certificate.
 */
public final class ParleySettings {

    public static final String DEFAULT_CHAT_DOMAIN = "parley.local";

    private final long applicationId;
    private final String authKey;
    private final URI apiUrl;
    private final URI chatUrl;
    private final String chatDomain;
    private final SSLContext sslContext;
    private final Duration requestTimeout;

    private ParleySettings(Builder builder) {
        if (builder.applicationId <= 0) throw new IllegalArgumentException("applicationId must be a positive id");
        if (builder.authKey == null || builder.authKey.isBlank()) throw new IllegalArgumentException("authKey is required");
        this.applicationId = builder.applicationId;
        this.authKey = builder.authKey;
        this.apiUrl = trimSlash(Objects.requireNonNull(builder.apiUrl, "apiUrl is required"));
        String scheme = apiUrl.getScheme();
        if (!"http".equals(scheme) && !"https".equals(scheme)) {
            throw new IllegalArgumentException("apiUrl must be http:// or https://, not " + apiUrl);
        }
        this.chatUrl = builder.chatUrl != null ? builder.chatUrl
                : URI.create(("https".equals(scheme) ? "wss" : "ws") + "://" + apiUrl.getRawAuthority() + "/xmpp");
        this.chatDomain = builder.chatDomain;
        this.sslContext = builder.sslContext;
        this.requestTimeout = builder.requestTimeout;
    }

    public static Builder builder() {
        return new Builder();
    }

    public long applicationId() {
        return applicationId;
    }

    public String authKey() {
        return authKey;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public URI chatUrl() {
        return chatUrl;
    }

    public String chatDomain() {
        return chatDomain;
    }

    /** The TLS trust to use, or null for the JVM's default. */
    public SSLContext sslContext() {
        return sslContext;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    private static URI trimSlash(URI uri) {
        String text = uri.toString();
        return text.endsWith("/") ? URI.create(text.substring(0, text.length() - 1)) : uri;
    }

    public static final class Builder {
        private long applicationId;
        private String authKey;
        private URI apiUrl;
        private URI chatUrl;
        private String chatDomain = DEFAULT_CHAT_DOMAIN;
        private SSLContext sslContext;
        private Duration requestTimeout = Duration.ofSeconds(30);

        private Builder() {
        }

        public Builder application(long applicationId, String authKey) {
            this.applicationId = applicationId;
            this.authKey = authKey;
            return this;
        }

        public Builder apiUrl(String apiUrl) {
            this.apiUrl = URI.create(apiUrl);
            return this;
        }

        /** The XMPP WebSocket URL, when it is not {@code /xmpp} on the REST host. */
        public Builder chatUrl(String chatUrl) {
            this.chatUrl = URI.create(chatUrl);
            return this;
        }

        /** The server's chat domain ({@code parley.chat.domain}), {@value #DEFAULT_CHAT_DOMAIN} by default. */
        public Builder chatDomain(String chatDomain) {
            this.chatDomain = Objects.requireNonNull(chatDomain);
            return this;
        }

        public Builder sslContext(SSLContext sslContext) {
            this.sslContext = sslContext;
            return this;
        }

        public Builder requestTimeout(Duration requestTimeout) {
            if (requestTimeout.isNegative() || requestTimeout.isZero()) throw new IllegalArgumentException("timeout must be positive");
            this.requestTimeout = requestTimeout;
            return this;
        }

        public ParleySettings build() {
            return new ParleySettings(this);
        }
    }
}
