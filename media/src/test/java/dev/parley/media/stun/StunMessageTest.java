package dev.parley.media.stun;

import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Parsing is strict and bounds-checked (RFC 8489 §5, §14); writing round-trips. */
class StunMessageTest {

    private static final byte[] TRANSACTION = Hex.bytes("0102030405060708090a0b0c");
    private final MessageIntegrity integrity = MessageIntegrity.shortTerm("password-of-twenty-two");

    @Test
    void writtenResponseParsesBackWithIntegrityAndFingerprint() throws StunParseException {
        byte[] buf = new byte[300];
        int off = 17;
        InetSocketAddress peer = new InetSocketAddress("203.0.113.9", 50123);
        int length = StunMessageWriter.create(StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION, buf, off, 200)
                .addXorMappedAddress(peer).addMessageIntegrity(integrity).addFingerprint().length();

        StunMessage parsed = StunMessage.parse(buf, off, length);
        assertThat(parsed.messageClass()).isEqualTo(StunMessageType.CLASS_SUCCESS_RESPONSE);
        assertThat(parsed.method()).isEqualTo(StunMessageType.BINDING);
        assertThat(parsed.transactionId()).isEqualTo(TRANSACTION);
        assertThat(XorMappedAddress.read(parsed)).isEqualTo(peer);
        assertThat(integrity.verify(parsed)).isTrue();
        assertThat(parsed.hasValidFingerprint()).isTrue();

        buf[off + 30] ^= 1;
        StunMessage tampered = StunMessage.parse(buf, off, length);
        assertThat(integrity.verify(tampered)).isFalse();
        assertThat(tampered.hasValidFingerprint()).isFalse();
    }

