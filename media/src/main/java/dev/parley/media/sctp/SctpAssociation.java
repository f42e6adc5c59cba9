package dev.parley.media.sctp;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayDeque;

/**
 * One SCTP association over DTLS (RFC 8261), for WebRTC data channels: the association set-up of RFC 9260 §5 with
 * a signed State Cookie (either side may start it; Parley as SFU waits for the browser's INIT), data transfer with
 * SACKs, fast retransmit and T3-rtx (§6, §7), HEARTBEAT answered (§8.3), ABORT (§9.1), graceful SHUTDOWN (§9.2),
 * partial reliability with FORWARD TSN (RFC 3758), stream reset for closing channels (RFC 6525: outgoing SSN reset
 * requests and their responses), and PAD chunks skipped (RFC 4820). One path, no address parameters: DTLS is the
 * transport (RFC 8261 §4).
 *
 * <p>Not thread-safe: {@link #receive}, {@link #tick} and every other call come from one thread (the media
 * transport's event loop), with the time passed in. Bounds: the receive window holds at most
 * {@link SctpSettings#receiveWindow()} bytes (twice for the one TSN that completes the sequence), messages are at
 * most {@link SctpSettings#maxMessageSize()}, the send queue {@link SctpSettings#sendQueueLimit()} bytes; a packet
 * that fails its checksum or carries a wrong verification tag is dropped; a peer that breaks the protocol is
 * aborted.
 */
public final class SctpAssociation {

    /** Events, on the caller's thread, from inside {@link #receive} or {@link #tick}. */
    public interface Listener {
        void onEstablished();

        /** A whole message; the array is the listener's. */
        void onMessage(int stream, long ppid, byte[] data);

        /** The peer reset these outgoing streams of its own (RFC 6525 §5.2.2): our inbound ones start over. */
        void onIncomingStreamsReset(int[] streams);

        /** The association ended (ABORT either way, SHUTDOWN, or the peer stopped answering). */
        void onClosed(String reason);
    }

    /** RFC 9260 §4, the states this implementation passes through. */
    public enum State { CLOSED, COOKIE_WAIT, COOKIE_ECHOED, ESTABLISHED, SHUTDOWN_SENT, SHUTDOWN_ACK_SENT, ENDED }

    private static final int PARAM_STATE_COOKIE = 7;
    private static final int PARAM_SUPPORTED_EXTENSIONS = 0x8008;
    private static final int PARAM_FORWARD_TSN_SUPPORTED = 0xC000;
    private static final int PARAM_OUTGOING_RESET = 13;
    private static final int PARAM_RECONFIG_RESPONSE = 16;
    private static final int RESULT_PERFORMED = 1;
    private static final int RESULT_BAD_SEQUENCE = 5;
    private static final int RESULT_IN_PROGRESS = 6;
    private static final int CAUSE_UNRECOGNIZED_CHUNK = 6;
    private static final int CAUSE_NO_USER_DATA = 9;
    private static final int CAUSE_USER_ABORT = 12;
    private static final int CAUSE_PROTOCOL_VIOLATION = 13;
    /** Streams listed in one reset request, at most. */
    private static final int MAX_RESET_STREAMS = 256;

    private final SctpSettings settings;
    private final int localPort;
    private final int remotePort;
    private final SctpOutput output;
    private final Listener listener;
    private final SecureRandom random;
    private final byte[] cookieKey;
    private final PacketBuilder packet;
    private State state = State.CLOSED;
    private long localTag;
    private long peerTag;
    private long localInitialTsn;
    private int outboundStreams;
    private int inboundStreams;
    private InboundData inbound;
    private OutboundData outbound;
    private boolean sackDue;
    /** The chunk retransmitted on T1 (INIT, COOKIE ECHO) or T2 (SHUTDOWN, SHUTDOWN ACK), and its timer. */
    private byte[] pendingControl;
    private int pendingControlType;
    private long controlTimerAt = -1;
    private long controlTimeoutNanos;
    private int controlRetries;
    private long lastForwardTsnAt = Long.MIN_VALUE;
    // RFC 6525: our outgoing reset requests (one at a time) and the peer's request sequence.
    private final ArrayDeque<Integer> resetQueue = new ArrayDeque<>();
    private int[] resetInFlight;
    private long resetSentAt;
    private long nextRequestSeq;
    private long peerNextRequestSeq;
    private int lastPeerResult;
    private long droppedPackets;

