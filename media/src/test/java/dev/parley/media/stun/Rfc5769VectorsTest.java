package dev.parley.media.stun;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static dev.parley.media.stun.Hex.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** The test vectors of RFC 5769 ("Test Vectors for STUN"), sections 2.1 to 2.4. */
class Rfc5769VectorsTest {

    private static final String PASSWORD = "VOkJxbRl1RmTxUk/WvJxBt";
    private static final byte[] TRANSACTION_ID = bytes("b7 e7 a7 01 bc 34 d6 86 fa 87 df ae");

    /** §2.1 Sample Request (the padding of SOFTWARE and USERNAME is 0x20 in the RFC, on purpose). */
    static final byte[] REQUEST = bytes("""
            00 01 00 58 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 10 53 54 55 4e 20 74 65 73 74 20 63 6c 69 65 6e 74
            00 24 00 04 6e 00 01 ff
            80 29 00 08 93 2f f9 b1 51 26 3b 36
            00 06 00 09 65 76 74 6a 3a 68 36 76 59 20 20 20
            00 08 00 14 9a ea a7 0c bf d8 cb 56 78 1e f2 b5 b2 d3 f2 49 c1 b5 71 a2
            80 28 00 04 e5 7a 3b cf""");

    /** §2.2 Sample IPv4 Response. */
    static final byte[] IPV4_RESPONSE = bytes("""
            01 01 00 3c 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 08 00 01 a1 47 e1 12 a6 43
            00 08 00 14 2b 91 f5 99 fd 9e 90 c3 8c 74 89 f9 2a f9 ba 53 f0 6b e7 d7
            80 28 00 04 c0 7d 4c 96""");

    /** §2.3 Sample IPv6 Response. */
    static final byte[] IPV6_RESPONSE = bytes("""
            01 01 00 48 21 12 a4 42 b7 e7 a7 01 bc 34 d6 86 fa 87 df ae
            80 22 00 0b 74 65 73 74 20 76 65 63 74 6f 72 20
            00 20 00 14 00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9
            00 08 00 14 a3 82 95 4e 4b e6 7b f1 17 84 c9 7c 82 92 c2 75 bf e3 ed 41
            80 28 00 04 c8 fb 0b 4c""");

    /** §2.4 Sample Request with Long-Term Authentication. */
    static final byte[] LONG_TERM_REQUEST = bytes("""
            00 01 00 60 21 12 a4 42 78 ad 34 33 c6 ad 72 c0 29 da 41 2e
            00 06 00 12 e3 83 9e e3 83 88 e3 83 aa e3 83 83 e3 82 af e3 82 b9 00 00
            00 15 00 1c 66 2f 2f 34 39 39 6b 39 35 34 64 36 4f 4c 33 34 6f 4c 39 46 53 54 76 79 36 34 73 41
            00 14 00 0b 65 78 61 6d 70 6c 65 2e 6f 72 67 00
            00 08 00 14 f6 70 24 65 6d d6 4a 3e 02 b8 e0 71 2e 85 c9 a2 8c a8 96 66""");

    private static final int NONCE = 0x0015;
    private static final int REALM = 0x0014;

    @Test
    void sampleRequestCarriesIceAttributesAndVerifies() throws StunParseException {
        StunMessage request = StunMessage.parse(REQUEST, 0, REQUEST.length);

        assertThat(request.type()).isEqualTo(StunMessageType.BINDING_REQUEST);
        assertThat(request.transactionId()).isEqualTo(TRANSACTION_ID);
        assertThat(request.username()).isEqualTo("evtj:h6vY");
        assertThat(request.priority()).isEqualTo(0x6e0001ffL);
        assertThat(request.has(StunAttributeType.ICE_CONTROLLED)).isTrue();
        assertThat(request.tieBreaker(StunAttributeType.ICE_CONTROLLED)).isEqualTo(0x932ff9b151263b36L);
        assertThat(request.has(StunAttributeType.USE_CANDIDATE)).isFalse();
        int software = request.find(StunAttributeType.SOFTWARE);
        assertThat(new String(REQUEST, request.valueOffset(software), request.valueLength(software), StandardCharsets.UTF_8))
                .isEqualTo("STUN test client");
        assertThat(MessageIntegrity.shortTerm(PASSWORD).verify(request)).isTrue();
        assertThat(MessageIntegrity.shortTerm("VOkJxbRl1RmTxUk/WvJxBu").verify(request)).isFalse();
        assertThat(request.hasValidFingerprint()).isTrue();
        assertThat(request.unknownComprehensionRequired()).isEmpty();
    }

