package dev.parley.media.dtls;

import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.AlertLevel;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.CipherSuite;
import org.bouncycastle.tls.ClientCertificateType;
import org.bouncycastle.tls.DefaultTlsServer;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsCredentialedSigner;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;

import java.io.IOException;
import java.util.Hashtable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * bctls's server side of one DTLS-SRTP association (RFC 5764): DTLS 1.2 only, ECDHE-ECDSA suites,
 * use_srtp with the SFU's preferred common profile, a client certificate required and checked against
 * the peer's SDP fingerprint (RFC 5763 §5), and the SRTP keys exported when the handshake completes
 * (RFC 5764 §4.2).
 *
 * <p>The peer's fingerprint may not be known when its ClientHello arrives (a subscriber's answer can
 * reach the server after its DTLS does), so the certificate check waits for it, up to the handshake
 * timeout; it runs on the session's own thread, never on the event loop. While it waits, the session's
 * handshake slot is given back ({@link HandshakeSlot}), so that waiting on the signalling holds up no other
 * handshake.
 *
 * <p>Threading: used by one session thread; {@link #failure()} and {@link #srtpKeys()} are read by that
 * thread after the handshake.
 */
final class DtlsSrtpServer extends DefaultTlsServer {

    /** What browsers offer over DTLS 1.2 with ECDSA certificates, AEAD first; CBC for older stacks. */
    private static final int[] CIPHER_SUITES = {
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA,
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA,
    };

    private final DtlsCertificate certificate;
    private final CompletableFuture<DtlsFingerprint> remoteFingerprint;
    private final long fingerprintWaitMillis;
    private final HandshakeSlot slot;
    private SrtpProfile profile;
    private SrtpKeys keys;
    private volatile DtlsFailure failure;
    private volatile boolean closedByPeer;

    DtlsSrtpServer(JcaTlsCrypto crypto, DtlsCertificate certificate, CompletableFuture<DtlsFingerprint> remoteFingerprint,
            long fingerprintWaitMillis, HandshakeSlot slot) {
        super(crypto);
        this.certificate = certificate;
        this.remoteFingerprint = remoteFingerprint;
        this.fingerprintWaitMillis = fingerprintWaitMillis;
        this.slot = slot;
    }

    /** Why the handshake failed, when this server knows; null otherwise. */
    DtlsFailure failure() {
        return failure;
    }

    /** The exported keys, once the handshake completed. */
    SrtpKeys srtpKeys() {
        return keys;
    }

    /** Whether the peer sent close_notify or a fatal alert. */
    boolean closedByPeer() {
        return closedByPeer;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @Override
    protected int[] getSupportedCipherSuites() {
        return TlsUtils.getSupportedCipherSuites(getCrypto(), CIPHER_SUITES);
    }

    @Override
    protected TlsCredentialedSigner getECDSASignerCredentials() throws IOException {
        JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
        TlsCertificate tlsCertificate = crypto.createCertificate(certificate.der());
        return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, certificate.privateKey(),
                new Certificate(new TlsCertificate[] {tlsCertificate}), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /** RFC 5764 §4.1.1: pick the SFU's most preferred profile among those the client offers. bctls's API is raw. */
    @SuppressWarnings("rawtypes")
    @Override
    public void processClientExtensions(Hashtable clientExtensions) throws IOException {
        super.processClientExtensions(clientExtensions);
        UseSRTPData offered = TlsSRTPUtils.getUseSRTPExtension(clientExtensions);
        if (offered != null) {
            for (SrtpProfile candidate : SrtpProfile.values()) {
                for (int id : offered.getProtectionProfiles()) {
                    if (profile == null && id == candidate.dtlsId()) {
                        profile = candidate;
                    }
                }
            }
        }
        if (profile == null) {
            failure = DtlsFailure.NO_SRTP_PROFILE;
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no common use_srtp profile");
        }
    }

    /** RFC 5764 §4.1.1: the server's use_srtp names the one profile chosen; no MKI. bctls's API is raw. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    @Override
    public Hashtable getServerExtensions() throws IOException {
        Hashtable serverExtensions = super.getServerExtensions();
        TlsSRTPUtils.addUseSRTPExtension(serverExtensions, new UseSRTPData(new int[] {profile.dtlsId()}, TlsUtils.EMPTY_BYTES));
        return serverExtensions;
    }

    /** RFC 5763 §5: the server MUST request a certificate; it is what the SDP fingerprint authenticates. */
    @Override
    public CertificateRequest getCertificateRequest() {
        return new CertificateRequest(new short[] {ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign},
                TlsUtils.getDefaultSupportedSignatureAlgorithms(context), null);
    }

    @Override
    public void notifyClientCertificate(Certificate clientCertificate) throws IOException {
        if (clientCertificate == null || clientCertificate.isEmpty()) {
            failure = DtlsFailure.NO_CLIENT_CERTIFICATE;
            throw new TlsFatalAlert(AlertDescription.handshake_failure, "no client certificate");
        }
        DtlsFingerprint expected = awaitRemoteFingerprint();
        if (!expected.matches(clientCertificate.getCertificateAt(0).getEncoded())) {
            failure = DtlsFailure.FINGERPRINT_MISMATCH;
            throw new TlsFatalAlert(AlertDescription.bad_certificate, "certificate does not match the SDP fingerprint");
        }
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        byte[] material = context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.exportLength(profile));
        keys = SrtpKeys.fromDtlsExport(profile, material, true);
        java.util.Arrays.fill(material, (byte) 0);
    }

    @Override
    public void notifyAlertReceived(short alertLevel, short alertDescription) {
        if (alertLevel == AlertLevel.fatal || alertDescription == AlertDescription.close_notify) {
            closedByPeer = true;
        }
    }

    private DtlsFingerprint awaitRemoteFingerprint() throws IOException {
        boolean waiting = !remoteFingerprint.isDone();
        if (waiting) {
            slot.release();
        }
        DtlsFingerprint fingerprint;
        try {
            fingerprint = remoteFingerprint.get(fingerprintWaitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TlsFatalAlert(AlertDescription.internal_error, "interrupted waiting for the SDP fingerprint");
        } catch (ExecutionException | TimeoutException e) {
            throw new TlsFatalAlert(AlertDescription.internal_error, "no SDP fingerprint to check the certificate against");
        }
        if (waiting) {
            slot.take();
        }
        return fingerprint;
    }
}