    /**
     * @param localPort  our SCTP port ({@code a=sctp-port}, RFC 8841 §5)
     * @param remotePort the peer's
     */
    public SctpAssociation(SctpSettings settings, int localPort, int remotePort, SctpOutput output, Listener listener,
            SecureRandom random) {
        this.settings = settings;
        this.localPort = localPort;
        this.remotePort = remotePort;
        this.output = output;
        this.listener = listener;
        this.random = random;
        this.cookieKey = StateCookie.newKey(random);
        this.packet = new PacketBuilder(settings.maxPacketSize());
    }

    public State state() {
        return state;
    }

    /** Received packets dropped whole: bad checksum, wrong tag, out of state. */
    public long droppedPackets() {
        return droppedPackets;
    }

    /** Bytes of messages queued or not yet acknowledged by the peer (a data channel's bufferedAmount, summed). */
    public int bufferedAmount() {
        return outbound == null ? 0 : outbound.queuedBytes();
    }

    /** Bytes held for reassembly and ordering. */
    int receiveBuffered() {
        return inbound == null ? 0 : inbound.buffered();
    }

    /** Streams we may send on, as negotiated (RFC 9260 §5.1.1). */
    public int outboundStreams() {
        return outboundStreams;
    }

    // ---- set-up (RFC 9260 §5.1)

    /** Starts the association from this side with an INIT (the other side may still send its own). */
    public void connect(long now) {
        if (state != State.CLOSED) {
            throw new IllegalStateException("connect in state " + state);
        }
        newLocalParameters();
        packet.start(localPort, remotePort, 0);
        writeInit(Chunk.INIT, null);
        pendingControl = packet.chunks();
        pendingControlType = Chunk.INIT;
        packet.send(output);
        state = State.COOKIE_WAIT;
        startControlTimer(now, settings.rtoInitial().toNanos());
    }

    private void newLocalParameters() {
        localTag = nonZeroRandom();
        localInitialTsn = random.nextInt() & 0xffffffffL;
    }

    private long nonZeroRandom() {
        long tag;
        do {
            tag = random.nextInt() & 0xffffffffL;
        } while (tag == 0);
        return tag;
    }

    private void writeInit(int type, byte[] cookie) {
        packet.beginChunk(type, 0);
        packet.u32(localTag);
        packet.u32(settings.receiveWindow());
        packet.u16(type == Chunk.INIT ? settings.streams() : outboundStreams);
        packet.u16(type == Chunk.INIT ? settings.streams() : inboundStreams);
        packet.u32(localInitialTsn);
        if (cookie != null) {
            packet.u16(PARAM_STATE_COOKIE);
            packet.u16(4 + cookie.length);
            packet.bytes(cookie, 0, cookie.length);
            for (int i = cookie.length; (i & 3) != 0; i++) {
                packet.u8(0); // parameter padding (§3.2.1)
            }
        }
        packet.u16(PARAM_FORWARD_TSN_SUPPORTED);
        packet.u16(4);
        packet.u16(PARAM_SUPPORTED_EXTENSIONS);
        packet.u16(6);
        packet.u8(Chunk.FORWARD_TSN);
        packet.u8(Chunk.RE_CONFIG);
        packet.u16(0); // parameter padding
        packet.endChunk();
    }

    /** What an INIT or INIT ACK says (RFC 9260 §3.3.2, §3.3.3). */
    private record InitFields(long tag, long window, int outbound, int inbound, long initialTsn, boolean forwardTsn,
            boolean reconfig, int cookieOffset, int cookieLength) {
    }

