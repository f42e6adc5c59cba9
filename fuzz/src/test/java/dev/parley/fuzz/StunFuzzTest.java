package dev.parley.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.common.time.FakeScheduler;
import dev.parley.media.ice.IceCredentials;
import dev.parley.media.ice.IceLiteAgent;
import dev.parley.media.stun.ErrorCode;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttributeType;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunMessageWriter;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.stun.XorMappedAddress;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * STUN as the media port reads it (RFC 8489, RFC 8445 §7.3): {@link StunMessage#parse} either indexes a
 * datagram or refuses it with {@link StunParseException}, every accessor stays inside the message, the
 * ICE-lite agent answers whatever parses with a response that itself parses, and a parsed message written
 * back attribute by attribute parses to the same attributes.
 */
class StunFuzzTest {

    private static final IceCredentials LOCAL = new IceCredentials("fuzzLocalUfrag", "fuzzLocalPasswordOf22+chars");
    private static final MessageIntegrity INTEGRITY = MessageIntegrity.shortTerm(LOCAL.pwd());
    private static final InetSocketAddress PEER = new InetSocketAddress("198.51.100.7", 50000);
    /** A datagram on the media port is at most this long (the socket's receive buffer). */
    private static final int MAX_DATAGRAM = 1500;

    /** Any datagram that reaches the STUN parser, as {@code Demultiplexer.dispatch} hands it over. */
    @FuzzTest
    void datagram(byte[] datagram) {
        if (datagram.length > MAX_DATAGRAM) {
            return;
        }
        StunMessage message;
        try {
            message = StunMessage.parse(datagram, 0, datagram.length);
        } catch (StunParseException refused) {
            return;
        }
        readEverything(message);
        answer(message);
        assertRoundTrip(message, datagram);
    }

    /**
     * Binding requests built from fuzzed attributes and signed with the agent's key, so that the fuzzer
     * reaches what lies behind MESSAGE-INTEGRITY: role conflicts, unknown attributes, nomination.
     */
    @FuzzTest
    void signedBindingRequest(FuzzedDataProvider data) {
        byte[] transaction = data.consumeBytes(StunMessage.TRANSACTION_ID_LENGTH);
        transaction = Arrays.copyOf(transaction, StunMessage.TRANSACTION_ID_LENGTH);
        byte[] buf = new byte[MAX_DATAGRAM];
        StunMessageWriter writer = StunMessageWriter.create(StunMessageType.BINDING_REQUEST, transaction, buf, 0, buf.length);
        String remote = data.consumeString(16);
        writer.addBytes(StunAttributeType.USERNAME, (data.consumeBoolean() ? LOCAL.ufrag() + ":" + remote : remote)
                .getBytes(StandardCharsets.UTF_8));
        int attributes = data.consumeInt(0, 8);
        for (int i = 0; i < attributes && writer.length() < MAX_DATAGRAM - 200; i++) {
            int type = data.pickValue(new int[] {StunAttributeType.PRIORITY, StunAttributeType.USE_CANDIDATE,
                    StunAttributeType.ICE_CONTROLLED, StunAttributeType.ICE_CONTROLLING, StunAttributeType.USERNAME,
                    StunAttributeType.XOR_MAPPED_ADDRESS, StunAttributeType.ERROR_CODE, data.consumeInt(0, 0xFFFF)});
            writer.addBytes(type, data.consumeBytes(64));
        }
        if (data.consumeBoolean()) {
            writer.addMessageIntegrity(data.consumeBoolean() ? INTEGRITY : MessageIntegrity.shortTerm("other" + data.consumeString(32)));
        }
        if (data.consumeBoolean()) {
            writer.addFingerprint();
        }
        StunMessage message;
        try {
            message = StunMessage.parse(buf, 0, writer.length());
        } catch (StunParseException refused) {
            return;
        }
        readEverything(message);
        answer(message);
        assertRoundTrip(message, buf);
    }

    private static void readEverything(StunMessage message) {
        message.method();
        message.messageClass();
        message.transactionId();
        message.username();
        message.priority();
        message.tieBreaker(StunAttributeType.ICE_CONTROLLING);
        message.tieBreaker(StunAttributeType.ICE_CONTROLLED);
        message.unknownComprehensionRequired();
        message.hasValidFingerprint();
        INTEGRITY.verify(message);
        XorMappedAddress.read(message);
        ErrorCode.read(message);
    }

    /** The agent's answer, if any, is a well-formed response to this transaction with a valid FINGERPRINT. */
    private static void answer(StunMessage message) {
        IceLiteAgent agent = new IceLiteAgent(LOCAL, new FakeScheduler(), Duration.ofSeconds(30), new IgnoringListener());
        agent.start();
        byte[] out = new byte[MAX_DATAGRAM];
        int length = agent.handleRequest(message, PEER, out, 0, out.length);
        if (length == 0) {
            return;
        }
        StunMessage response;
        try {
            response = StunMessage.parse(out, 0, length);
        } catch (StunParseException e) {
            throw new AssertionError("the agent wrote a response it cannot parse", e);
        }
        assertThat(response.transactionId()).isEqualTo(message.transactionId());
        assertThat(response.hasValidFingerprint()).isTrue();
        if (response.type() == StunMessageType.BINDING_SUCCESS_RESPONSE) {
            assertThat(INTEGRITY.verify(message)).as("only an authenticated check succeeds").isTrue();
            assertThat(INTEGRITY.verify(response)).isTrue();
            assertThat(XorMappedAddress.read(response)).isEqualTo(PEER);
        } else {
            assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
            assertThat(ErrorCode.read(response)).isNotNull();
        }
    }

    /** Written back attribute by attribute, the message parses to the same type, transaction and attributes. */
    private static void assertRoundTrip(StunMessage message, byte[] original) {
        byte[] buf = new byte[MAX_DATAGRAM + 64];
        StunMessageWriter writer = StunMessageWriter.create(message.type(), message.transactionId(), buf, 0, buf.length);
        for (int i = 0; i < message.attributeCount(); i++) {
            writer.addBytes(message.attributeType(i), original, message.valueOffset(i), message.valueLength(i));
        }
        StunMessage again;
        try {
            again = StunMessage.parse(buf, 0, writer.length());
        } catch (StunParseException e) {
            throw new AssertionError("a parsed message written back does not parse", e);
        }
        assertThat(again.type()).isEqualTo(message.type());
        assertThat(again.transactionId()).isEqualTo(message.transactionId());
        assertThat(again.attributeCount()).isEqualTo(message.attributeCount());
        for (int i = 0; i < message.attributeCount(); i++) {
            assertThat(again.attributeType(i)).isEqualTo(message.attributeType(i));
            assertThat(Arrays.copyOfRange(buf, again.valueOffset(i), again.valueOffset(i) + again.valueLength(i)))
                    .isEqualTo(Arrays.copyOfRange(original, message.valueOffset(i), message.valueOffset(i) + message.valueLength(i)));
        }
    }

    private static final class IgnoringListener implements IceLiteAgent.Listener {
        @Override
        public void onAddressValidated(InetSocketAddress address) {
        }

        @Override
        public void onAddressForgotten(InetSocketAddress address) {
        }

        @Override
        public void onSelectedAddress(InetSocketAddress address) {
        }

        @Override
        public void onConsentExpired() {
        }
    }
}
