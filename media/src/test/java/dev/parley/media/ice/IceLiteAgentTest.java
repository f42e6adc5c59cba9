package dev.parley.media.ice;

import dev.parley.common.time.FakeScheduler;
import dev.parley.media.stun.ErrorCode;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttributeType;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunParseException;
import dev.parley.media.stun.XorMappedAddress;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** ICE-lite responder behaviour (RFC 8445 §7.3, RFC 8489 §9.1.3, RFC 7675) on a fake clock. */
class IceLiteAgentTest {

    private static final InetSocketAddress PEER_A = new InetSocketAddress("198.51.100.7", 50000);
    private static final InetSocketAddress PEER_B = new InetSocketAddress("198.51.100.7", 50002);
    private static final InetSocketAddress PEER_C = new InetSocketAddress("2001:db8::7", 50004);

    private final FakeScheduler clock = new FakeScheduler();
    private final IceCredentials local = IceCredentials.random();
    private final List<String> events = new ArrayList<>();
    private final IceLiteAgent agent = new IceLiteAgent(local, clock, Duration.ofSeconds(30), new IceLiteAgent.Listener() {
        @Override
        public void onAddressValidated(InetSocketAddress address) {
            events.add("valid " + address.getPort());
        }

        @Override
        public void onAddressForgotten(InetSocketAddress address) {
            events.add("forgotten " + address.getPort());
        }

        @Override
        public void onSelectedAddress(InetSocketAddress address) {
            events.add("selected " + address.getPort());
        }

        @Override
        public void onConsentExpired() {
            events.add("expired");
        }

        @Override
        public void onGenerationRetired(String ufrag) {
            events.add("retired " + ufrag);
        }
    });

    @BeforeEach
    void start() {
        agent.start();
    }

    @Test
    void answersAValidCheckWithTheMappedAddressSignedWithTheLocalPassword() throws StunParseException {
        StunMessage response = answer(BindingRequests.to(local, "peer").build(), PEER_C);

        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(XorMappedAddress.read(response)).isEqualTo(PEER_C);
        assertThat(MessageIntegrity.shortTerm(local.pwd()).verify(response)).isTrue();
        assertThat(response.hasValidFingerprint()).isTrue();
        assertThat(agent.selectedAddress()).isEqualTo(PEER_C);
        assertThat(events).containsExactly("valid 50004", "selected 50004");
    }