    private static InitFields readInit(Chunk chunk) {
        if (chunk.length() < 16) {
            return null;
        }
        long tag = chunk.u32(0);
        int outbound = chunk.u16(8);
        int inbound = chunk.u16(10);
        if (tag == 0 || outbound == 0 || inbound == 0) {
            return null;
        }
        boolean forwardTsn = false;
        boolean reconfig = false;
        int cookieOffset = -1;
        int cookieLength = 0;
        int at = 16;
        while (at + 4 <= chunk.length()) {
            int type = chunk.u16(at);
            int length = chunk.u16(at + 2);
            if (length < 4 || at + length > chunk.length()) {
                return null;
            }
            switch (type) {
                case PARAM_STATE_COOKIE -> {
                    cookieOffset = chunk.offset() + at + 4;
                    cookieLength = length - 4;
                }
                case PARAM_FORWARD_TSN_SUPPORTED -> forwardTsn = true;
                case PARAM_SUPPORTED_EXTENSIONS -> {
                    for (int i = 4; i < length; i++) {
                        int extension = chunk.u8(at + i);
                        forwardTsn |= extension == Chunk.FORWARD_TSN;
                        reconfig |= extension == Chunk.RE_CONFIG;
                    }
                }
                default -> {
                    // Other parameters (ECN, AUTH, adaptation layer…) are not used here (RFC 9260 §3.2.1: the
                    // high bits say skip; those that say stop are not ones a data channel peer sends).
                }
            }
            at += (length + 3) & ~3;
        }
        return new InitFields(tag, chunk.u32(4), outbound, inbound, chunk.u32(12), forwardTsn, reconfig,
                cookieOffset, cookieLength);
    }

    private void onInit(SctpPacket p, Chunk chunk, long now) {
        InitFields init = readInit(chunk);
        if (p.verificationTag() != 0 || p.chunks().size() != 1 || init == null) {
            droppedPackets++; // §8.5.1: an INIT's tag is 0 and it is bundled with nothing
            return;
        }
        if (state == State.CLOSED) {
            newLocalParameters();
        } else if (state != State.COOKIE_WAIT && state != State.COOKIE_ECHOED && state != State.ESTABLISHED) {
            droppedPackets++;
            return;
        }
        // In COOKIE-WAIT/ECHOED (both sides started, §5.2.1) and ESTABLISHED (§5.2.2) the answer carries our tag,
        // so that the peer's COOKIE ECHO lands on this association; a restart is not supported and comes to nothing.
        int out = Math.min(settings.streams(), init.inbound());
        int in = Math.min(settings.streams(), init.outbound());
        StateCookie cookie = new StateCookie(init.tag(), localTag, init.initialTsn(), localInitialTsn, init.window(), out,
                in, init.forwardTsn(), init.reconfig(), now);
        int savedOut = outboundStreams;
        int savedIn = inboundStreams;
        outboundStreams = out;
        inboundStreams = in;
        packet.start(localPort, remotePort, init.tag());
        writeInit(Chunk.INIT_ACK, cookie.sign(cookieKey));
        packet.send(output);
        if (state != State.CLOSED) {
            outboundStreams = savedOut;
            inboundStreams = savedIn;
        }
    }

    private void onInitAck(SctpPacket p, Chunk chunk, long now) {
        InitFields init = readInit(chunk);
        if (state != State.COOKIE_WAIT || p.verificationTag() != localTag) {
            droppedPackets++;
            return;
        }
        if (init == null || init.cookieOffset() < 0) {
            abort(CAUSE_PROTOCOL_VIOLATION, "INIT ACK without a valid State Cookie");
            return;
        }
        setUp(init.tag(), init.initialTsn(), init.window(), Math.min(settings.streams(), init.inbound()),
                Math.min(settings.streams(), init.outbound()), init.forwardTsn());
        int echoLength = 4 + init.cookieLength();
        pendingControl = new byte[(echoLength + 3) & ~3];
        pendingControl[0] = (byte) Chunk.COOKIE_ECHO;
        pendingControl[2] = (byte) (echoLength >>> 8);
        pendingControl[3] = (byte) echoLength;
        System.arraycopy(chunk.buf(), init.cookieOffset(), pendingControl, 4, init.cookieLength());
        pendingControlType = Chunk.COOKIE_ECHO;
        sendPendingControl();
        state = State.COOKIE_ECHOED;
        controlRetries = 0;
        startControlTimer(now, settings.rtoInitial().toNanos());
    }

