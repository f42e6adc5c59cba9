package dev.parley.media.srtp;

import java.util.Arrays;

/**
 * The master keys and salts of one DTLS-SRTP association, split per RFC 5764 §4.2 from the
 * {@code EXTRACTOR-dtls_srtp} export: client key, server key, client salt, server salt.
 *
 * @param localKey   what this side protects with
 * @param remoteKey  what the peer protected with
 */
public record SrtpKeys(SrtpProfile profile, byte[] localKey, byte[] localSalt, byte[] remoteKey, byte[] remoteSalt) {

    /** How many bytes to export for {@code profile}: two keys and two salts. */
    public static int exportLength(SrtpProfile profile) {
        return 2 * (profile.keyLength() + profile.saltLength());
    }

    /** Splits the exported keying material; the server's keys are its local ones. */
    public static SrtpKeys fromDtlsExport(SrtpProfile profile, byte[] material, boolean server) {
        int k = profile.keyLength();
        int s = profile.saltLength();
        if (material.length != exportLength(profile)) {
            throw new IllegalArgumentException("expected " + exportLength(profile) + " bytes of keying material, got " + material.length);
        }
        byte[] clientKey = Arrays.copyOfRange(material, 0, k);
        byte[] serverKey = Arrays.copyOfRange(material, k, 2 * k);
        byte[] clientSalt = Arrays.copyOfRange(material, 2 * k, 2 * k + s);
        byte[] serverSalt = Arrays.copyOfRange(material, 2 * k + s, 2 * k + 2 * s);
        return server
                ? new SrtpKeys(profile, serverKey, serverSalt, clientKey, clientSalt)
                : new SrtpKeys(profile, clientKey, clientSalt, serverKey, serverSalt);
    }

    /** Overwrites the key material once the contexts have their own copies. */
    public void wipe() {
        Arrays.fill(localKey, (byte) 0);
        Arrays.fill(localSalt, (byte) 0);
        Arrays.fill(remoteKey, (byte) 0);
        Arrays.fill(remoteSalt, (byte) 0);
    }

    @Override
    public String toString() {
        return "SrtpKeys[" + profile + "]";
    }
}
