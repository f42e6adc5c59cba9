package dev.parley.conference.sfu;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.media.CloseReason;
import dev.parley.media.MediaServer;
import dev.parley.media.MediaTransport;
import dev.parley.media.PacketReceiver;
import dev.parley.media.TransportListener;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.ice.IceCredentials;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * The media server's transports as {@link PeerTransport}s: each is a {@link MediaTransport} on the server's one UDP
 * port, whose decrypted packets and events go straight to the bridge on the media loop. Thread-safe.
 */
final class MediaServerTransports implements PeerTransports {

    private static final Logger LOG = LoggerFactory.getLogger(MediaServerTransports.class);

    private final MediaServer server;

    MediaServerTransports(MediaServer server) {
        this.server = server;
    }

    @Override
    public Scheduler loop() {
        return server.loop();
    }

    @Override
    public PeerTransport open(PeerTransport.Events events) {
        return new Adapter(server, events);
    }

    /** One media transport behind the bridge's interface. */
    private static final class Adapter implements PeerTransport, TransportListener, PacketReceiver {

        private final PeerTransport.Events events;
        private final MediaTransport transport;

        Adapter(MediaServer server, PeerTransport.Events events) {
            this.events = events;
            this.transport = server.createTransport(this);
            transport.setPacketReceiver(this);
        }

        @Override
        public LocalTransport local() {
            return describe(transport.localCredentials());
        }

        @Override
        public LocalTransport restartIce() {
            return describe(transport.restartIce());
        }

        @Override
        public void setRemote(RemoteTransport remote) {
            try {
                transport.setRemoteUfrag(remote.iceUfrag());
                transport.setRemoteFingerprint(usable(remote.fingerprints()));
            } catch (IllegalArgumentException e) {
                LOG.info("{}: the peer's description cannot be used ({}); closing", transport, e.getMessage());
                transport.close();
            }
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            return transport.sendRtp(buf, off, len);
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return transport.sendRtcp(buf, off, len);
        }

        @Override
        public boolean sendApplicationData(byte[] buf, int off, int len) {
            return transport.sendApplicationData(buf, off, len);
        }

        @Override
        public void forgetOutboundSsrc(int ssrc) {
            transport.forgetOutboundSsrc(ssrc);
        }

        @Override
        public void close() {
            transport.close();
        }

        @Override
        public void onConnected(MediaTransport t) {
            events.connected();
        }

        @Override
        public void onClosed(MediaTransport t, CloseReason reason) {
            events.closed(reason);
        }

        @Override
        public void onRtp(MediaTransport t, byte[] buf, int off, int len) {
            events.rtp(buf, off, len);
        }

        @Override
        public void onRtcp(MediaTransport t, byte[] buf, int off, int len) {
            events.rtcp(buf, off, len);
        }

        @Override
        public boolean onApplicationData(MediaTransport t, byte[] data) {
            events.applicationData(data);
            return true;
        }

        private LocalTransport describe(IceCredentials credentials) {
            DtlsFingerprint fingerprint = transport.localFingerprint();
            List<IceCandidate> candidates = transport.localCandidates().stream()
                    .map(Adapter::candidate)
                    .toList();
            return new LocalTransport(credentials.ufrag(), credentials.pwd(),
                    new Fingerprint(fingerprint.algorithm(), fingerprint.sdpValue().substring(fingerprint.algorithm().length() + 1)),
                    candidates);
        }

        /** A media-plane candidate as an SDP one: UDP, or passive TCP (RFC 6544 §4.5: {@code tcptype passive}). */
        private static IceCandidate candidate(dev.parley.media.ice.IceCandidate candidate) {
            String address = candidate.address().getAddress().getHostAddress();
            int port = candidate.address().getPort();
            if (candidate.transport() == dev.parley.media.ice.IceCandidate.Transport.TCP) {
                return new IceCandidate(candidate.foundation(), 1, "tcp", candidate.priority(), address, port, "host", null, -1,
                        List.of("tcptype", "passive"));
            }
            return IceCandidate.host(candidate.foundation(), candidate.priority(), "udp", address, port);
        }

        /**
         * The fingerprint the peer's certificate is checked against: of those its SDP gives (RFC 8122 §5 allows
         * several), the first with a hash function Parley accepts.
         */
        private static DtlsFingerprint usable(List<Fingerprint> fingerprints) {
            IllegalArgumentException last = new IllegalArgumentException("no a=fingerprint");
            for (Fingerprint fingerprint : fingerprints) {
                try {
                    return DtlsFingerprint.parse(fingerprint.format());
                } catch (IllegalArgumentException e) {
                    last = e;
                }
            }
            throw last;
        }
    }
}