    private void onCookieEcho(SctpPacket p, Chunk chunk, long now) {
        StateCookie cookie = StateCookie.verify(cookieKey, chunk.buf(), chunk.offset(), chunk.length());
        if (cookie == null || p.verificationTag() != cookie.localTag()) {
            droppedPackets++;
            return;
        }
        if (now - cookie.createdNanos() > settings.cookieLifetime().toNanos()) {
            droppedPackets++; // §5.2.6 would report a Stale Cookie error; the peer's T1 resends its INIT
            return;
        }
        if (state == State.ESTABLISHED || state == State.SHUTDOWN_SENT || state == State.SHUTDOWN_ACK_SENT) {
            if (cookie.peerTag() == peerTag && cookie.localTag() == localTag) {
                sendControl(Chunk.COOKIE_ACK, 0); // §5.2.4 case D: our COOKIE ACK was lost
            } else {
                droppedPackets++;
            }
            return;
        }
        if (state == State.ENDED) {
            droppedPackets++;
            return;
        }
        localTag = cookie.localTag();
        localInitialTsn = cookie.localInitialTsn();
        setUp(cookie.peerTag(), cookie.peerInitialTsn(), cookie.peerWindow(), cookie.outboundStreams(),
                cookie.inboundStreams(), cookie.peerForwardTsn());
        stopControlTimer();
        state = State.ESTABLISHED;
        sendControl(Chunk.COOKIE_ACK, 0);
        listener.onEstablished();
    }

    private void setUp(long peerTag, long peerInitialTsn, long peerWindow, int out, int in, boolean forwardTsn) {
        this.peerTag = peerTag;
        this.outboundStreams = out;
        this.inboundStreams = in;
        this.inbound = new InboundData(peerInitialTsn, settings.receiveWindow(), settings.maxMessageSize(),
                listener::onMessage);
        this.outbound = new OutboundData(settings, localInitialTsn, peerWindow, forwardTsn);
        this.nextRequestSeq = localInitialTsn;
        this.peerNextRequestSeq = peerInitialTsn;
    }

    // ---- receiving

    /** A packet from the peer (the array is lent for the call). */
    public void receive(byte[] buf, int off, int len, long now) {
        if (state == State.ENDED) {
            droppedPackets++;
            return;
        }
        SctpPacket p = SctpPacket.parse(buf, off, len);
        if (p == null || p.destinationPort() != localPort || p.sourcePort() != remotePort) {
            droppedPackets++;
            return;
        }
        Chunk first = p.chunks().getFirst();
        switch (first.type()) {
            case Chunk.INIT -> {
                onInit(p, first, now);
                return;
            }
            case Chunk.INIT_ACK -> {
                if (p.chunks().size() == 1) {
                    onInitAck(p, first, now);
                } else {
                    droppedPackets++;
                }
                return;
            }
            case Chunk.COOKIE_ECHO -> {
                onCookieEcho(p, first, now);
                if (p.verificationTag() == localTag && state != State.CLOSED) {
                    handleRest(p, 1, now);
                }
                return;
            }
            case Chunk.ABORT, Chunk.SHUTDOWN_COMPLETE -> {
                boolean reflected = (first.flags() & 1) != 0;
                if (p.verificationTag() == (reflected ? peerTag : localTag) && state != State.CLOSED) {
                    if (first.type() == Chunk.ABORT) {
                        end("aborted by the peer");
                    } else if (state == State.SHUTDOWN_ACK_SENT) {
                        end("shut down");
                    }
                } else {
                    droppedPackets++;
                }
                return;
            }
            default -> {
            }
        }
        if (state == State.CLOSED || p.verificationTag() != localTag) {
            droppedPackets++; // §8.5: out of the blue, or not ours
            return;
        }
        handleRest(p, 0, now);
    }

    private void handleRest(SctpPacket p, int from, long now) {
        for (int i = from; i < p.chunks().size() && state != State.ENDED; i++) {
            Chunk chunk = p.chunks().get(i);
            if (!handle(chunk, now)) {
                break;
            }
        }
        if (state != State.ENDED) {
            flush(now);
        }
    }

