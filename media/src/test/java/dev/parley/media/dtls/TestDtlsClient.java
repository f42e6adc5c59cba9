package dev.parley.media.dtls;

import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;

/**
 * A browser-like DTLS-SRTP client on bctls for tests: DTLS 1.2, use_srtp with the given profiles, its
 * own self-signed certificate, and the server's certificate checked against the fingerprint it was told.
 */
public final class TestDtlsClient extends DefaultTlsClient {

    private final DtlsCertificate own = DtlsCertificate.generate();
    private final DtlsFingerprint expectedServer;
    private final int[] offeredProfiles;
    private SrtpProfile profile;
    private SrtpKeys keys;

    public TestDtlsClient(DtlsFingerprint expectedServer, SrtpProfile... offered) {
        this(expectedServer, java.util.Arrays.stream(offered).mapToInt(SrtpProfile::dtlsId).toArray());
    }

    /** Offers raw use_srtp profile ids, e.g. ones the server does not support. */
    public TestDtlsClient(DtlsFingerprint expectedServer, int[] offeredProfiles) {
        super(new JcaTlsCryptoProvider().create(new SecureRandom()));
        this.expectedServer = expectedServer;
        this.offeredProfiles = offeredProfiles;
    }

    /** What the server's SDP would need to name for this client. */
    public DtlsFingerprint fingerprint() {
        return own.fingerprint();
    }

    /** Handshakes over {@code transport}; blocks until done or failed. */
    public DTLSTransport connect(DatagramTransport transport) throws IOException {
        return new DTLSClientProtocol().connect(this, transport);
    }

    /** The client's keys once connected: local is the client's. */
    public SrtpKeys srtpKeys() {
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = org.bouncycastle.tls.TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(offeredProfiles, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate serverCertificate) throws IOException {
                if (!expectedServer.matches(serverCertificate.getCertificate().getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "server certificate does not match");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
                TlsCertificate certificate = crypto.createCertificate(own.der());
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, own.privateKey(),
                        new Certificate(new TlsCertificate[] {certificate}), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @SuppressWarnings("rawtypes")
    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        profile = chosen == null ? null : SrtpProfile.ofDtlsId(chosen.getProtectionProfiles()[0]);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeys.fromDtlsExport(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.exportLength(profile)), false);
    }
}
