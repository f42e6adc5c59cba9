package dev.parley.media.udp;

import dev.parley.media.stun.StunMessage;
import dev.parley.media.stun.StunMessageType;
import dev.parley.media.stun.StunParseException;

import java.net.InetSocketAddress;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Routes each datagram of the media port to its transport (RFC 7983): a STUN Binding request by the
 * local ufrag in its USERNAME ("local:remote", RFC 8445 §7.2.2), since a peer's first check comes from
 * an address nobody knows yet; everything else by the sender's address, which a valid check put in the
 * table. Anything that routes nowhere is dropped and counted.
 *
 * <p>Threading: dispatching and the address table are confined to the media event loop (a plain map,
 * no lock); the ufrag table is a concurrent map so that a transport is routable the moment it is created,
 * from whatever thread creates it, before the loop has run anything for it (a peer's first check can
 * arrive that fast). Lookups allocate nothing; nor does a STUN check from a known address that names its transport.
 */
public final class Demultiplexer {

    private final Map<String, DatagramEndpoint> byUfrag = new ConcurrentHashMap<>();
    private final Map<InetSocketAddress, DatagramEndpoint> byAddress = new HashMap<>();
    private final DatagramCounters counters;
    /** The view each STUN message is read into (dispatching is confined to the loop). */
    private final StunMessage stun = new StunMessage();

    public Demultiplexer(DatagramCounters counters) {
        this.counters = counters;
    }

    /** Routes Binding requests naming {@code ufrag} to {@code endpoint}; false if the ufrag is taken. Any thread. */
    public boolean registerUfrag(String ufrag, DatagramEndpoint endpoint) {
        return byUfrag.putIfAbsent(ufrag, endpoint) == null;
    }

    /** Any thread. */
    public void unregisterUfrag(String ufrag, DatagramEndpoint endpoint) {
        byUfrag.remove(ufrag, endpoint);
    }

    /** Routes datagrams from {@code address} to {@code endpoint} (the latest to prove the address wins it). */
    public void registerAddress(InetSocketAddress address, DatagramEndpoint endpoint) {
        byAddress.put(address, endpoint);
    }

    public void unregisterAddress(InetSocketAddress address, DatagramEndpoint endpoint) {
        byAddress.remove(address, endpoint);
    }

    /**
     * The transport whose local ufrag a Binding request's USERNAME ("local:remote") names, or null: how an
     * ICE-TCP connection finds its transport (RFC 6544 §7.2, the same check as on UDP). Any thread.
     */
    public DatagramEndpoint forUsername(String username) {
        return hasUfrags(username) ? byUfrag.get(username.substring(0, username.indexOf(':'))) : null;
    }

    private static boolean hasUfrags(String username) {
        return username != null && username.indexOf(':') > 0;
    }

    /** Transports reachable by ufrag. */
    public int endpoints() {
        return byUfrag.size();
    }

    /** Routes one datagram; {@code buf} is lent for the call. */
    public void dispatch(byte[] buf, int off, int len, InetSocketAddress from) {
        PacketKind kind = PacketKind.classify(buf, off, len);
        counters.received(kind, len);
        switch (kind) {
            case STUN -> dispatchStun(buf, off, len, from);
            case DTLS -> {
                DatagramEndpoint endpoint = known(from);
                if (endpoint != null) {
                    endpoint.onDtls(buf, off, len, from);
                }
            }
            case RTP -> {
                DatagramEndpoint endpoint = known(from);
                if (endpoint != null) {
                    endpoint.onRtp(buf, off, len, from);
                }
            }
            case RTCP -> {
                DatagramEndpoint endpoint = known(from);
                if (endpoint != null) {
                    endpoint.onRtcp(buf, off, len, from);
                }
            }
            case UNKNOWN -> counters.dropped(DropReason.UNKNOWN_PROTOCOL);
        }
    }

    private DatagramEndpoint known(InetSocketAddress from) {
        DatagramEndpoint endpoint = byAddress.get(from);
        if (endpoint == null) {
            counters.dropped(DropReason.UNKNOWN_SENDER);
        }
        return endpoint;
    }

    private void dispatchStun(byte[] buf, int off, int len, InetSocketAddress from) {
        StunMessage message = stun;
        try {
            message.read(buf, off, len);
        } catch (StunParseException e) {
            counters.dropped(DropReason.STUN_MALFORMED);
            return;
        }
        DatagramEndpoint endpoint;
        if (message.type() == StunMessageType.BINDING_REQUEST) {
            // A connected peer's consent checks go to its transport without decoding USERNAME. Otherwise the ufrag
            // routes; without a usable USERNAME only a known peer is answered (400, by its transport).
            endpoint = byAddress.get(from);
            if (endpoint == null || !endpoint.isNamedBy(message)) {
                String username = message.username();
                endpoint = hasUfrags(username) ? forUsername(username) : endpoint;
            }
            if (endpoint == null) {
                counters.dropped(DropReason.STUN_UNKNOWN_USERNAME);
                return;
            }
        } else {
            endpoint = known(from);
            if (endpoint == null) {
                return;
            }
        }
        endpoint.onStun(message, from);
    }
}