    /** One chunk after the first of its packet; false to stop processing the packet. */
    private boolean handle(Chunk chunk, long now) {
        boolean established = state == State.ESTABLISHED || state == State.SHUTDOWN_SENT
                || state == State.SHUTDOWN_ACK_SENT;
        switch (chunk.type()) {
            case Chunk.INIT, Chunk.INIT_ACK, Chunk.COOKIE_ECHO, Chunk.ABORT, Chunk.SHUTDOWN_COMPLETE -> {
                // §6.10: these must come alone (or first); anywhere else the packet is broken.
                abort(CAUSE_PROTOCOL_VIOLATION, "chunk type " + chunk.type() + " bundled after others");
                return false;
            }
            case Chunk.COOKIE_ACK -> {
                if (state == State.COOKIE_ECHOED) {
                    stopControlTimer();
                    state = State.ESTABLISHED;
                    listener.onEstablished();
                }
            }
            case Chunk.DATA -> {
                if (!established) {
                    return true;
                }
                if (chunk.length() < 12) {
                    abort(CAUSE_PROTOCOL_VIOLATION, "DATA chunk shorter than its header");
                    return false;
                }
                if (chunk.length() == 12) {
                    abort(CAUSE_NO_USER_DATA, "DATA chunk without user data"); // §6.2
                    return false;
                }
                if (chunk.u16(4) >= inboundStreams) {
                    abort(CAUSE_PROTOCOL_VIOLATION, "DATA on stream " + chunk.u16(4) + " of " + inboundStreams);
                    return false;
                }
                if (inbound.data(chunk) == InboundData.Outcome.TOO_BIG) {
                    abort(CAUSE_PROTOCOL_VIOLATION, "message larger than " + settings.maxMessageSize() + " bytes");
                    return false;
                }
                sackDue = true;
                tryDeferredReset();
            }
            case Chunk.SACK -> {
                if (established && outbound.sack(chunk, now) && state == State.SHUTDOWN_SENT) {
                    pendingControlIfIdle(now);
                }
            }
            case Chunk.FORWARD_TSN -> {
                if (!established || chunk.length() < 4) {
                    return true;
                }
                int pairs = (chunk.length() - 4) / 4;
                int[] streams = new int[pairs];
                int[] ssns = new int[pairs];
                for (int i = 0; i < pairs; i++) {
                    streams[i] = chunk.u16(4 + 4 * i);
                    ssns[i] = chunk.u16(6 + 4 * i);
                }
                inbound.forward(inbound.unwrap(chunk.u32(0)), streams, ssns);
                sackDue = true;
                tryDeferredReset();
            }
            case Chunk.HEARTBEAT -> {
                if (established) {
                    packet.start(localPort, remotePort, peerTag);
                    packet.beginChunk(Chunk.HEARTBEAT_ACK, 0);
                    int len = Math.min(chunk.length(), packet.remaining() - 8);
                    packet.bytes(chunk.buf(), chunk.offset(), len);
                    packet.endChunk();
                    packet.send(output);
                }
            }
            case Chunk.SHUTDOWN -> {
                if (established) {
                    state = State.SHUTDOWN_ACK_SENT;
                    pendingControl = new byte[] {(byte) Chunk.SHUTDOWN_ACK, 0, 0, 4};
                    pendingControlType = Chunk.SHUTDOWN_ACK;
                    sendPendingControl();
                    controlRetries = 0;
                    startControlTimer(now, outbound.rtoNanos());
                }
            }
            case Chunk.SHUTDOWN_ACK -> {
                if (state == State.SHUTDOWN_SENT || state == State.COOKIE_ECHOED || state == State.COOKIE_WAIT) {
                    packet.start(localPort, remotePort, peerTag);
                    packet.beginChunk(Chunk.SHUTDOWN_COMPLETE, 0);
                    packet.endChunk();
                    packet.send(output);
                    end("shut down");
                    return false;
                }
            }
            case Chunk.RE_CONFIG -> {
                if (established) {
                    onReconfig(chunk, now);
                }
            }
            case Chunk.HEARTBEAT_ACK, Chunk.ERROR, Chunk.PAD -> {
                // Nothing to do: we send no heartbeats (ICE consent watches the path) and errors are only reports.
            }
            default -> {
                int action = chunk.type() >>> 6; // §3.2: the two high bits say what to do with an unknown chunk
                if (action == 1 || action == 3) {
                    reportUnrecognized(chunk);
                }
                return action >= 2;
            }
        }
        return state != State.ENDED;
    }

