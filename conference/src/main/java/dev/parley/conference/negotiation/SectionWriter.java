package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.ExtMap;
import dev.parley.conference.sdp.Fmtp;
import dev.parley.conference.sdp.Group;
import dev.parley.conference.sdp.IceCandidate;
import dev.parley.conference.sdp.Origin;
import dev.parley.conference.sdp.RtcpFb;
import dev.parley.conference.sdp.RtpMap;
import dev.parley.conference.sdp.SdpLine;
import dev.parley.conference.sdp.Setup;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** The lines Parley's answers and offers share: origin, connection, transport, codec and extension attributes. */
final class SectionWriter {

    /** The session name of every description Parley writes. */
    static final String SESSION_NAME = "Parley";
    /** RFC 8285 §6: both header extension forms may be used. */
    static final String EXTMAP_ALLOW_MIXED = "extmap-allow-mixed";

    private SectionWriter() {
    }

    /** {@code o=- <id> <version> IN IP4 127.0.0.1}, as JSEP writes it (RFC 8829 §5.2.1). */
    static Origin origin(String sessionId, long version) {
        return new Origin("-", sessionId, version, "IN", "IP4", "127.0.0.1");
    }

    static List<SdpLine> timing() {
        return List.of(new SdpLine('t', "0 0"));
    }

    /** The m= port: the default candidate's (RFC 8839 §5.1), 9 (discard) when there is none. */
    static int port(LocalTransport local) {
        return local.candidates().isEmpty() ? 9 : local.candidates().getFirst().port();
    }

    /** The c= line for the default candidate, {@code IN IP4 0.0.0.0} when there is none. */
    static SdpLine connection(LocalTransport local) {
        if (local.candidates().isEmpty()) {
            return connection("0.0.0.0");
        }
        return connection(local.candidates().getFirst().address());
    }

    static SdpLine connection(String address) {
        return new SdpLine('c', "IN " + (address.indexOf(':') >= 0 ? "IP6 " : "IP4 ") + address);
    }

    /** ICE credentials, fingerprint and DTLS role (RFC 8839 §5.4, RFC 8122 §5, RFC 8842 §5). */
    static void transport(List<Attribute> attributes, LocalTransport local, Setup setup) {
        attributes.add(Attribute.of("ice-ufrag", local.iceUfrag()));
        attributes.add(Attribute.of("ice-pwd", local.icePwd()));
        attributes.add(Attribute.of("fingerprint", local.fingerprint().format()));
        attributes.add(Attribute.of("setup", setup.value()));
    }

    /** Every candidate, then {@code a=end-of-candidates}: an ICE-lite agent has them all at once (RFC 8838 §8.2). */
    static void candidates(List<Attribute> attributes, LocalTransport local) {
        for (IceCandidate candidate : local.candidates()) {
            attributes.add(Attribute.of("candidate", candidate.format()));
        }
        attributes.add(Attribute.flag("end-of-candidates"));
    }

    static void extensions(List<Attribute> attributes, Map<HeaderExtension, Integer> extensions) {
        List<Map.Entry<HeaderExtension, Integer>> sorted = new ArrayList<>(extensions.entrySet());
        sorted.sort(Map.Entry.comparingByValue(Comparator.naturalOrder()));
        for (Map.Entry<HeaderExtension, Integer> extension : sorted) {
            attributes.add(Attribute.of("extmap", new ExtMap(extension.getValue(), "", extension.getKey().uri(), "").format()));
        }
    }

    /** {@code a=group:BUNDLE} over the given mids (RFC 8843 §7). */
    static Attribute bundle(List<String> mids) {
        return Attribute.of("group", new Group("BUNDLE", mids).format());
    }

    /** rtpmap, rtcp-fb and fmtp of the codec, then the RTX payload type paired with it (RFC 4588 §8.6). */
    static void codec(List<Attribute> attributes, Codec codec, int rtxPayloadType) {
        int pt = codec.payloadType();
        attributes.add(Attribute.of("rtpmap", new RtpMap(pt, codec.name(), codec.clockRate(), codec.channels())
                .format(codec.channels() > 1)));
        for (String feedback : codec.feedback()) {
            int space = feedback.indexOf(' ');
            RtcpFb fb = space < 0 ? new RtcpFb(pt, feedback, "")
                    : new RtcpFb(pt, feedback.substring(0, space), feedback.substring(space + 1));
            attributes.add(Attribute.of("rtcp-fb", fb.format()));
        }
        if (!codec.fmtp().isEmpty()) {
            attributes.add(Attribute.of("fmtp", new Fmtp(pt, codec.fmtp()).format()));
        }
        if (rtxPayloadType >= 0) {
            attributes.add(Attribute.of("rtpmap", new RtpMap(rtxPayloadType, "rtx", codec.clockRate(), 1).format(false)));
            attributes.add(Attribute.of("fmtp", new Fmtp(rtxPayloadType, "apt=" + pt).format()));
        }
    }

    static List<String> formats(Codec codec, int rtxPayloadType) {
        return rtxPayloadType >= 0 ? List.of(String.valueOf(codec.payloadType()), String.valueOf(rtxPayloadType))
                : List.of(String.valueOf(codec.payloadType()));
    }
}
