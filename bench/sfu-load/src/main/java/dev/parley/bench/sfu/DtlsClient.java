package dev.parley.bench.sfu;

import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import org.bouncycastle.tls.AlertDescription;
import org.bouncycastle.tls.Certificate;
import org.bouncycastle.tls.CertificateRequest;
import org.bouncycastle.tls.DTLSClientProtocol;
import org.bouncycastle.tls.DatagramTransport;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ExporterLabel;
import org.bouncycastle.tls.HashAlgorithm;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.SignatureAlgorithm;
import org.bouncycastle.tls.SignatureAndHashAlgorithm;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsCredentials;
import org.bouncycastle.tls.TlsExtensionsUtils;
import org.bouncycastle.tls.TlsFatalAlert;
import org.bouncycastle.tls.TlsSRTPUtils;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.TlsUtils;
import org.bouncycastle.tls.UseSRTPData;
import org.bouncycastle.tls.crypto.TlsCertificate;
import org.bouncycastle.tls.crypto.TlsCryptoParameters;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaDefaultTlsCredentialedSigner;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCrypto;
import org.bouncycastle.tls.crypto.impl.jcajce.JcaTlsCryptoProvider;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.Hashtable;

/**
 * The participants' side of DTLS-SRTP (RFC 5763, RFC 5764) on bctls, as a browser is when it answers
 * {@code a=setup:active}: a DTLS 1.2 client offering AES-GCM (RFC 7714) and AES-CM/HMAC-SHA1-80 in use_srtp, with a
 * self-signed ECDSA certificate known to the server by its fingerprint, and the server's certificate checked against
 * the fingerprint in its SDP. One instance per handshake.
 */
final class DtlsClient extends DefaultTlsClient {

    private static final int[] PROFILES = {SrtpProfile.AEAD_AES_128_GCM.dtlsId(), SrtpProfile.AES128_CM_HMAC_SHA1_80.dtlsId()};

    private final DtlsCertificate identity;
    private final DtlsFingerprint server;
    private SrtpProfile profile;
    private SrtpKeys keys;

    DtlsClient(DtlsCertificate identity, DtlsFingerprint server) {
        super(new JcaTlsCryptoProvider().create(new SecureRandom()));
        this.identity = identity;
        this.server = server;
    }

    /** Handshakes over {@code transport} (blocks); returns the SRTP keys, local being the client's. */
    SrtpKeys handshake(DatagramTransport transport) throws IOException {
        new DTLSClientProtocol().connect(this, transport);
        return keys;
    }

    @Override
    protected ProtocolVersion[] getSupportedVersions() {
        return ProtocolVersion.DTLSv12.only();
    }

    @SuppressWarnings({"rawtypes", "unchecked"})
    @Override
    public Hashtable getClientExtensions() throws IOException {
        Hashtable extensions = TlsExtensionsUtils.ensureExtensionsInitialised(super.getClientExtensions());
        TlsSRTPUtils.addUseSRTPExtension(extensions, new UseSRTPData(PROFILES, TlsUtils.EMPTY_BYTES));
        return extensions;
    }

    @Override
    public TlsAuthentication getAuthentication() {
        return new TlsAuthentication() {
            @Override
            public void notifyServerCertificate(TlsServerCertificate certificate) throws IOException {
                if (!server.matches(certificate.getCertificate().getCertificateAt(0).getEncoded())) {
                    throw new TlsFatalAlert(AlertDescription.bad_certificate, "the server's certificate does not match its SDP fingerprint");
                }
            }

            @Override
            public TlsCredentials getClientCredentials(CertificateRequest request) throws IOException {
                JcaTlsCrypto crypto = (JcaTlsCrypto) getCrypto();
                TlsCertificate certificate = crypto.createCertificate(identity.der());
                return new JcaDefaultTlsCredentialedSigner(new TlsCryptoParameters(context), crypto, identity.privateKey(),
                        new Certificate(new TlsCertificate[] {certificate}), new SignatureAndHashAlgorithm(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
            }
        };
    }

    @SuppressWarnings("rawtypes")
    @Override
    public void processServerExtensions(Hashtable serverExtensions) throws IOException {
        super.processServerExtensions(serverExtensions);
        UseSRTPData chosen = TlsSRTPUtils.getUseSRTPExtension(serverExtensions);
        if (chosen == null || chosen.getProtectionProfiles().length != 1) {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "the server chose no SRTP profile");
        }
        profile = SrtpProfile.ofDtlsId(chosen.getProtectionProfiles()[0]);
    }

    @Override
    public void notifyHandshakeComplete() throws IOException {
        super.notifyHandshakeComplete();
        keys = SrtpKeys.fromDtlsExport(profile, context.exportKeyingMaterial(ExporterLabel.dtls_srtp, null, SrtpKeys.exportLength(profile)), false);
    }
}
