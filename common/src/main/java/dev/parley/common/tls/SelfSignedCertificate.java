package dev.parley.common.tls;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The certificate Parley serves TLS with when none is configured: an ECDSA P-256 self-signed certificate
 * generated on first run and kept as PEM files in a directory (the private key readable by its owner only).
 * It is reused while it is valid for at least another 30 days and still covers the names asked for.
 */
public final class SelfSignedCertificate {

    /** The PEM files of a certificate chain and its private key. */
    public record PemFiles(Path certificate, Path privateKey) {
    }

    private static final Duration RENEW_BEFORE = Duration.ofDays(30);
    private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");

    private SelfSignedCertificate() {
    }

    /** Returns the files in {@code dir}, generating them when missing, expiring, or not covering {@code names}. */
    public static PemFiles ensure(Path dir, List<String> extraNames, Duration validity) {
        Path certificate = dir.resolve("parley-cert.pem");
        Path key = dir.resolve("parley-key.pem");
        Set<String> names = names(extraNames);
        try {
            if (Files.isRegularFile(certificate) && Files.isRegularFile(key) && stillGood(certificate, names)) {
                return new PemFiles(certificate, key);
            }
            if (!Files.isDirectory(dir)) {
                // The private key lives here: the directory is its owner's alone (the key file is 0600 too).
                Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            generate(certificate, key, names, validity);
            return new PemFiles(certificate, key);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the TLS certificate into " + dir, e);
        }
    }

    /** localhost, loopback addresses, this machine's host name, and the extra names. */
    static Set<String> names(List<String> extra) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        try {
            names.add(InetAddress.getLocalHost().getHostName());
        } catch (IOException e) {
            // No resolvable host name: the loopback names still cover local use.
        }
        for (String name : extra) {
            if (!name.isBlank() && !name.equals("0.0.0.0") && !name.equals("::")) {
                names.add(name.trim());
            }
        }
        return names;
    }

    private static boolean stillGood(Path certificate, Set<String> names) throws IOException {
        try (Reader reader = Files.newBufferedReader(certificate)) {
            Object parsed = new PEMParser(reader).readObject();
            if (!(parsed instanceof X509CertificateHolder holder)) {
                return false;
            }
            X509Certificate cert = new JcaX509CertificateConverter().getCertificate(holder);
            if (cert.getNotAfter().toInstant().isBefore(Instant.now().plus(RENEW_BEFORE))) {
                return false;
            }
            Set<String> covered = new LinkedHashSet<>();
            if (cert.getSubjectAlternativeNames() != null) {
                for (List<?> san : cert.getSubjectAlternativeNames()) {
                    covered.add(String.valueOf(san.get(1)));
                }
            }
            return names.stream().allMatch(n -> covered.contains(n) || covered.contains(expandIpv6(n)));
        } catch (GeneralSecurityException | RuntimeException e) {
            return false;
        }
    }

    private static void generate(Path certificateFile, Path keyFile, Set<String> names, Duration validity) throws IOException {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"), new SecureRandom());
            KeyPair keys = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name subject = new X500Name("CN=Parley self-signed (" + names.iterator().next() + "),O=Parley");
            List<GeneralName> alternatives = new ArrayList<>();
            for (String name : names) {
                boolean ip = IPV4.matcher(name).matches() || name.contains(":");
                alternatives.add(new GeneralName(ip ? GeneralName.iPAddress : GeneralName.dNSName, name));
            }
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(128, new SecureRandom()), Date.from(now.minus(Duration.ofHours(1))),
                    Date.from(now.plus(validity)), subject, keys.getPublic());
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth));
            builder.addExtension(Extension.subjectAlternativeName, false,
                    new GeneralNames(alternatives.toArray(GeneralName[]::new)));
            X509CertificateHolder holder = builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(keys.getPrivate()));
            // PKCS#8 ("BEGIN PRIVATE KEY"): the form every TLS stack reads, Vert.x's included.
            writePem(keyFile, new JcaPKCS8Generator(keys.getPrivate(), null).generate(), true);
            writePem(certificateFile, new JcaX509CertificateConverter().getCertificate(holder), false);
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate", e);
        }
    }

    private static void writePem(Path file, Object object, boolean secret) throws IOException {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        }
        Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temporary);
        if (secret) {
            Files.createFile(temporary, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(temporary, text.toString(), StandardCharsets.US_ASCII, StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING);
        Files.move(temporary, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /** Certificates list IPv6 addresses in full form ("0:0:0:0:0:0:0:1"). */
    private static String expandIpv6(String name) {
        if (!name.contains(":")) {
            return name;
        }
        try {
            return InetAddress.getByName(name).getHostAddress();
        } catch (IOException e) {
            return name;
        }
    }
}
