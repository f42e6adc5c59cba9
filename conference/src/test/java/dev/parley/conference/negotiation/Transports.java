package dev.parley.conference.negotiation;

import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.conference.sdp.SdpException;

import java.util.List;

/** A fixed Parley transport for the description tests. */
final class Transports {

    static final LocalTransport PARLEY = parley();

    private Transports() {
    }

    private static LocalTransport parley() {
        try {
            return new LocalTransport("pARl", "parleyparleyparleyparley", Fingerprint.parse("sha-256 "
                    + "0E:88:2F:BB:5B:42:DF:B4:C0:5B:27:D5:71:1D:DD:7F:A2:6E:C5:8D:5E:AA:41:A8:AC:5D:25:BB:34:66:EA:BC"),
                    List.of(IceCandidate.host("1", 2130706431L, "udp", "198.18.0.1", 40000)));
        } catch (SdpException e) {
            throw new AssertionError(e);
        }
    }
}
