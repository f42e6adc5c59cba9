package dev.parley.media.srtp;

import org.jitsi.srtp.crypto.Aes;
import org.jitsi.srtp.crypto.JitsiOpenSslProvider;

import java.util.Arrays;

/**
 * Which AES implementation jitsi-srtp uses, and its one-time start-up. OpenSSL through jitsi-srtp's JNI
 * library when libcrypto loads, the JDK's SunJCE otherwise. Naming it up front skips jitsi-srtp's own
 * start-up benchmark of every provider, which times BouncyCastle's GCM 11,000 times (about ten seconds
 * on a two-core machine).
 *
 * <p>Even so, the first context in a JVM costs a few seconds: jitsi-srtp instantiates every cipher
 * factory it knows (BouncyCastle's takes about two) and loads its native library. {@link #warmUp()}
 * pays that on a background thread at server start so that no call waits for it. Thread-safe.
 */
public final class SrtpCiphers {

    private static final String IMPLEMENTATION;

    static {
        IMPLEMENTATION = JitsiOpenSslProvider.isLoaded() ? "OpenSSL" : "SunJCE";
        Aes.setFactoryClassName(IMPLEMENTATION);
    }

    private SrtpCiphers() {
    }

    /** "OpenSSL" or "SunJCE"; the first call makes the choice. */
    public static String implementation() {
        return IMPLEMENTATION;
    }

    /** Creates and uses a throwaway context of each profile with {@code library}, so that later ones start at once. */
    public static void warmUp(SrtpLibrary library) {
        for (SrtpProfile profile : SrtpProfile.values()) {
            SrtpKeys keys = SrtpKeys.fromDtlsExport(profile, new byte[SrtpKeys.exportLength(profile)], true);
            byte[] packet = Arrays.copyOf(new byte[] {(byte) 0x80, 0, 0, 1}, 12 + 16 + SrtpProfile.MAX_OVERHEAD);
            try (SrtpSender sender = new SrtpSender(keys, 1, library); SrtpReceiver receiver = new SrtpReceiver(keys, 1, library)) {
                receiver.unprotectRtp(packet, 0, sender.protectRtp(packet, 0, 12 + 16));
            }
        }
    }
}
