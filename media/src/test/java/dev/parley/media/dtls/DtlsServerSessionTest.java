package dev.parley.media.dtls;

import dev.parley.media.srtp.SrtpKeys;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.media.srtp.SrtpReceiver;
import dev.parley.media.srtp.SrtpSender;
import org.bouncycastle.tls.DTLSTransport;
import org.bouncycastle.tls.SRTPProtectionProfile;
import org.bouncycastle.tls.TlsFatalAlertReceived;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** DTLS-SRTP (RFC 5764, RFC 5763 §5) between a bctls client and the SFU's server session, in memory. */
class DtlsServerSessionTest {

    private static final DtlsCertificate SERVER_CERTIFICATE = DtlsCertificate.generate();

    private final ExecutorService loop = Executors.newSingleThreadExecutor(r -> new Thread(r, "test-loop"));
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final BlockingQueue<SrtpKeys> connected = new LinkedBlockingQueue<>();
    private final BlockingQueue<byte[]> applicationData = new LinkedBlockingQueue<>();
    private final InMemoryLink link = new InMemoryLink(loop);
    private DtlsServerSession session;

    @AfterEach
    void stop() {
        if (session != null) {
            session.close();
        }
        loop.shutdownNow();
    }

    @Test
    void handshakeAgreesOnGcmAndKeysThatCarrySrtpBothWays() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80, SrtpProfile.AEAD_AES_128_GCM);
        startSession(new Semaphore(4)).setRemoteFingerprint(client.fingerprint());

        client.connect(link.client());
        SrtpKeys server = connected.poll(10, TimeUnit.SECONDS);

        assertThat(server).as("connected").isNotNull();
        assertThat(server.profile()).as("GCM preferred even when offered second").isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(client.srtpKeys().profile()).isEqualTo(SrtpProfile.AEAD_AES_128_GCM);
        assertThat(server.localKey()).isEqualTo(client.srtpKeys().remoteKey());
        assertThat(server.remoteSalt()).isEqualTo(client.srtpKeys().localSalt());
        assertSrtpFlows(client.srtpKeys(), server);
        assertSrtpFlows(server, client.srtpKeys());
    }

    @Test
    void acceptsAesCmWhenThatIsAllTheClientOffers() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AES128_CM_HMAC_SHA1_80);
        startSession(new Semaphore(4)).setRemoteFingerprint(client.fingerprint());

        client.connect(link.client());

        assertThat(connected.poll(10, TimeUnit.SECONDS).profile()).isEqualTo(SrtpProfile.AES128_CM_HMAC_SHA1_80);
    }

    @Test
    void aCertificateThatIsNotTheSdpFingerprintFailsTheSession() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
        startSession(new Semaphore(4)).setRemoteFingerprint(DtlsCertificate.generate().fingerprint());

        assertThatThrownBy(() -> client.connect(link.client())).isInstanceOf(TlsFatalAlertReceived.class).hasMessageContaining("bad_certificate");
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("failed FINGERPRINT_MISMATCH");
        assertThat(connected).isEmpty();
    }

    @Test
    void theFingerprintMayArriveAfterTheClientHello() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
        DtlsServerSession server = startSession(new Semaphore(4));
        Thread late = Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException e) {
                return;
            }
            server.setRemoteFingerprint(client.fingerprint());
        });

        client.connect(link.client());
        late.join();

        assertThat(connected.poll(10, TimeUnit.SECONDS)).isNotNull();
    }

    @Test
    void noCommonSrtpProfileFailsTheHandshake() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), new int[] {SRTPProtectionProfile.SRTP_AES128_CM_HMAC_SHA1_32});
        startSession(new Semaphore(4)).setRemoteFingerprint(client.fingerprint());

        assertThatThrownBy(() -> client.connect(link.client())).isInstanceOf(IOException.class);
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("failed NO_SRTP_PROFILE");
    }

    @Test
    void applicationDataPassesBothWaysAndCloseNotifyEndsTheSession() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
        DtlsServerSession server = startSession(new Semaphore(4));
        server.setRemoteFingerprint(client.fingerprint());
        DTLSTransport clientSide = client.connect(link.client());
        assertThat(connected.poll(10, TimeUnit.SECONDS)).isNotNull();

        byte[] hello = "sctp would go here".getBytes(StandardCharsets.UTF_8);
        clientSide.send(hello, 0, hello.length);
        assertThat(applicationData.poll(10, TimeUnit.SECONDS)).isEqualTo(hello);

        byte[] reply = "and back".getBytes(StandardCharsets.UTF_8);
        server.sendApplicationData(reply, 0, reply.length);
        byte[] received = new byte[100];
        int n = clientSide.receive(received, 0, received.length, 10_000);
        assertThat(Arrays.copyOf(received, n)).isEqualTo(reply);

        clientSide.close();
        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("failed CLOSED_BY_PEER");
    }

    @Test
    void noHandshakeSlotWithinTheTimeoutIsBusy() throws Exception {
        TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
        session = new DtlsServerSession(SERVER_CERTIFICATE, 16, 1500, link.sink(), new Semaphore(0), Duration.ofMillis(200), loop, listener());
        link.attach(session);
        Thread attempt = Thread.ofVirtual().start(() -> {
            try {
                client.connect(link.client());
            } catch (IOException expected) {
                // the server never answers
            }
        });

        assertThat(events.poll(10, TimeUnit.SECONDS)).startsWith("failed BUSY");
        attempt.interrupt();
    }

    @Test
    void aHandshakeWaitingOnItsPeerHoldsNoSlotThatAnotherNeeds() throws Exception {
        Semaphore onePermit = new Semaphore(1);
        // A handshake whose SDP fingerprint never comes: it waits for it after the client's second flight.
        InMemoryLink stalledLink = new InMemoryLink(loop);
        DtlsServerSession stalled = new DtlsServerSession(SERVER_CERTIFICATE, 16, 1500, stalledLink.sink(), onePermit,
                Duration.ofSeconds(60), loop, listener());
        stalledLink.attach(stalled);
        TestDtlsClient stalledClient = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
        Thread stalledAttempt = Thread.ofVirtual().start(() -> {
            try {
                stalledClient.connect(stalledLink.client());
            } catch (IOException expected) {
                // the session is closed below
            }
        });
        try {
            assertThat(stalledLink.awaitFirstSend(10)).as("the stalled handshake answered its ClientHello").isTrue();

            TestDtlsClient client = new TestDtlsClient(SERVER_CERTIFICATE.fingerprint(), SrtpProfile.AEAD_AES_128_GCM);
            startSession(onePermit).setRemoteFingerprint(client.fingerprint());
            Thread attempt = Thread.ofVirtual().start(() -> {
                try {
                    client.connect(link.client());
                } catch (IOException e) {
                    events.add("client failed: " + e);
                }
            });

            assertThat(connected.poll(20, TimeUnit.SECONDS)).as("the second handshake, beside the stalled one").isNotNull();
            assertThat(events).as("nothing failed: the stalled handshake is still waiting").isEmpty();
            attempt.join();
        } finally {
            stalled.close();
            stalledAttempt.interrupt();
        }
    }

    @Test
    void aClosedSessionRefusesDatagramsAndReportsNothing() throws Exception {
        DtlsServerSession server = startSession(new Semaphore(4));
        server.close();
        assertThat(server.offer(new byte[] {22, (byte) 0xFE, (byte) 0xFD})).isFalse();
        assertThat(events.poll(300, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void fingerprintsParseAndPrintAsSdpHasThem() {
        DtlsFingerprint fingerprint = SERVER_CERTIFICATE.fingerprint();
        assertThat(fingerprint.sdpValue()).matches("sha-256 ([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(DtlsFingerprint.parse(fingerprint.sdpValue().toLowerCase())).isEqualTo(fingerprint);
        assertThat(DtlsFingerprint.parse("SHA-256   " + fingerprint.sdpValue().substring(8))).isEqualTo(fingerprint);
        assertThatThrownBy(() -> DtlsFingerprint.parse("md5 AB:CD")).hasMessageContaining("unsupported");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 AB:CD")).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256 XY:CD")).hasMessageContaining("hex");
        assertThatThrownBy(() -> DtlsFingerprint.parse("sha-256")).hasMessageContaining("<hash-function>");
    }

    private DtlsServerSession startSession(Semaphore permits) {
        session = new DtlsServerSession(SERVER_CERTIFICATE, 16, 1500, link.sink(), permits, Duration.ofSeconds(10), loop, listener());
        link.attach(session);
        return session;
    }

    private DtlsServerSession.Listener listener() {
        return new DtlsServerSession.Listener() {
            @Override
            public void onConnected(SrtpKeys keys) {
                connected.add(keys);
            }

            @Override
            public void onApplicationData(byte[] data) {
                applicationData.add(data);
            }

            @Override
            public void onFailed(DtlsFailure failure, String detail) {
                events.add("failed " + failure + ": " + detail);
            }
        };
    }

    private static void assertSrtpFlows(SrtpKeys from, SrtpKeys to) {
        byte[] packet = new byte[200];
        packet[0] = (byte) 0x80;
        packet[11] = 42;
        byte[] buf = Arrays.copyOf(packet, packet.length + SrtpProfile.MAX_OVERHEAD);
        int length = new SrtpSender(from, 4).protectRtp(buf, 0, packet.length);
        assertThat(new SrtpReceiver(to, 4).unprotectRtp(buf, 0, length)).isEqualTo(packet.length);
        assertThat(Arrays.copyOf(buf, packet.length)).isEqualTo(packet);
    }
}