    // ---- stream reset (RFC 6525)

    private void onReconfig(Chunk chunk, long now) {
        int at = 0;
        while (at + 4 <= chunk.length()) {
            int type = chunk.u16(at);
            int length = chunk.u16(at + 2);
            if (length < 4 || at + length > chunk.length()) {
                return;
            }
            if (type == PARAM_OUTGOING_RESET && length >= 16) {
                int count = (length - 16) / 2;
                int[] streams = new int[count];
                for (int i = 0; i < count; i++) {
                    streams[i] = chunk.u16(at + 16 + 2 * i);
                }
                onPeerResetRequest(chunk.u32(at + 4), chunk.u32(at + 12), streams);
            } else if (type == PARAM_RECONFIG_RESPONSE && length >= 12) {
                onResetResponse(chunk.u32(at + 4), chunk.u32(at + 8), now);
            }
            at += (length + 3) & ~3;
        }
    }

    private long deferredResetSeq = -1;
    private long deferredResetTsn;
    private int[] deferredResetStreams;

    /** §5.2.2: the peer's outgoing streams reset, once every TSN it sent on them before has arrived. */
    private void onPeerResetRequest(long requestSeq, long lastTsn, int[] streams) {
        if (requestSeq == ((peerNextRequestSeq - 1) & 0xffffffffL) && deferredResetSeq < 0) {
            sendReconfigResponse(requestSeq, lastPeerResult); // a retransmission of one we answered
            return;
        }
        if (requestSeq != (peerNextRequestSeq & 0xffffffffL)) {
            sendReconfigResponse(requestSeq, RESULT_BAD_SEQUENCE);
            return;
        }
        deferredResetSeq = requestSeq;
        deferredResetTsn = inbound.unwrap(lastTsn);
        deferredResetStreams = streams;
        if (!tryDeferredReset()) {
            sendReconfigResponse(requestSeq, RESULT_IN_PROGRESS);
        }
    }

    private boolean tryDeferredReset() {
        if (deferredResetSeq < 0 || inbound.cumulativeTsn() < deferredResetTsn) {
            return false;
        }
        long seq = deferredResetSeq;
        int[] streams = deferredResetStreams;
        deferredResetSeq = -1;
        deferredResetStreams = null;
        inbound.resetStreams(streams);
        peerNextRequestSeq++;
        lastPeerResult = RESULT_PERFORMED;
        sendReconfigResponse(seq, RESULT_PERFORMED);
        listener.onIncomingStreamsReset(streams);
        return true;
    }

    private void sendReconfigResponse(long responseSeq, int result) {
        packet.start(localPort, remotePort, peerTag);
        packet.beginChunk(Chunk.RE_CONFIG, 0);
        packet.u16(PARAM_RECONFIG_RESPONSE);
        packet.u16(12);
        packet.u32(responseSeq);
        packet.u32(result);
        packet.endChunk();
        packet.send(output);
    }

    private void onResetResponse(long responseSeq, long result, long now) {
        if (resetInFlight == null || responseSeq != (nextRequestSeq & 0xffffffffL)) {
            return;
        }
        if (result == RESULT_IN_PROGRESS) {
            resetSentAt = now; // asked again after an RTO
            return;
        }
        if (result == RESULT_PERFORMED) {
            outbound.resetStreams(resetInFlight);
        }
        resetInFlight = null;
        nextRequestSeq++;
        sendResetRequest(now);
    }

