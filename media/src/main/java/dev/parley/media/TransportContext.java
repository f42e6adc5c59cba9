package dev.parley.media;

import dev.parley.common.time.Scheduler;
import dev.parley.media.dtls.DtlsCertificate;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.udp.DatagramCounters;
import dev.parley.media.udp.DatagramSender;
import dev.parley.media.udp.Demultiplexer;

import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.function.BiConsumer;

/**
 * What every transport of one media server shares: the event loop (as a scheduler), the socket, the
 * routing table, the DTLS certificate and handshake permits, the settings and counters, the candidates.
 *
 * @param onClosed told when a transport closed and why, so the server forgets and counts it
 */
record TransportContext(
        Scheduler loop,
        DatagramSender sender,
        Demultiplexer demultiplexer,
        DatagramCounters counters,
        DtlsCertificate certificate,
        Semaphore handshakePermits,
        MediaSettings settings,
        List<IceCandidate> candidates,
        BiConsumer<MediaTransport, CloseReason> onClosed) {
}
