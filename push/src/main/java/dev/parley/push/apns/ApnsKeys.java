package dev.parley.push.apns;

import dev.parley.common.security.P256Keys;
import dev.parley.push.Pem;
import dev.parley.storage.model.PushCredentials;

import java.security.interfaces.ECPrivateKey;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Checks APNs token-authentication credentials before they are stored: the .p8 file Apple's developer account
 * gives (a PKCS#8 P-256 private key in PEM), the 10-character key id and team id, and the app's bundle id, which
 * is the {@code apns-topic} of its alerts ({@code <bundle>.voip} for VoIP pushes). Stateless.
 */
public final class ApnsKeys {

    private static final Pattern APPLE_ID = Pattern.compile("[A-Z0-9]{10}");
    private static final Pattern BUNDLE = Pattern.compile("[A-Za-z0-9\\-]+(\\.[A-Za-z0-9\\-]+)+");

    private ApnsKeys() {
    }

    /** @throws IllegalArgumentException saying what is wrong */
    public static PushCredentials.Apns check(String p8, String keyId, String teamId, String bundleId, boolean sandbox) {
        signingKey(p8);
        String key = keyId.strip().toUpperCase(Locale.ROOT);
        String team = teamId.strip().toUpperCase(Locale.ROOT);
        if (!APPLE_ID.matcher(key).matches()) {
            throw new IllegalArgumentException("the key id must be the 10 letters and digits Apple shows for the key");
        }
        if (!APPLE_ID.matcher(team).matches()) {
            throw new IllegalArgumentException("the team id must be the 10 letters and digits of the Apple developer team");
        }
        String bundle = bundleId.strip();
        if (bundle.length() > 200 || !BUNDLE.matcher(bundle).matches()) {
            throw new IllegalArgumentException("the bundle id must look like com.example.app");
        }
        return new PushCredentials.Apns(p8.strip() + "\n", key, team, bundle, sandbox);
    }

    /** The signing key of a .p8 file. */
    static ECPrivateKey signingKey(String p8) {
        byte[] der;
        try {
            der = Pem.decode(p8, "PRIVATE KEY");
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the APNs key is not a .p8 file (PEM \"PRIVATE KEY\")", e);
        }
        ECPrivateKey key;
        try {
            key = P256Keys.decodePrivate(der);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the APNs key is not a P-256 private key", e);
        }
        if (key.getParams().getCurve().getField().getFieldSize() != 256) {
            throw new IllegalArgumentException("the APNs key is not a P-256 private key");
        }
        return key;
    }
}