    /**
     * Resets our outgoing streams (RFC 6525 §5.1.2), how a data channel is closed (RFC 8831 §6.7); requests go one at
     * a time, the streams of later calls wait. The caller sends nothing more on them.
     */
    public void resetStreams(int[] streams, long now) {
        if (state != State.ESTABLISHED) {
            return;
        }
        for (int stream : streams) {
            if (!resetQueue.contains(stream) && resetQueue.size() < settings.streams()) {
                resetQueue.add(stream);
            }
        }
        sendResetRequest(now);
    }

    private void sendResetRequest(long now) {
        if (resetInFlight == null) {
            if (resetQueue.isEmpty()) {
                return;
            }
            int count = Math.min(resetQueue.size(), MAX_RESET_STREAMS);
            resetInFlight = new int[count];
            for (int i = 0; i < count; i++) {
                resetInFlight[i] = resetQueue.poll();
            }
        }
        packet.start(localPort, remotePort, peerTag);
        packet.beginChunk(Chunk.RE_CONFIG, 0);
        packet.u16(PARAM_OUTGOING_RESET);
        packet.u16(16 + 2 * resetInFlight.length);
        packet.u32(nextRequestSeq & 0xffffffffL);
        packet.u32((peerNextRequestSeq - 1) & 0xffffffffL);
        packet.u32(outbound.lastAssignedTsn() & 0xffffffffL);
        for (int stream : resetInFlight) {
            packet.u16(stream);
        }
        packet.endChunk();
        packet.send(output);
        resetSentAt = now;
    }

    // ---- sending

    /**
     * Queues a message on a stream and sends what the windows allow. Returns false when the send queue has no room
     * for it (the caller may retry once {@link #bufferedAmount()} has fallen).
     *
     * @throws IllegalStateException    before the association is established or after it ended
     * @throws IllegalArgumentException for a stream beyond the negotiated ones, or an empty or too large message
     */
    public boolean send(int stream, long ppid, byte[] data, Reliability reliability, long now) {
        if (state != State.ESTABLISHED) {
            throw new IllegalStateException("cannot send in state " + state);
        }
        if (stream < 0 || stream >= outboundStreams) {
            throw new IllegalArgumentException("stream " + stream + " outside 0.." + (outboundStreams - 1));
        }
        if (data.length == 0 || data.length > settings.maxMessageSize()) {
            throw new IllegalArgumentException("message of " + data.length + " bytes, allowed 1.."
                    + settings.maxMessageSize());
        }
        if (!outbound.enqueue(stream, ppid, data, reliability, now)) {
            return false;
        }
        flush(now);
        return true;
    }

    /** Sends what is due: a SACK, a FORWARD TSN, then DATA within the windows, bundled into full packets. */
    private void flush(long now) {
        if (outbound == null) {
            return;
        }
        boolean forward = outbound.forwardTsnPending()
                && (lastForwardTsnAt == Long.MIN_VALUE || now - lastForwardTsnAt >= outbound.rtoNanos() || sackDue);
        while (true) {
            packet.start(localPort, remotePort, peerTag);
            boolean control = sackDue || forward;
            if (sackDue) {
                inbound.writeSack(packet);
                sackDue = false;
            }
            if (forward && outbound.writeForwardTsn(packet)) {
                lastForwardTsnAt = now;
            }
            forward = false;
            boolean data = (state == State.ESTABLISHED || state == State.SHUTDOWN_SENT) && outbound.fill(packet, now);
            if (packet.isEmpty()) {
                return;
            }
            packet.send(output);
            if (!data && !control) {
                return; // after control chunks, one more round: a full DATA chunk may not have fit beside them
            }
        }
    }

    /** Runs the timers: T1 (INIT, COOKIE ECHO), T2 (SHUTDOWN), T3-rtx, reset requests and FORWARD TSN resends. */
    public void tick(long now) {
        if (state == State.ENDED || state == State.CLOSED) {
            return;
        }
        if (controlTimerAt >= 0 && now >= controlTimerAt) {
            if (++controlRetries > settings.maxRetransmissions()) {
                end("the peer stopped answering");
                return;
            }
            sendPendingControl();
            controlTimeoutNanos = Math.min(controlTimeoutNanos * 2, settings.rtoMax().toNanos());
            controlTimerAt = now + controlTimeoutNanos;
        }
        if (outbound == null) {
            return;
        }
        if (!outbound.tick(now)) {
            abort(CAUSE_USER_ABORT, "the peer stopped acknowledging data");
            return;
        }
        if (resetInFlight != null && now - resetSentAt >= outbound.rtoNanos()) {
            sendResetRequest(now);
        }
        flush(now);
    }

