package dev.parley.common.tls;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SelfSignedCertificateTest {

    @Test
    void generatesOnceAndReusesWhileValid(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir, List.of(), Duration.ofDays(365));
        String pem = Files.readString(first.certificate());
        SelfSignedCertificate.PemFiles second = SelfSignedCertificate.ensure(dir, List.of(), Duration.ofDays(365));
        assertThat(Files.readString(second.certificate())).isEqualTo(pem);
        assertThat(Files.getPosixFilePermissions(first.privateKey()))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
    }

    @Test
    void coversLoopbackAndConfiguredNames(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles files = SelfSignedCertificate.ensure(dir, List.of("parley.example", "198.18.0.1"),
                Duration.ofDays(365));
        X509Certificate cert = read(files.certificate());
        List<String> names = cert.getSubjectAlternativeNames().stream().map(san -> String.valueOf(san.get(1))).toList();
        assertThat(names).contains("localhost", "127.0.0.1", "parley.example", "198.18.0.1");
        cert.verify(cert.getPublicKey());
    }

    @Test
    void regeneratesWhenANewNameIsAsked(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir, List.of(), Duration.ofDays(365));
        String before = Files.readString(first.certificate());
        SelfSignedCertificate.ensure(dir, List.of("new.example"), Duration.ofDays(365));
        assertThat(Files.readString(first.certificate())).isNotEqualTo(before);
    }

    @Test
    void regeneratesWhenCloseToExpiry(@TempDir Path dir) throws Exception {
        SelfSignedCertificate.PemFiles first = SelfSignedCertificate.ensure(dir, List.of(), Duration.ofDays(10));
        String before = Files.readString(first.certificate());
        SelfSignedCertificate.ensure(dir, List.of(), Duration.ofDays(365));
        assertThat(Files.readString(first.certificate())).isNotEqualTo(before);
    }

    private static X509Certificate read(Path file) throws Exception {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }
}
