package dev.parley.conference.media;

import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;

import java.util.List;

/**
 * Parley's end of one transport, as its descriptions announce it: ICE-lite credentials, the fingerprint of its DTLS
 * certificate and its host candidates on the media port (RFC 8445 §5.1.1.1).
 */
public record LocalTransport(String iceUfrag, String icePwd, Fingerprint fingerprint, List<IceCandidate> candidates) {

    public LocalTransport {
        candidates = List.copyOf(candidates);
    }
}
