package dev.parley.conference.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * {@code a=ssrc-group:<semantics> <ssrc-id> ...} (RFC 5576 §4.2); WebRTC uses {@code FID} to pair a stream's SSRC
 * with its retransmission SSRC (RFC 4588 §8.1) and {@code SIM} for legacy simulcast.
 */
public record SsrcGroup(String semantics, List<Long> ssrcs) {

    public SsrcGroup {
        ssrcs = List.copyOf(ssrcs);
    }

    public static SsrcGroup parse(String value) throws SdpException {
        String[] parts = value.split(" ");
        if (parts.length < 2 || parts[0].isEmpty()) {
            throw new SdpException("a=ssrc-group needs semantics and at least one SSRC: " + value);
        }
        List<Long> ssrcs = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            ssrcs.add(SdpNumbers.unsigned32(parts[i], "a=ssrc-group SSRC"));
        }
        return new SsrcGroup(parts[0], ssrcs);
    }

    public String format() {
        return semantics + " " + ssrcs.stream().map(String::valueOf).collect(Collectors.joining(" "));
    }
}
