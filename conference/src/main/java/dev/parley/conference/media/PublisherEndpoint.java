package dev.parley.conference.media;

import java.util.List;

/** A publisher's transport: Parley receives the publisher's streams on it and forwards them to subscribers. */
public interface PublisherEndpoint extends MediaEndpoint {

    /**
     * Sets (or, on renegotiation, replaces) what the publisher sends, after Parley has answered its offer: the remote
     * ICE credentials and fingerprints, and the accepted streams. Streams no longer listed stop being forwarded.
     */
    void receive(RemoteTransport remote, List<PublishedStream> streams);

    /** Whether a stream is relayed to subscribers ({@code configure} with {@code audio:false}, {@code video:false}). */
    void setForwarding(String mid, boolean forward);

    /** Asks the publisher for a keyframe on its video streams (PLI, RFC 4585 §6.3.1, or FIR, RFC 5104 §4.3.1). */
    void requestKeyframe();

    /** Caps the publisher's sending rate with REMB feedback (draft-alvestrand-rmcat-remb); 0 lifts the cap. */
    void capBitrate(long bitsPerSecond);
}
