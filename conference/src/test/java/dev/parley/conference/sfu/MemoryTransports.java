package dev.parley.conference.sfu;

import dev.parley.common.time.FakeScheduler;
import dev.parley.common.time.Scheduler;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.media.CloseReason;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Transports in memory on a fake media loop: no ICE, DTLS or SRTP, packets handed straight to the bridge and
 * recorded on the way out. Tests play the peer: connect, send RTP/RTCP, let consent expire.
 */
final class MemoryTransports implements PeerTransports {

    final FakeScheduler loop = new FakeScheduler();
    final List<Link> opened = new ArrayList<>();

    @Override
    public Scheduler loop() {
        return loop;
    }

    @Override
    public PeerTransport open(PeerTransport.Events events) {
        Link link = new Link(opened.size() + 1, events);
        opened.add(link);
        return link;
    }

    /** One transport: what Parley sent on it, and the peer's side. */
    final class Link implements PeerTransport {
        final int number;
        final PeerTransport.Events events;
        final List<byte[]> rtpSent = new ArrayList<>();
        final List<byte[]> rtcpSent = new ArrayList<>();
        final List<byte[]> dataSent = new ArrayList<>();
        final List<Integer> forgotten = new ArrayList<>();
        RemoteTransport remote;
        int restarts;
        boolean closed;
        /** When set, sends are only counted (the allocation test sends thousands). */
        boolean discard;
        long sentWhileDiscarding;

        Link(int number, PeerTransport.Events events) {
            this.number = number;
            this.events = events;
        }

        @Override
        public LocalTransport local() {
            return new LocalTransport("mem" + number + "g" + restarts, "memorypasswordmemorypassword",
                    new Fingerprint("sha-256", "AB:".repeat(31) + "AB"),
                    List.of(IceCandidate.host("1", 2130706431L, "udp", "198.18.0.1", 40000)));
        }

        @Override
        public LocalTransport restartIce() {
            restarts++;
            return local();
        }

        @Override
        public void setRemote(RemoteTransport remoteTransport) {
            remote = remoteTransport;
        }

        @Override
        public boolean sendRtp(byte[] buf, int off, int len) {
            return sent(rtpSent, buf, off, len);
        }

        @Override
        public boolean sendRtcp(byte[] buf, int off, int len) {
            return sent(rtcpSent, buf, off, len);
        }

        /** A packet Parley sent, on the loop: kept in {@code into}, or only counted while discarding. */
        private boolean sent(List<byte[]> into, byte[] buf, int off, int len) {
            requireLoop();
            if (discard) {
                sentWhileDiscarding++;
            } else {
                into.add(Arrays.copyOfRange(buf, off, off + len));
            }
            return !closed;
        }

        @Override
        public boolean sendApplicationData(byte[] buf, int off, int len) {
            return sent(dataSent, buf, off, len);
        }

        @Override
        public void forgetOutboundSsrc(int ssrc) {
            forgotten.add(ssrc);
        }

        @Override
        public void close() {
            loop.execute(() -> end(CloseReason.CLOSED));
        }

        /** The peer: ICE and DTLS done. */
        void connect() {
            loop.execute(events::connected);
            loop.runPending();
        }

        /** The peer sends one RTP packet. */
        void receive(byte[] rtp) {
            events.rtp(rtp, 0, rtp.length);
        }

        void receiveRtcp(byte[] rtcp) {
            events.rtcp(rtcp, 0, rtcp.length);
        }

        /** The transport closes by itself (consent expired, DTLS failed...). */
        void end(CloseReason reason) {
            if (!closed) {
                closed = true;
                events.closed(reason);
            }
        }

        private void requireLoop() {
            if (!loop.inThread()) {
                throw new AssertionError("sent off the media loop");
            }
        }
    }
}
