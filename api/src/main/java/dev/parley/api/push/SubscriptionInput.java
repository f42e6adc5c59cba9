package dev.parley.api.push;

import dev.parley.api.http.FieldErrors;
import dev.parley.api.http.Params;
import dev.parley.common.net.PublicAddresses;
import dev.parley.storage.model.PushChannel;
import dev.parley.storage.model.PushSubscription;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Base64;
import java.util.List;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads and validates the flat body of {@code POST /subscriptions} (docs/protocol.md section 2.4) into
 * {@link PushSubscription.Details}: {@code notification_channel} (lenient: {@code notification_channels}),
 * {@code push_token[...]} and {@code device[...]}. An APNs token is hex (spaces and the angle brackets of old
 * iOS descriptions are dropped) and stored lower-case; an FCM token is the registration token as the device got
 * it; a Web Push subscription is the endpoint URL of RFC 8030 with the RFC 8291 keys, base64url: {@code web_auth}
 * the 16-byte authentication secret, {@code web_p256dh} the 65-byte uncompressed P-256 point.
 * {@code client_identification_sequence} stands in for a missing {@code web_endpoint}, as the ConnectyCube SDK
 * sends the endpoint in both. Unless private endpoints are allowed, an endpoint must be {@code https} and not
 * plainly private (an address literal outside public unicast, or {@code localhost}). Every problem is collected, so one 422 names all the fields at fault. Stateless.
 */
final class SubscriptionInput {

    static final int UDID_MAX = 255;
    static final int TOKEN_MAX = 4096;
    static final int APNS_TOKEN_MAX = 200;
    static final int BUNDLE_MAX = 255;
    static final int ENDPOINT_MAX = 2048;
    static final int AUTH_BYTES = 16;
    static final int P256DH_BYTES = 65;