    // ---- ending

    /** Ends the association gracefully (§9.2) once the data queued so far is acknowledged. */
    public void shutdown(long now) {
        if (state != State.ESTABLISHED) {
            if (state == State.COOKIE_WAIT || state == State.COOKIE_ECHOED) {
                end("closed before it was established");
            }
            return;
        }
        state = State.SHUTDOWN_SENT;
        pendingControlIfIdle(now);
    }

    private void pendingControlIfIdle(long now) {
        if (!outbound.idle() || pendingControlType == Chunk.SHUTDOWN) {
            return;
        }
        pendingControl = new byte[8];
        pendingControl[0] = (byte) Chunk.SHUTDOWN;
        pendingControl[3] = 8;
        long cumulative = inbound.cumulativeTsn() & 0xffffffffL;
        for (int i = 0; i < 4; i++) {
            pendingControl[4 + i] = (byte) (cumulative >>> (24 - 8 * i));
        }
        pendingControlType = Chunk.SHUTDOWN;
        sendPendingControl();
        controlRetries = 0;
        startControlTimer(now, outbound.rtoNanos());
    }

    /** Ends the association at once with an ABORT (§9.1), telling the peer why. */
    public void abort(String reason) {
        abort(CAUSE_USER_ABORT, reason);
    }

    private void abort(int cause, String reason) {
        if (state == State.ENDED) {
            return;
        }
        if (state != State.CLOSED) {
            byte[] text = reason.getBytes(StandardCharsets.UTF_8);
            int len = Math.min(text.length, 128);
            boolean reflect = peerTag == 0;
            packet.start(localPort, remotePort, reflect ? localTag : peerTag);
            packet.beginChunk(Chunk.ABORT, reflect ? 1 : 0);
            packet.u16(cause);
            packet.u16(4 + (cause == CAUSE_USER_ABORT ? len : 0));
            if (cause == CAUSE_USER_ABORT) {
                packet.bytes(text, 0, len);
            }
            packet.endChunk();
            packet.send(output);
        }
        end(reason);
    }

    private void end(String reason) {
        state = State.ENDED;
        stopControlTimer();
        listener.onClosed(reason);
    }

    // ---- helpers

    private void reportUnrecognized(Chunk chunk) {
        packet.start(localPort, remotePort, peerTag);
        packet.beginChunk(Chunk.ERROR, 0);
        int len = Math.min(chunk.length() + 4, packet.remaining() - 12);
        packet.u16(CAUSE_UNRECOGNIZED_CHUNK);
        packet.u16(4 + len);
        packet.u8(chunk.type());
        packet.u8(chunk.flags());
        packet.u16(chunk.length() + 4);
        packet.bytes(chunk.buf(), chunk.offset(), len - 4);
        packet.endChunk();
        packet.send(output);
    }

    private void sendControl(int type, int flags) {
        packet.start(localPort, remotePort, peerTag);
        packet.beginChunk(type, flags);
        packet.endChunk();
        packet.send(output);
    }

    private void sendPendingControl() {
        packet.start(localPort, remotePort, pendingControlType == Chunk.INIT ? 0 : peerTag);
        packet.bytes(pendingControl, 0, pendingControl.length); // whole chunks, padded
        packet.send(output);
    }

    private void startControlTimer(long now, long timeout) {
        controlTimeoutNanos = timeout;
        controlTimerAt = now + timeout;
    }

    private void stopControlTimer() {
        controlTimerAt = -1;
        pendingControl = null;
        pendingControlType = -1;
    }

    @Override
    public String toString() {
        return "SCTP " + state + " streams " + outboundStreams + "/" + inboundStreams;
    }
}
