package dev.parley.media.ice;

import dev.parley.common.time.Scheduler;
import dev.parley.media.stun.ErrorCode;
import dev.parley.media.stun.MessageIntegrity;
import dev.parley.media.stun.StunAttributeType;
import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunMessageWriter;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One transport's ICE-lite responder (RFC 8445 §2.5, §7.3): it answers the peer's Binding requests,
 * keeps the addresses those checks proved (peer-reflexive candidates, §7.3.1.3) and picks the one media
 * goes to, and tells its owner when the peer stopped checking.
 *
 * <p>Which address is selected: a valid check with USE-CANDIDATE selects its address (§7.3.1.5; when
 * the peer nominates again, as Chrome does towards lite agents, the latest nomination wins). A valid
 * check without it selects its address while nothing is nominated, or when the nominated address has gone quiet
 * for longer than {@link #NOMINATED_QUIET} (a peer whose NAT binding changed checks from a new address without
 * nominating it again). Before any nomination the peer checks all its pairs at once (a browser its UDP and its
 * ICE-TCP ones), so "the latest valid pair" would move media, and the DTLS handshake under way, at every check:
 * a check selects its address only if its PRIORITY (the peer's rank of that candidate; browsers rank UDP above TCP)
 * is at least the selected address's, or the selected address has had no check for {@link #UNNOMINATED_QUIET}.
 *
 * <p>Consent (RFC 7675): the full agent checks the selected pair every 5 s on average; a transport that
 * receives no valid check for {@code consentTimeout} (30 s by default, counted from its creation) is
 * declared expired to the listener, once.
 *
 * <p>ICE restart (RFC 8445 §9): {@link #restart} starts a generation of new local credentials (the
 * peer's new ufrag follows with {@link #setRemoteUfrag}). Until the first valid check of the new
 * generation, checks of the previous one are still answered (the peer keeps using the old pair until its
 * new checks succeed, RFC 8445 §9 and RFC 8839 §4.4.1.1.1); then the previous one is retired. Valid
 * checks of either generation keep consent.
 *
 * <p>Threading: confined to its scheduler's thread (the media event loop): every method runs there,
 * timers fire there, and the listener is called there. It may be built on another thread and handed
 * over before use.
 */
public final class IceLiteAgent {

    /** RFC 7675 §5.1: consent checks every Tr = 5 s, randomised up to 1.2 Tr; a nominated pair silent longer has lost its peer. */
    static final Duration NOMINATED_QUIET = Duration.ofSeconds(6);
    /** Before a nomination a browser checks each pair every 50-500 ms; one silent this long has stopped working. */
    static final Duration UNNOMINATED_QUIET = Duration.ofSeconds(2);
    /** Proved addresses kept per transport (a browser checks a few pairs); the least recently checked goes first. */
    static final int MAX_VALID_ADDRESSES = 8;

    /** What the agent tells its transport. */
    public interface Listener {
        /** A check proved {@code address}: media from it belongs to this transport. */
        void onAddressValidated(InetSocketAddress address);

        /** {@code address} was dropped from the proved set to make room. */
        void onAddressForgotten(InetSocketAddress address);

        /** Media now goes to {@code address}. */
        void onSelectedAddress(InetSocketAddress address);

        /** No valid check for the consent timeout; the transport should close. */
        void onConsentExpired();

        /** After a restart, the first valid check of the new generation arrived: {@code ufrag} is no longer answered. */
        default void onGenerationRetired(String ufrag) {
        }
    }

    /** One generation of credentials: ours and the peer's ufrag (null until its SDP gave it). */
    private static final class Generation {
        final IceCredentials local;
        final MessageIntegrity integrity;
        String remoteUfrag;

        Generation(IceCredentials local) {
            this.local = local;
            this.integrity = MessageIntegrity.shortTerm(local.pwd());
        }
    }

    /** What the agent keeps of a proved address, updated in place by each valid check from it. */
    private static final class ValidAddress {
        /** The address's bytes, for XOR-MAPPED-ADDRESS. */
        final byte[] rawAddress;
        long lastCheckNanos;
        /** The PRIORITY of its latest check. */
        long priority;

        ValidAddress(byte[] rawAddress) {
            this.rawAddress = rawAddress;
        }
    }

    /** Writes each answer (the agent answers one check at a time, on its thread). */
    private final StunMessageWriter writer = new StunMessageWriter();
    private Generation current;
    private Generation previous;
    private final Scheduler scheduler;
    private final long consentTimeoutNanos;
    private final Listener listener;
    /** Proved addresses, least recently checked first. */
    private final LinkedHashMap<InetSocketAddress, ValidAddress> validAddresses = new LinkedHashMap<>();
    private InetSocketAddress selected;
    private InetSocketAddress nominated;
    private long lastValidCheckNanos;
    private Scheduler.Task consentTimer;
    private boolean expired;

    public IceLiteAgent(IceCredentials local, Scheduler scheduler, Duration consentTimeout, Listener listener) {
        this.current = new Generation(local);
        this.scheduler = scheduler;
        this.consentTimeoutNanos = consentTimeout.toNanos();
        this.listener = listener;
    }

    /** Starts the consent clock: from now, {@code consentTimeout} without a valid check expires the agent. */
    public void start() {
        if (validAddresses.isEmpty()) {
            lastValidCheckNanos = scheduler.nanoTime();
        }
        consentTimer = scheduler.schedule(this::checkConsent, Duration.ofNanos(consentTimeoutNanos));
    }

    /** The credentials of the current generation. */
    public IceCredentials localCredentials() {
        return current.local;
    }

    /**
     * The peer's ufrag from its SDP, for the current generation; until it is known, checks are verified by
     * the local half of USERNAME only (§7.3).
     */
    public void setRemoteUfrag(String ufrag) {
        current.remoteUfrag = IceCredentials.requireValidUfrag(ufrag);
    }

    /**
     * Starts a new generation with {@code next} credentials (RFC 8445 §9). A generation still waiting for
     * its first valid check is dropped at once (its ufrag is told retired): only the latest two are answered.
     */
    public void restart(IceCredentials next) {
        if (previous != null) {
            listener.onGenerationRetired(previous.local.ufrag());
        }
        previous = current;
        current = new Generation(next);
    }

    /** Where media goes, or null before the first valid check. */
    public InetSocketAddress selectedAddress() {
        return selected;
    }

    /**
     * Answers a Binding request from {@code from}: writes the response into {@code out} (at
     * {@code outOff}, at most {@code outCapacity} bytes) and returns its length, or 0 when the request
     * gets no answer. The request's buffer stays the caller's; so does {@code out}.
     */
    public int handleRequest(StunMessage request, InetSocketAddress from, byte[] out, int outOff, int outCapacity) {
        if (expired || request.type() != StunMessageType.BINDING_REQUEST) {
            return 0;
        }
        // RFC 8489 §14.7: a wrong FINGERPRINT means the datagram is not STUN at all.
        if (request.has(StunAttributeType.FINGERPRINT) && !request.hasValidFingerprint()) {
            return 0;
        }
        // RFC 8489 §9.1.3: authentication first; failures are answered without MESSAGE-INTEGRITY.
        if (!request.has(StunAttributeType.USERNAME) || !request.has(StunAttributeType.MESSAGE_INTEGRITY)) {
            return unauthenticatedError(request, ErrorCode.BAD_REQUEST, out, outOff, outCapacity);
        }
        Generation generation = generationNaming(request);
        if (generation == null && request.username() == null) {
            return unauthenticatedError(request, ErrorCode.BAD_REQUEST, out, outOff, outCapacity); // not UTF-8
        }
        if (generation == null || !generation.integrity.verify(request)) {
            return unauthenticatedError(request, ErrorCode.UNAUTHENTICATED, out, outOff, outCapacity);
        }
        MessageIntegrity integrity = generation.integrity;
        if (request.hasUnknownComprehensionRequired()) {
            return authenticated(writer.startResponse(request, StunMessageType.BINDING_ERROR_RESPONSE, out, outOff, outCapacity)
                    .addErrorCode(ErrorCode.UNKNOWN_ATTRIBUTE).addUnknownAttributes(request.unknownComprehensionRequired()),
                    integrity);
        }
        // RFC 8445 §6.1.1: a lite agent is always controlled, so a peer claiming that role too is in
        // conflict and is told so (§7.3.1.1), as if our tie-breaker were the larger.
        if (request.has(StunAttributeType.ICE_CONTROLLED)) {
            return authenticated(writer.startResponse(request, StunMessageType.BINDING_ERROR_RESPONSE, out, outOff, outCapacity)
                    .addErrorCode(ErrorCode.ROLE_CONFLICT), integrity);
        }
        // RFC 8445 §7.1.1: every check carries PRIORITY.
        if (request.priority() < 0) {
            return authenticated(writer.startResponse(request, StunMessageType.BINDING_ERROR_RESPONSE, out, outOff, outCapacity)
                    .addErrorCode(ErrorCode.BAD_REQUEST), integrity);
        }
        if (generation == current && previous != null) {
            String retired = previous.local.ufrag();
            previous = null;
            listener.onGenerationRetired(retired);
        }
        ValidAddress valid = validCheck(from, request.priority(), request.has(StunAttributeType.USE_CANDIDATE));
        return authenticated(writer.startResponse(request, StunMessageType.BINDING_SUCCESS_RESPONSE, out, outOff, outCapacity)
                .addXorMappedAddress(valid.rawAddress, from.getPort()), integrity);
    }

    /** Whether {@code request}'s USERNAME names this agent's credentials of the current or the previous generation. */
    public boolean isNamedBy(StunMessage request) {
        return generationNaming(request) != null;
    }

    /** The generation whose credentials {@code request}'s USERNAME names, or null. */
    private Generation generationNaming(StunMessage request) {
        return namedBy(current, request) ? current : previous != null && namedBy(previous, request) ? previous : null;
    }

    /**
     * Forgets {@code address}, whose path is gone (an ICE-TCP connection the peer closed: RFC 6544 §7.3 lets an agent
     * drop the connections of pairs it does not use, and a controlling agent may do so as soon as it has moved to a
     * better pair, before its nomination of that pair has reached us). It is no longer valid nor nominated; when media
     * went there, it goes from now on to the most recently checked address still valid, as after a quiet nominated
     * pair. The owner has dropped its own state for the address; {@link Listener#onAddressForgotten} is not called.
     *
     * @return whether an address is still selected
     */
    public boolean forget(InetSocketAddress address) {
        validAddresses.remove(address);
        if (address.equals(nominated)) {
            nominated = null;
        }
        if (address.equals(selected)) {
            selected = null;
            InetSocketAddress latest = null;
            for (InetSocketAddress candidate : validAddresses.keySet()) {
                latest = candidate; // least recently checked first: the last is the latest
            }
            if (latest != null) {
                select(latest);
            }
        }
        return selected != null;
    }

    /** Stops the consent timer; the agent answers nothing afterwards. */
    public void close() {
        expired = true;
        if (consentTimer != null) {
            consentTimer.cancel();
        }
    }

    /** USERNAME is "local ufrag:remote ufrag" for checks sent to us (RFC 8445 §7.2.2). */
    private static boolean namedBy(Generation generation, StunMessage request) {
        return request.usernameIs(generation.local.ufrag(), generation.remoteUfrag);
    }

    /** Notes a valid check from {@code from}; returns what the agent keeps of the address. */
    private ValidAddress validCheck(InetSocketAddress from, long priority, boolean useCandidate) {
        long now = scheduler.nanoTime();
        lastValidCheckNanos = now;
        ValidAddress valid = validAddresses.get(from);
        boolean known = valid != null;
        if (!known) {
            valid = new ValidAddress(from.getAddress().getAddress());
        }
        valid.lastCheckNanos = now;
        valid.priority = priority;
        validAddresses.putLast(from, valid); // the most recently checked last; moves an entry without a new one
        if (!known) {
            listener.onAddressValidated(from);
            forgetBeyondLimit();
        }
        if (useCandidate) {
            nominated = from;
            select(from);
        } else if (nominated == null) {
            ValidAddress current = selected == null ? null : validAddresses.get(selected);
            if (selected == null || priority >= (current == null ? -1 : current.priority)
                    || quietAt(selected, now, UNNOMINATED_QUIET)) {
                select(from);
            }
        } else if (!nominated.equals(from) && quietAt(nominated, now, NOMINATED_QUIET)) {
            nominated = null;
            select(from);
        }
        return valid;
    }

    private boolean quietAt(InetSocketAddress address, long now, Duration quiet) {
        ValidAddress valid = validAddresses.get(address);
        return valid == null || now - valid.lastCheckNanos > quiet.toNanos();
    }

    private void select(InetSocketAddress address) {
        if (!address.equals(selected)) {
            selected = address;
            listener.onSelectedAddress(address);
        }
    }

    private void forgetBeyondLimit() {
        Iterator<Map.Entry<InetSocketAddress, ValidAddress>> oldestFirst = validAddresses.entrySet().iterator();
        while (validAddresses.size() > MAX_VALID_ADDRESSES && oldestFirst.hasNext()) {
            InetSocketAddress address = oldestFirst.next().getKey();
            if (!address.equals(selected)) {
                oldestFirst.remove();
                if (address.equals(nominated)) {
                    nominated = null;
                }
                listener.onAddressForgotten(address);
            }
        }
    }

    private void checkConsent() {
        if (expired) {
            return;
        }
        long quiet = scheduler.nanoTime() - lastValidCheckNanos;
        if (quiet >= consentTimeoutNanos) {
            expired = true;
            listener.onConsentExpired();
        } else {
            consentTimer = scheduler.schedule(this::checkConsent, Duration.ofNanos(consentTimeoutNanos - quiet));
        }
    }

    private int unauthenticatedError(StunMessage request, ErrorCode error, byte[] out, int outOff, int outCapacity) {
        return writer.startResponse(request, StunMessageType.BINDING_ERROR_RESPONSE, out, outOff, outCapacity)
                .addErrorCode(error).addFingerprint().length();
    }

    private static int authenticated(StunMessageWriter response, MessageIntegrity integrity) {
        return response.addMessageIntegrity(integrity).addFingerprint().length();
    }
}
