package dev.parley.media.dtls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

/**
 * The SFU's DTLS identity: an ECDSA P-256 key and a self-signed certificate made at server start
 * (browsers make theirs the same way, RFC 8827 §6.5), known to peers only by its fingerprint in SDP.
 * Immutable and thread-safe.
 */
public final class DtlsCertificate {

    /** Browsers check the fingerprint, not the dates; a year keeps a long-running server's certificate current anyway. */
    private static final Duration VALIDITY = Duration.ofDays(365);

    private final PrivateKey privateKey;
    private final byte[] der;
    private final DtlsFingerprint fingerprint;

    private DtlsCertificate(PrivateKey privateKey, byte[] der) {
        this.privateKey = privateKey;
        this.der = der;
        this.fingerprint = DtlsFingerprint.of("sha-256", der);
    }

    /** A fresh key pair and certificate (a few milliseconds of work). */
    public static DtlsCertificate generate() {
        try {
            SecureRandom random = new SecureRandom();
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), random);
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=Parley SFU");
            byte[] der = new JcaX509v3CertificateBuilder(subject, new BigInteger(64, random), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(VALIDITY)), subject, keys.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()))
                    .getEncoded();
            return new DtlsCertificate(keys.getPrivate(), der);
        } catch (GeneralSecurityException | OperatorCreationException | java.io.IOException e) {
            throw new IllegalStateException("cannot generate the DTLS certificate", e);
        }
    }

    /** For the SDP: {@code a=fingerprint:sha-256 ...}. */
    public DtlsFingerprint fingerprint() {
        return fingerprint;
    }

    /** The certificate's private key (for a DTLS peer of our own, e.g. bench/sfu-load's clients). */
    public PrivateKey privateKey() {
        return privateKey;
    }

    /** The certificate, DER-encoded (a copy). */
    public byte[] der() {
        return der.clone();
    }
}
