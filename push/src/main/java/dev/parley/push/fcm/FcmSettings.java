package dev.parley.push.fcm;

import com.typesafe.config.Config;

import java.net.URI;

/**
 * Where FCM is reached (reference.conf {@code parley.push.fcm}): the HTTP v1 API's origin and the OAuth 2.0 token
 * endpoint. Google's by default; tests and staging point them elsewhere.
 */
public record FcmSettings(URI endpoint, URI tokenUri) {

    /** @param push the {@code parley.push} block */
    public static FcmSettings from(Config push) {
        return new FcmSettings(URI.create(push.getString("fcm.endpoint")), URI.create(push.getString("fcm.token-uri")));
    }
}
