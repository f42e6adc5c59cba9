package dev.parley.storage.model;

/**
 * An application's push provider credentials (docs/push.md); each part is null until the operator sets it (the
 * VAPID key pair until it is first needed). Secrets: never returned by any API.
 */
public record PushCredentials(Apns apns, Fcm fcm, Vapid vapid) {

    public static final PushCredentials NONE = new PushCredentials(null, null, null);

    /**
     * APNs token-based authentication: the .p8 signing key (PEM, PKCS#8 P-256) with Apple's 10-character key
     * and team ids, the app's bundle id (the {@code apns-topic}), and which gateway to use.
     */
    public record Apns(String privateKeyPem, String keyId, String teamId, String bundleId, boolean sandbox) {

        @Override
        public String toString() {
            return "Apns[keyId=" + keyId + ", teamId=" + teamId + ", bundleId=" + bundleId + ", sandbox=" + sandbox + "]";
        }
    }

    /** FCM HTTP v1: the service account's JSON key file, as Google's console gives it. */
    public record Fcm(String serviceAccountJson) {

        @Override
        public String toString() {
            return "Fcm[…]";
        }
    }

    /**
     * The VAPID key pair (RFC 8292): the public key as the 65-byte uncompressed P-256 point, base64url without
     * padding (what browsers take as {@code applicationServerKey}); the private key as PKCS#8 DER, base64url.
     *
     * @param subject the JWT's {@code sub} contact ({@code mailto:} or {@code https:}), or null
     */
    public record Vapid(String publicKey, String privateKey, String subject) {

        @Override
        public String toString() {
            return "Vapid[publicKey=" + publicKey + ", subject=" + subject + "]";
        }
    }
}
