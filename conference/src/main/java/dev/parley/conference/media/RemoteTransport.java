package dev.parley.conference.media;

import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.Setup;

import java.util.List;

/**
 * What a peer's description says about its end of the transport: ICE credentials (RFC 8839 §5.4), the fingerprints
 * its DTLS certificate must match (RFC 8122 §5) and its DTLS role (RFC 8842 §5). Parley is ICE-lite (RFC 8445
 * §2.5): it answers the peer's checks and needs no candidates from it.
 */
public record RemoteTransport(String iceUfrag, String icePwd, List<Fingerprint> fingerprints, Setup setup) {

    public RemoteTransport {
        fingerprints = List.copyOf(fingerprints);
    }
}