    private static final Set<String> PLATFORMS = Set.of("ios", "android", "web");
    private static final Set<String> ENVIRONMENTS = Set.of("development", "production");
    /** Printable ASCII: device ids and FCM tokens are. */
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7e]+");
    private static final Pattern BUNDLE = Pattern.compile("[A-Za-z0-9.\\-_]+");
    private static final Pattern APNS_NOISE = Pattern.compile("[<>\\s]");

    private SubscriptionInput() {
    }

    /** @param allowPrivateEndpoints whether a Web Push endpoint may be plain {@code http} (tests, closed networks) */
    static PushSubscription.Details read(Params body, boolean allowPrivateEndpoints) {
        FieldErrors errors = new FieldErrors();
        PushChannel channel = channel(body, errors);
        Params token = errors.collect(() -> body.object("push_token"));
        Params device = errors.collect(() -> body.object("device"));
        String udid = null;
        String platform = null;
        if (device != null) {
            udid = required(device, "udid", "device[udid]", UDID_MAX, errors);
            platform = oneOf(device, "platform", "device[platform]", PLATFORMS, true, errors);
        }
        String environment = null;
        String pushToken = null;
        String bundle = null;
        String endpoint = null;
        String auth = null;
        String p256dh = null;
        if (token != null) {
            environment = oneOf(token, "environment", "push_token[environment]", ENVIRONMENTS, false, errors);
            bundle = text(token, "bundle_identifier", "push_token[bundle_identifier]", errors);
            if (bundle != null && (bundle.length() > BUNDLE_MAX || !BUNDLE.matcher(bundle).matches())) {
                errors.add("push_token[bundle_identifier]", "must be 1 to " + BUNDLE_MAX
                        + " letters, digits, '.', '-' or '_'");
            }
            if (channel == PushChannel.WEB) {
                endpoint = endpoint(token, allowPrivateEndpoints, errors);
                auth = key(token, "web_auth", AUTH_BYTES, errors);
                p256dh = key(token, "web_p256dh", P256DH_BYTES, errors);
            } else if (channel != null) {
                pushToken = providerToken(token, channel, errors);
            }
        }
        errors.throwIfAny();
        return new PushSubscription.Details(channel, udid, platform, environment, pushToken, bundle, endpoint, auth,
                p256dh);
    }

    private static PushChannel channel(Params body, FieldErrors errors) {
        String key = body.has("notification_channel") ? "notification_channel" : "notification_channels";
        String name = text(body, key, key, errors);
        if (name == null) {
            if (!errors.has(key)) {
                errors.add("notification_channel", "is required");
            }
            return null;
        }
        Optional<PushChannel> channel = PushChannel.byWireName(name);
        if (channel.isEmpty()) {
            errors.add(key, "must be apns, apns_voip, gcm or web");
        }
        return channel.orElse(null);
    }

    private static String providerToken(Params token, PushChannel channel, FieldErrors errors) {
        String field = "push_token[client_identification_sequence]";
        String value = text(token, "client_identification_sequence", field, errors);
        if (value == null) {
            if (!errors.has(field)) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (channel == PushChannel.GCM) {
            if (value.length() > TOKEN_MAX || !PRINTABLE.matcher(value).matches()) {
                errors.add(field, "must be 1 to " + TOKEN_MAX + " printable ASCII characters");
            }
            return value;
        }
        String hex = APNS_NOISE.matcher(value).replaceAll("").toLowerCase(Locale.ROOT);
        if (hex.isEmpty() || hex.length() > APNS_TOKEN_MAX || hex.length() % 2 != 0
                || !hex.chars().allMatch(HexFormat::isHexDigit)) {
            errors.add(field, "must be an APNs device token: an even number of hex digits, at most " + APNS_TOKEN_MAX);
        }
        return hex;
    }

    /**
     * The RFC 8030 push resource: an absolute {@code https} URL (or {@code http} when private endpoints are
     * allowed) with a host and no user information. Where it may point is checked again when Parley sends to it.
     */
    private static String endpoint(Params token, boolean allowPrivateEndpoints, FieldErrors errors) {
        boolean named = token.raw("web_endpoint") != null;
        String key = named ? "web_endpoint" : "client_identification_sequence";
        String field = "push_token[web_endpoint]";
        String value = text(token, key, field, errors);
        if (value == null) {
            if (!errors.has(field)) {
                errors.add(field, "is required");
            }
            return null;
        }
        String problem = "must be an https URL of at most " + ENDPOINT_MAX + " characters"
                + (allowPrivateEndpoints ? " (or http)" : "");
        if (value.length() > ENDPOINT_MAX) {
            errors.add(field, problem);
            return value;
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean schemeAllowed = scheme.equals("https") || (allowPrivateEndpoints && scheme.equals("http"));
            if (!schemeAllowed || uri.getHost() == null || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
                errors.add(field, problem);
            } else if (!allowPrivateEndpoints && isPrivateHost(uri.getHost())) {
                errors.add(field, "must be on a public address");
            }
        } catch (URISyntaxException e) {
            errors.add(field, problem);
        }
        return value;
    }

    /**
     * A host that is plainly not public: an address literal outside the public unicast ranges, or a name of this
     * machine. Names are resolved and checked again each time Parley sends to them.
     */
    private static boolean isPrivateHost(String host) {
        String lower = host.toLowerCase(Locale.ROOT);
        if (lower.equals("localhost") || lower.endsWith(".localhost")) {
            return true;
        }
        InetAddress literal = PublicAddresses.literal(lower);
        return literal != null && !PublicAddresses.isPublic(literal);
    }

    /** A base64url key of exactly {@code bytes} bytes (padding optional, as browsers give it without). */
    private static String key(Params token, String key, int bytes, FieldErrors errors) {
        String field = "push_token[" + key + "]";
        String value = text(token, key, field, errors);
        if (value == null) {
            if (!errors.has(field)) {
                errors.add(field, "is required");
            }
            return null;
        }
        String unpadded = value.replace("=", "");
        byte[] decoded;
        try {
            decoded = Base64.getUrlDecoder().decode(unpadded);
        } catch (IllegalArgumentException e) {
            decoded = null;
        }
        if (decoded == null || decoded.length != bytes || (bytes == P256DH_BYTES && decoded[0] != 0x04)) {
            errors.add(field, "must be base64url of " + bytes + " bytes"
                    + (bytes == P256DH_BYTES ? " (an uncompressed P-256 public key)" : ""));
        }
        return unpadded;
    }

    private static String required(Params object, String key, String field, int max, FieldErrors errors) {
        String value = text(object, key, field, errors);
        if (value == null) {
            if (!errors.has(field)) {
                errors.add(field, "is required");
            }
            return null;
        }
        if (value.length() > max || !PRINTABLE.matcher(value).matches()) {
            errors.add(field, "must be 1 to " + max + " printable ASCII characters");
        }
        return value;
    }

    private static String oneOf(Params object, String key, String field, Set<String> allowed, boolean isRequired,
                                FieldErrors errors) {
        String value = text(object, key, field, errors);
        if (value == null) {
            if (isRequired && !errors.has(field)) {
                errors.add(field, "is required");
            }
            return null;
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) {
            errors.add(field, "must be " + String.join(" or ", allowed.stream().sorted().toList()));
        }
        return lower;
    }

    /** A scalar, stripped; null when absent, blank or not a scalar (then with an error under {@code field}). */
    private static String text(Params object, String key, String field, FieldErrors errors) {
        if (object.raw(key) instanceof Map<?, ?> || object.raw(key) instanceof List<?>) {
            errors.add(field, "must be a single value");
            return null;
        }
        Optional<String> value = object.string(key);
        return value.map(String::strip).filter(s -> !s.isEmpty()).orElse(null);
    }
}