    @Test
    void checksArriveBeforeTheRemoteUfragIsKnownButMustMatchItAfterwards() throws StunParseException {
        assertThat(answer(BindingRequests.to(local, "early").build(), PEER_A).type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);

        agent.setRemoteUfrag("peer");
        assertThat(answer(BindingRequests.to(local, "peer").build(), PEER_A).type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertError(answer(BindingRequests.to(local, "early").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
        assertError(answer(BindingRequests.to(local, "peerx").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
    }

    @Test
    void wrongPasswordOrUsernameIs401WithoutIntegrityAndProvesNothing() throws StunParseException {
        assertError(answer(BindingRequests.to(local, "peer").password("not-the-password-at-all").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
        assertError(answer(BindingRequests.to(local, "peer").username("someoneelse:peer").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
        assertError(answer(BindingRequests.to(local, "peer").username(local.ufrag() + "x:peer").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
        assertThat(agent.selectedAddress()).isNull();
        assertThat(events).isEmpty();
    }

    @Test
    void missingUsernameOrIntegrityIs400() throws StunParseException {
        assertError(answer(BindingRequests.to(local, "peer").username(null).build(), PEER_A), ErrorCode.BAD_REQUEST, false);
        assertError(answer(BindingRequests.to(local, "peer").withoutIntegrity().build(), PEER_A), ErrorCode.BAD_REQUEST, false);
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void authenticatedButUnacceptableChecksGetSignedErrors() throws StunParseException {
        assertError(answer(BindingRequests.to(local, "peer").controlled().build(), PEER_A), ErrorCode.ROLE_CONFLICT, true);
        assertError(answer(BindingRequests.to(local, "peer").withoutPriority().build(), PEER_A), ErrorCode.BAD_REQUEST, true);
        StunMessage unknown = answer(BindingRequests.to(local, "peer").withFlag(0x0031).build(), PEER_A);
        assertError(unknown, ErrorCode.UNKNOWN_ATTRIBUTE, true);
        assertThat(unknown.has(StunAttributeType.UNKNOWN_ATTRIBUTES)).isTrue();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void aWrongFingerprintOrANonRequestIsDroppedUnanswered() {
        byte[] request = BindingRequests.to(local, "peer").build();
        request[request.length - 1] ^= 1;
        assertThat(respond(request, PEER_A)).isZero();
        assertThat(agent.selectedAddress()).isNull();

        byte[] indication = BindingRequests.to(local, "peer").build();
        indication[1] = (byte) StunMessageType.BINDING_INDICATION;
        assertThat(respond(indication, PEER_A)).isZero();
    }

    @Test
    void aCheckWithoutFingerprintIsStillAnswered() throws StunParseException {
        assertThat(answer(BindingRequests.to(local, "peer").withoutFingerprint().build(), PEER_A).type())
                .isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
    }

    @Test
    void theNominatedAddressHoldsUntilAnotherNominationOrUntilItGoesQuiet() throws StunParseException {
        answer(BindingRequests.to(local, "peer").build(), PEER_A);
        assertThat(agent.selectedAddress()).as("latest valid before any nomination").isEqualTo(PEER_A);
        answer(BindingRequests.to(local, "peer").build(), PEER_B);
        assertThat(agent.selectedAddress()).isEqualTo(PEER_B);

        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_A);
        assertThat(agent.selectedAddress()).as("nominated").isEqualTo(PEER_A);
        clock.advance(Duration.ofSeconds(3));
        answer(BindingRequests.to(local, "peer").build(), PEER_B);
        assertThat(agent.selectedAddress()).as("a plain check elsewhere does not move a live nomination").isEqualTo(PEER_A);

        clock.advance(Duration.ofSeconds(4));
        answer(BindingRequests.to(local, "peer").build(), PEER_B);
        assertThat(agent.selectedAddress()).as("the nominated address went quiet: the peer moved").isEqualTo(PEER_B);

        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_C);
        assertThat(agent.selectedAddress()).as("a new nomination wins at once").isEqualTo(PEER_C);
        assertThat(events).containsExactly("valid 50000", "selected 50000", "valid 50002", "selected 50002", "selected 50000",
                "selected 50002", "valid 50004", "selected 50004");
    }

    /** Chrome before it nominates: UDP and ICE-TCP pairs checked in turn (the TCP candidate ranked lower). */
    @Test
    void beforeANominationALowerPriorityCheckDoesNotMoveMediaFromALiveAddress() throws StunParseException {
        int udp = 0x6e7f1eff;
        int tcp = 0x4a7f1cff;
        answer(BindingRequests.to(local, "peer").priority(tcp).build(), PEER_B);
        assertThat(agent.selectedAddress()).as("the only valid address").isEqualTo(PEER_B);
        answer(BindingRequests.to(local, "peer").priority(udp).build(), PEER_A);
        assertThat(agent.selectedAddress()).as("a higher-ranked pair").isEqualTo(PEER_A);
        for (int i = 0; i < 5; i++) {
            clock.advance(Duration.ofMillis(100));
            answer(BindingRequests.to(local, "peer").priority(tcp).build(), PEER_B);
            clock.advance(Duration.ofMillis(100));
            answer(BindingRequests.to(local, "peer").priority(udp).build(), PEER_A);
        }
        assertThat(agent.selectedAddress()).as("no flapping between the pairs").isEqualTo(PEER_A);

        clock.advance(Duration.ofMillis(1500));
        answer(BindingRequests.to(local, "peer").priority(tcp).build(), PEER_B);
        assertThat(agent.selectedAddress()).as("UDP checked 1.5 s ago: still live").isEqualTo(PEER_A);
        clock.advance(Duration.ofMillis(600));
        answer(BindingRequests.to(local, "peer").priority(tcp).build(), PEER_B);
        assertThat(agent.selectedAddress()).as("UDP silent for 2.1 s: the pair that still works").isEqualTo(PEER_B);

        answer(BindingRequests.to(local, "peer").priority(tcp).useCandidate().build(), PEER_B);
        answer(BindingRequests.to(local, "peer").priority(udp).build(), PEER_A);
        assertThat(agent.selectedAddress()).as("a nomination holds whatever the rank of other checks").isEqualTo(PEER_B);
        assertThat(events).containsExactly("valid 50002", "selected 50002", "valid 50000", "selected 50000", "selected 50002");
    }

    @Test
    void forgettingTheSelectedAddressFallsBackToTheLatestOtherValidOneOrToNone() throws StunParseException {
        answer(BindingRequests.to(local, "peer").build(), PEER_A);
        answer(BindingRequests.to(local, "peer").build(), PEER_B);
        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_C);

        assertThat(agent.forget(PEER_A)).as("not the selected one").isTrue();
        assertThat(agent.selectedAddress()).isEqualTo(PEER_C);
        assertThat(agent.forget(PEER_C)).isTrue();
        assertThat(agent.selectedAddress()).as("the latest valid address left").isEqualTo(PEER_B);
        answer(BindingRequests.to(local, "peer").build(), PEER_A);
        assertThat(agent.selectedAddress()).as("nothing is nominated any more: the latest valid check selects").isEqualTo(PEER_A);
        assertThat(agent.forget(PEER_A)).isTrue();
        assertThat(agent.forget(PEER_B)).as("no valid address left").isFalse();
        assertThat(agent.selectedAddress()).isNull();
    }

    @Test
    void consentExpiresOnceAfterThirtySecondsWithoutAValidCheck() throws StunParseException {
        for (int i = 0; i < 10; i++) {
            answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_A);
            clock.advance(Duration.ofSeconds(5));
        }
        assertThat(events).doesNotContain("expired");
        // Failed checks are no consent.
        answer(BindingRequests.to(local, "peer").password("not-the-password-at-all").build(), PEER_A);
        clock.advance(Duration.ofSeconds(24));
        assertThat(events).doesNotContain("expired");
        clock.advance(Duration.ofSeconds(1));
        assertThat(events).containsOnlyOnce("expired");

        clock.advance(Duration.ofMinutes(5));
        assertThat(events).containsOnlyOnce("expired");
        assertThat(respond(BindingRequests.to(local, "peer").build(), PEER_A)).as("an expired agent answers nothing").isZero();
    }

    @Test
    void aTransportNeverCheckedExpiresToo() {
        clock.advance(Duration.ofSeconds(30));
        assertThat(events).containsExactly("expired");
    }

    @Test
    void closingStopsTheConsentTimer() {
        agent.close();
        clock.advance(Duration.ofMinutes(1));
        assertThat(events).isEmpty();
        assertThat(clock.pendingTasks()).isZero();
    }

    @Test
    void afterARestartTheOldCredentialsAnswerUntilTheFirstCheckWithTheNewOnes() throws StunParseException {
        agent.setRemoteUfrag("peer");
        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_A);
        IceCredentials next = IceCredentials.random();
        agent.restart(next);
        agent.setRemoteUfrag("peer2");
        assertThat(agent.localCredentials()).isEqualTo(next);

        StunMessage old = answer(BindingRequests.to(local, "peer").build(), PEER_A);
        assertThat(old.type()).as("RFC 8445 §9: the old pair keeps working meanwhile").isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(MessageIntegrity.shortTerm(local.pwd()).verify(old)).isTrue();
        assertError(answer(BindingRequests.to(next, "peer").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);

        StunMessage fresh = answer(BindingRequests.to(next, "peer2").useCandidate().build(), PEER_B);
        assertThat(fresh.type()).isEqualTo(StunMessageType.BINDING_SUCCESS_RESPONSE);
        assertThat(MessageIntegrity.shortTerm(next.pwd()).verify(fresh)).as("signed with the new password").isTrue();
        assertThat(agent.selectedAddress()).isEqualTo(PEER_B);
        assertThat(events).contains("retired " + local.ufrag());
        assertError(answer(BindingRequests.to(local, "peer").build(), PEER_A), ErrorCode.UNAUTHENTICATED, false);
    }

    @Test
    void checksOfEitherGenerationKeepConsentDuringARestart() {
        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_A);
        agent.restart(IceCredentials.random());
        clock.advance(Duration.ofSeconds(20));
        answer(BindingRequests.to(local, "peer").build(), PEER_A);
        clock.advance(Duration.ofSeconds(20));
        assertThat(events).doesNotContain("expired");
        clock.advance(Duration.ofSeconds(10));
        assertThat(events).contains("expired");
    }

    @Test
    void aSecondRestartBeforeTheFirstCompletedRetiresTheOldestGeneration() {
        IceCredentials second = IceCredentials.random();
        agent.restart(second);
        agent.restart(IceCredentials.random());
        assertThat(events).containsExactly("retired " + local.ufrag());
        assertThat(respond(BindingRequests.to(second, "peer").build(), PEER_A)).as("the middle one still answers").isPositive();
    }

    @Test
    void keepsABoundedSetOfProvedAddressesButNeverForgetsTheSelectedOne() throws StunParseException {
        answer(BindingRequests.to(local, "peer").useCandidate().build(), PEER_A);
        for (int port = 1; port <= IceLiteAgent.MAX_VALID_ADDRESSES; port++) {
            answer(BindingRequests.to(local, "peer").build(), new InetSocketAddress("198.51.100.8", port));
        }
        assertThat(events).contains("forgotten 1").doesNotContain("forgotten 50000");
        assertThat(agent.selectedAddress()).isEqualTo(PEER_A);
    }

    private StunMessage answer(byte[] request, InetSocketAddress from) {
        byte[] out = new byte[300];
        int length = respond(request, from, out);
        assertThat(length).as("an answer").isPositive();
        try {
            return StunMessage.parse(out, 0, length);
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    private int respond(byte[] request, InetSocketAddress from) {
        return respond(request, from, new byte[300]);
    }

    private int respond(byte[] request, InetSocketAddress from, byte[] out) {
        try {
            return agent.handleRequest(StunMessage.parse(request, 0, request.length), from, out, 0, out.length);
        } catch (StunParseException e) {
            throw new AssertionError(e);
        }
    }

    private void assertError(StunMessage response, ErrorCode expected, boolean signed) {
        assertThat(response.type()).isEqualTo(StunMessageType.BINDING_ERROR_RESPONSE);
        assertThat(ErrorCode.read(response)).isEqualTo(expected);
        assertThat(response.has(StunAttributeType.MESSAGE_INTEGRITY)).isEqualTo(signed);
        if (signed) {
            assertThat(MessageIntegrity.shortTerm(local.pwd()).verify(response)).isTrue();
        }
        assertThat(response.hasValidFingerprint()).isTrue();
    }
}
