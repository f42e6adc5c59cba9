package dev.parley.conference.sfu;

import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaEndpoint;
import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.media.CloseReason;
import dev.parley.media.forward.Endpoint;
import dev.parley.media.forward.PacketSink;
import dev.parley.media.sctp.SctpSettings;

/**
 * What a publisher's and a subscriber's transport in a room share: the {@link PeerTransport}, whose packets go into
 * the transport's {@link Endpoint} in the forwarding graph and whose events go to the room's {@link MediaListener};
 * what the endpoint sends goes back out through it; and the transport's life: attached to the graph, detached when
 * the room stops or the transport closes, after which its streams are gone ({@link #dropStreams}).
 *
 * <p>Threading: {@link #local}, {@link #restartIce} and {@link #close} may be called from any thread; the room
 * attaches the peer on the media loop once it is constructed ({@link #attach}), so the loop never sees a subclass
 * half built. Everything else runs on the loop; the packet path ({@link #rtp}, {@link #rtcp}, {@link #sendRtp},
 * {@link #sendRtcp}) takes no lock and allocates nothing.
 */
abstract sealed class SfuPeer implements MediaEndpoint, PeerTransport.Events, PacketSink
        permits SfuPublisher, SfuSubscriber {

    final SfuRoom room;
    final MediaListener listener;
    final PeerTransport transport;
    private volatile LocalTransport local;
    /** Closed by the room: no listener call follows. */
    private volatile boolean closedByOwner;
    private Endpoint endpoint;
    private boolean detached;
    /** On the loop: the data channels, once the negotiation accepted them. */
    private SfuData data;
    /** On the loop: who this transport's messages come from, for the channels they are delivered on. */
    private String dataSender;
    /** On the loop: the transport has connected (DTLS done) at least once. */
    private boolean connectedOnce;

    SfuPeer(SfuRoom room, MediaListener listener) {
        this.room = room;
        this.listener = listener;
        this.transport = room.transports().open(this);
        this.local = transport.local();
    }

    /** Whether this is a publisher's transport (media comes in) rather than a subscriber's (media goes out). */
    abstract boolean publishing();

    /** On the loop, once detached: the publisher's streams stop, or the subscriber's subscriptions end. */
    abstract void dropStreams();

    /** On the loop: the transport's endpoint joins the forwarding graph, unless it closed first. */
    final void attach() {
        if (!detached) {
            endpoint = room.addEndpoint(this);
            if (!connectedOnce) {
                endpoint.awaitTransport();
            }
            room.attached(this);
        }
    }

    @Override
    public final LocalTransport local() {
        return local;
    }

    @Override
    public final LocalTransport restartIce() {
        local = transport.restartIce();
        return local;
    }

    /** The peer's credentials and fingerprint from its SDP, if this negotiation carried them. */
    final void setRemote(RemoteTransport remote) {
        if (remote != null) {
            transport.setRemote(remote);
        }
    }

    @Override
    public final void enableData(String sender, long remoteMaxMessageSize) {
        room.post(() -> {
            if (data == null && !detached) {
                data = new SfuData(this, SctpSettings.DEFAULTS, remoteMaxMessageSize);
                dataSender = sender;
            }
        });
    }

    /** On the loop: the data channels, or null when none were negotiated (or the transport is gone). */
    final SfuData data() {
        return detached ? null : data;
    }

    final String dataSender() {
        return dataSender;
    }

    @Override
    public final void applicationData(byte[] bytes) {
        SfuData current = data();
        if (current != null) {
            current.receive(bytes, room.loop.nanoTime());
        }
    }

    @Override
    public final void close() {
        closedByOwner = true;
        transport.close();
    }

    /** On the loop: the endpoint in the forwarding graph; null before it is attached and once it is detached. */
    final Endpoint endpoint() {
        return detached ? null : endpoint;
    }

    /** Whether the room still wants this transport's events: not once it closed the transport itself. */
    final boolean reporting() {
        return !closedByOwner;
    }

    /** On the loop: the room stopped or the transport closed; the streams go and the endpoint closes. */
    final void detach() {
        if (detached) {
            return;
        }
        detached = true;
        dropStreams();
        if (endpoint != null) {
            endpoint.close();
            room.detached(this);
        }
    }

    /** On the loop, when the room stops: the transport goes too. */
    final void shutDown() {
        closedByOwner = true;
        transport.close();
        detach();
    }

    /** A stream lost {@code lost} packets in the last second: on the publisher's uplink or the subscriber's downlink. */
    final void reportSlowLink(String mid, long lost) {
        if (reporting()) {
            listener.slowLink(mid, publishing(), (int) Math.min(Integer.MAX_VALUE, lost));
        }
    }

    @Override
    public final void connected() {
        connectedOnce = true;
        Endpoint current = endpoint();
        if (current != null) {
            current.transportConnected();
        }
        if (reporting()) {
            listener.connected();
        }
    }

    @Override
    public final void rtp(byte[] buf, int off, int len) {
        Endpoint current = endpoint;
        if (current != null) {
            current.receiveRtp(buf, off, len, room.loop.nanoTime());
        }
    }

    @Override
    public final void rtcp(byte[] buf, int off, int len) {
        Endpoint current = endpoint;
        if (current != null) {
            current.receiveRtcp(buf, off, len, room.loop.nanoTime());
        }
    }

    @Override
    public final void closed(CloseReason reason) {
        detach();
        if (reporting()) {
            listener.closed(CloseReasons.describe(reason));
        }
    }

    @Override
    public final void sendRtp(byte[] buf, int off, int len) {
        transport.sendRtp(buf, off, len);
    }

    @Override
    public final void sendRtcp(byte[] buf, int off, int len) {
        transport.sendRtcp(buf, off, len);
    }

    @Override
    public final String toString() {
        return (publishing() ? "publisher " : "subscriber ") + local.iceUfrag() + " in room " + room.name;
    }
}