    @Test
    void errorResponseCarriesCodeAndUnknownAttributes() throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_ERROR_RESPONSE, TRANSACTION, buf, 0, buf.length)
                .addErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE).addUnknownAttributes(new int[] {0x0031, 0x7000}).addFingerprint().length();
        StunMessage parsed = StunMessage.parse(buf, 0, length);
        assertThat(ErrorCode.read(parsed)).isEqualTo(ErrorCode.UNKNOWN_ATTRIBUTE);
        int unknown = parsed.find(StunAttributeType.UNKNOWN_ATTRIBUTES);
        assertThat(parsed.valueLength(unknown)).isEqualTo(4);
        assertThat(parsed.hasValidFingerprint()).isTrue();
    }

    @Test
    void messageTypesInterleaveMethodAndClass() {
        assertThat(StunMessageType.BINDING_REQUEST).isEqualTo(0x0001);
        assertThat(StunMessageType.BINDING_INDICATION).isEqualTo(0x0011);
        assertThat(StunMessageType.BINDING_SUCCESS_RESPONSE).isEqualTo(0x0101);
        assertThat(StunMessageType.BINDING_ERROR_RESPONSE).isEqualTo(0x0111);
        for (int method = 0; method < 0x1000; method += 0x155) {
            for (int cls = 0; cls < 4; cls++) {
                int type = StunMessageType.of(method, cls);
                assertThat(StunMessageType.method(type)).isEqualTo(method);
                assertThat(StunMessageType.messageClass(type)).isEqualTo(cls);
            }
        }
    }

    @Test
    void rejectsWhatIsNotOneWellFormedMessage() {
        byte[] good = Rfc5769VectorsTest.REQUEST;
        assertRejected(Arrays.copyOf(good, 19), "shorter than a STUN header");
        assertRejected(Arrays.copyOf(good, good.length - 4), "does not match");
        assertRejected(concat(good, new byte[4]), "does not match");
        assertRejected(mutate(good, b -> b[0] |= (byte) 0x80), "first two bits");
        assertRejected(mutate(good, b -> b[4] ^= 1), "magic cookie");
        assertRejected(mutate(good, b -> b[3] = 0x57), "not a multiple of 4");
        // SOFTWARE's length made to run past the end of the message.
        assertRejected(mutate(good, b -> b[23] = (byte) 0xF0), "overruns");
        // PRIORITY with a length of 8 instead of 4 (the next attribute still lines up).
        assertRejected(mutate(good, b -> b[43] = 8), "has length 8, not 4");
    }

    @Test
    void rejectsAttributesAfterFingerprintAndIgnoresThoseAfterIntegrity() throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addFingerprint().addInt(StunAttributeType.PRIORITY, 7).length();
        assertThatThrownBy(() -> StunMessage.parse(buf, 0, length)).hasMessageContaining("after FINGERPRINT");

        int signed = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addMessageIntegrity(integrity).addInt(StunAttributeType.PRIORITY, 7).addFingerprint().length();
        StunMessage parsed = StunMessage.parse(buf, 0, signed);
        assertThat(parsed.has(StunAttributeType.PRIORITY)).isFalse();
        assertThat(integrity.verify(parsed)).isTrue();
        assertThat(parsed.hasValidFingerprint()).isTrue();
    }

    @Test
    void refusesMoreAttributesThanIceEverSends() {
        byte[] buf = new byte[1000];
        StunMessageWriter writer = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length);
        for (int i = 0; i <= StunMessage.MAX_ATTRIBUTES; i++) {
            writer.addFlag(0x8100 + i);
        }
        int length = writer.length();
        assertThatThrownBy(() -> StunMessage.parse(buf, 0, length)).hasMessageContaining("more than 32 attributes");
    }

    @Test
    void listsComprehensionRequiredAttributesItDoesNotUnderstand() throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addFlag(StunAttributeType.USE_CANDIDATE).addFlag(0x0031).addFlag(0xC057).length();
        assertThat(StunMessage.parse(buf, 0, length).unknownComprehensionRequired()).containsExactly(0x0031);
    }

    @Test
    void listsUnknownComprehensionRequiredAttributesOnlyWhenThereAreAny() throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addFlag(StunAttributeType.USE_CANDIDATE).addFlag(0xC057).length();
        assertThat(StunMessage.parse(buf, 0, length).hasUnknownComprehensionRequired()).isFalse();
        length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addFlag(0x0031).length();
        assertThat(StunMessage.parse(buf, 0, length).hasUnknownComprehensionRequired()).isTrue();
    }

    @Test
    void usernameIsComparesTheUfragsByteByByte() throws StunParseException {
        StunMessage withName = withUsername("abcd:EFGH+/12".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(withName.usernameIs("abcd", "EFGH+/12")).isTrue();
        assertThat(withName.usernameIs("abcd", null)).as("any remote ufrag").isTrue();
        assertThat(withName.usernameIs("abc", null)).as("the colon must follow the local ufrag").isFalse();
        assertThat(withName.usernameIs("abcde", null)).isFalse();
        assertThat(withName.usernameIs("abcd", "EFGH+/1")).as("the whole remote ufrag").isFalse();
        assertThat(withName.usernameIs("abcd", "EFGH+/123")).isFalse();
        assertThat(withName.usernameIs("abce", "EFGH+/12")).isFalse();
        assertThat(withName.usernameIs("abcd", "EFGH+/13")).isFalse();
        assertThat(withUsername("abcd".getBytes(java.nio.charset.StandardCharsets.UTF_8)).usernameIs("abcd", null))
                .as("no colon").isFalse();
        // A character outside ASCII never matches the byte its low half would give.
        assertThat(withUsername(new byte[] {'a', (byte) 0xE9, ':', 'x'}).usernameIs("a\u00E9", "x")).isFalse();
        StunMessage none = StunMessage.parse(new byte[] {0, 1, 0, 0, 0x21, 0x12, (byte) 0xA4, 0x42, 1, 2, 3, 4, 5, 6, 7, 8,
                9, 10, 11, 12}, 0, 20);
        assertThat(none.usernameIs("abcd", null)).as("no USERNAME").isFalse();
    }

    private static StunMessage withUsername(byte[] username) throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addBytes(StunAttributeType.USERNAME, username).length();
        return StunMessage.parse(buf, 0, length);
    }

    @Test
    void aViewReadAgainDescribesTheLatestMessageAndNoneAfterAFailedRead() throws StunParseException {
        byte[] first = new byte[200];
        int firstLength = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, first, 0, first.length)
                .addBytes(StunAttributeType.USERNAME, "a:b".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                .addInt(StunAttributeType.PRIORITY, 7).length();
        byte[] second = new byte[200];
        int secondLength = StunMessageWriter.create(StunMessageType.BINDING_SUCCESS_RESPONSE, TRANSACTION, second, 4, 190)
                .addFingerprint().length();
        StunMessage view = new StunMessage();

        assertThat(view.read(first, 0, firstLength).priority()).isEqualTo(7);
        assertThat(view.read(second, 4, secondLength)).isSameAs(view);
        assertThat(view.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(view.priority()).as("the first message's attributes are gone").isEqualTo(-1);
        assertThat(view.hasValidFingerprint()).isTrue();
        assertThatThrownBy(() -> view.read(first, 0, firstLength - 1)).isInstanceOf(StunParseException.class);
        assertThat(view.attributeCount()).isZero();
        assertThat(view.length()).isZero();
    }

    @Test
    void integrityAndFingerprintAgreeWithTheJdksHmacAndCrc() throws Exception {
        Random random = new Random(8489);
        for (int keyLength : new int[] {0, 1, 22, 63, 64, 65, 128, 256}) {
            byte[] key = new byte[keyLength];
            random.nextBytes(key);
            MessageIntegrity ours = new MessageIntegrity(key);
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(key.length == 0 ? new byte[1] : key, "HmacSHA1"));
            for (int attributes = 0; attributes < 20; attributes += 3) {
                byte[] buf = new byte[400];
                StunMessageWriter writer = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0,
                        buf.length);
                for (int a = 0; a < attributes; a++) {
                    byte[] value = new byte[random.nextInt(13)];
                    random.nextBytes(value);
                    writer.addBytes(0x8000 + a, value);
                }
                int lengthBefore = writer.length();
                int length = writer.addMessageIntegrity(ours).addFingerprint().length();
                StunMessage message = StunMessage.parse(buf, 0, length);
                assertThat(ours.verify(message)).isTrue();
                if (key.length > 0) { // the JDK refuses an empty key
                    byte[] header = Arrays.copyOf(buf, StunMessage.HEADER_LENGTH);
                    StunMessage.writeShort(header, 2, lengthBefore + MessageIntegrity.ATTRIBUTE_LENGTH - 20);
                    mac.update(header);
                    mac.update(buf, 20, lengthBefore - 20);
                    assertThat(Arrays.copyOfRange(buf, lengthBefore + 4, lengthBefore + 24)).isEqualTo(mac.doFinal());
                }
                java.util.zip.CRC32 crc = new java.util.zip.CRC32();
                crc.update(buf, 0, 2);
                crc.update((length - 20) >>> 8);
                crc.update(length - 20);
                crc.update(buf, 4, length - 8 - 4);
                assertThat(StunMessage.readInt(buf, length - 4)).isEqualTo((int) crc.getValue() ^ Fingerprint.XOR);
            }
        }
    }

    @Test
    void usernameThatIsNotUtf8ReadsAsAbsent() throws StunParseException {
        byte[] buf = new byte[200];
        int length = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, TRANSACTION, buf, 0, buf.length)
                .addBytes(StunAttributeType.USERNAME, new byte[] {(byte) 0xC3, 0x28}).length();
        assertThat(StunMessage.parse(buf, 0, length).username()).isNull();
    }

    @Test
    void randomTruncatedAndFlippedInputNeverEscapesAsAnythingButAParseError() {
        Random random = new Random(42);
        byte[][] seeds = {Rfc5769VectorsTest.REQUEST, Rfc5769VectorsTest.IPV4_RESPONSE, Rfc5769VectorsTest.IPV6_RESPONSE,
            Rfc5769VectorsTest.LONG_TERM_REQUEST};
        for (int i = 0; i < 50_000; i++) {
            byte[] seed = seeds[i % seeds.length];
            byte[] input = switch (i % 3) {
                case 0 -> randomBytes(random, random.nextInt(120));
                case 1 -> Arrays.copyOf(seed, random.nextInt(seed.length + 1));
                default -> mutate(seed, b -> b[random.nextInt(b.length)] ^= (byte) (1 << random.nextInt(8)));
            };
            try {
                StunMessage message = StunMessage.parse(input, 0, input.length);
                message.username();
                message.priority();
                message.hasValidFingerprint();
                integrity.verify(message);
                XorMappedAddress.read(message);
                ErrorCode.read(message);
                message.unknownComprehensionRequired();
            } catch (StunParseException expected) {
                // refused with a reason: fine
            }
        }
    }

    private static void assertRejected(byte[] input, String reason) {
        assertThatThrownBy(() -> StunMessage.parse(input, 0, input.length)).isInstanceOf(StunParseException.class).hasMessageContaining(reason);
    }

    private interface Mutation {
        void apply(byte[] bytes);
    }

    private static byte[] mutate(byte[] original, Mutation mutation) {
        byte[] copy = original.clone();
        mutation.apply(copy);
        return copy;
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] bytes = new byte[n];
        random.nextBytes(bytes);
        return bytes;
    }
}