    @Test
    void sampleIpv4ResponseDecodesItsMappedAddress() throws StunParseException {
        StunMessage response = StunMessage.parse(IPV4_RESPONSE, 0, IPV4_RESPONSE.length);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(XorMappedAddress.read(response)).isEqualTo(new InetSocketAddress("192.0.2.1", 32853));
        assertThat(MessageIntegrity.shortTerm(PASSWORD).verify(response)).isTrue();
        assertThat(response.hasValidFingerprint()).isTrue();
        assertThat(encodedXorAddress(new InetSocketAddress("192.0.2.1", 32853))).isEqualTo(bytes("00 01 a1 47 e1 12 a6 43"));
    }

    @Test
    void sampleIpv6ResponseDecodesItsMappedAddress() throws StunParseException {
        StunMessage response = StunMessage.parse(IPV6_RESPONSE, 0, IPV6_RESPONSE.length);
        InetSocketAddress mapped = new InetSocketAddress("2001:db8:1234:5678:11:2233:4455:6677", 32853);

        assertThat(XorMappedAddress.read(response)).isEqualTo(mapped);
        assertThat(MessageIntegrity.shortTerm(PASSWORD).verify(response)).isTrue();
        assertThat(response.hasValidFingerprint()).isTrue();
        assertThat(encodedXorAddress(mapped)).isEqualTo(bytes("00 02 a1 47 01 13 a9 fa a5 d3 f1 79 bc 25 f4 b5 be d2 b9 d9"));
    }

    /**
     * Long-term credentials (TURN's, RFC 8489 §9.2.2): the vector's username, realm and password (after
     * SASLprep) give the key MD5(username ":" realm ":" password) that verifies it, and the writer re-encodes
     * the vector byte for byte (its padding is zeros).
     */
    @Test
    void longTermRequestVerifiesAndReencodesExactly() throws Exception {
        StunMessage request = StunMessage.parse(LONG_TERM_REQUEST, 0, LONG_TERM_REQUEST.length);
        String username = "\u30DE\u30C8\u30EA\u30C3\u30AF\u30B9";
        MessageIntegrity key = MessageIntegrity.longTerm(username, "example.org", "TheMatrIX");

        assertThat(request.username()).isEqualTo(username);
        assertThat(request.has(StunAttributeType.FINGERPRINT)).isFalse();
        assertThat(key.verify(request)).isTrue();
        assertThat(MessageIntegrity.longTerm(username, "example.org", "TheMatrix").verify(request)).isFalse();
        assertThat(MessageIntegrity.shortTerm("TheMatrIX").verify(request)).isFalse();

        byte[] out = new byte[200];
        int nonce = request.find(NONCE);
        int realm = request.find(REALM);
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, request.transactionId(), out, 0, out.length)
                .addBytes(StunAttributeType.USERNAME, username.getBytes(StandardCharsets.UTF_8))
                .addBytes(NONCE, LONG_TERM_REQUEST, request.valueOffset(nonce), request.valueLength(nonce))
                .addBytes(REALM, LONG_TERM_REQUEST, request.valueOffset(realm), request.valueLength(realm))
                .addMessageIntegrity(key)
                .length();
        assertThat(Arrays.copyOf(out, length)).isEqualTo(LONG_TERM_REQUEST);
    }

    private static byte[] encodedXorAddress(InetSocketAddress address) throws StunParseException {
        byte[] out = new byte[64];
        int length = StunMessageWriter.create(StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION_ID, out, 0, out.length)
                .addXorMappedAddress(address).length();
        StunMessage written = StunMessage.parse(out, 0, length);
        int i = written.find(StunAttributeType.XOR_MAPPED_ADDRESS);
        return Arrays.copyOfRange(out, written.valueOffset(i), written.valueOffset(i) + written.valueLength(i));
    }
}
