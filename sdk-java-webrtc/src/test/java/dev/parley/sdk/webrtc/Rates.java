package dev.parley.sdk.webrtc;

import dev.parley.sdk.media.PeerStats;

/** Rates measured from two stats samples a window apart. */
final class Rates {

    private Rates() {
    }

    /** Outgoing video in kbit/s over {@code windowMs}. */
    static double videoKbpsSent(Party party, long windowMs) {
        PeerStats before = party.stats();
        Waits.sleep(windowMs);
        PeerStats after = party.stats();
        return (after.videoBytesSent() - before.videoBytesSent()) * 8.0 / millis(before, after);
    }

    /** Mean payload of the audio packets received over {@code windowMs}. */
    static double audioBytesPerPacketReceived(Party party, long windowMs) {
        PeerStats before = party.stats();
        Waits.sleep(windowMs);
        PeerStats after = party.stats();
        long packets = after.audioPacketsReceived() - before.audioPacketsReceived();
        return packets == 0 ? 0 : (after.audioBytesReceived() - before.audioBytesReceived()) / (double) packets;
    }

    private static double millis(PeerStats before, PeerStats after) {
        return (after.timestampUs() - before.timestampUs()) / 1000.0;
    }
}
