package dev.parley.conference.negotiation;

import dev.parley.conference.media.Codec;
import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.ExtMap;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.Fmtp;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.RtcpFb;
import dev.parley.conference.sdp.RtpMap;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Setup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads a subscriber's answer to Parley's offer: which slots it accepted (RFC 3264 §6: same m= sections in the same
 * order, port 0 for rejected ones), the payload types and header extension ids it uses for them, and its transport.
 * The answer's payload type wins if it differs from the offer's (RFC 3264 §6.1). Parley is always the DTLS server, so
 * the answer must take the client's role ({@code a=setup:active}), as browsers do. Stateless and thread-safe.
 */
public final class SubscriberAnswerReader {

    private SubscriberAnswerReader() {
    }

    public static SubscriberAnswer read(SessionDescription answer, List<SubscriberSlot> slots)
            throws SdpException, NegotiationException {
        return read(answer, slots, -1);
    }

    /** The answer to an offer that had a data channel section at m= line {@code dataIndex} (-1: none). */
    public static SubscriberAnswer read(SessionDescription answer, List<SubscriberSlot> slots, int dataIndex)
            throws SdpException, NegotiationException {
        int sections = slots.size() + (dataIndex >= 0 ? 1 : 0);
        if (answer.media().size() != sections) {
            throw new NegotiationException("the answer has " + answer.media().size() + " m= sections where the offer had "
                    + sections + " (RFC 3264 §6)");
        }
        List<AcceptedStream> accepted = new ArrayList<>();
        MediaDescription first = null;
        DataSection data = null;
        if (dataIndex >= 0) {
            MediaDescription section = answer.media().get(dataIndex);
            if (!section.type().equals("application")) {
                throw new NegotiationException("m= section " + dataIndex + " of the answer does not match the offer's"
                        + " data channel section");
            }
            if (!section.rejected() && DataSection.isDataChannel(section)) {
                data = DataSection.read(section, SubscriberOfferer.DATA_MID);
                first = section;
            }
        }
        for (int i = 0; i < slots.size(); i++) {
            SubscriberSlot slot = slots.get(i);
            MediaDescription section = answer.media().get(dataIndex >= 0 && i >= dataIndex ? i + 1 : i);
            if (!section.type().equals(slot.kind().sdpName()) || section.mid().filter(m -> !m.equals(slot.mid())).isPresent()) {
                throw new NegotiationException("m= section " + i + " of the answer does not match the offer's "
                        + slot.kind().sdpName() + " section " + slot.mid());
            }
            if (!slot.active() || section.rejected() || !section.direction().receives()) {
                continue;
            }
            Optional<AcceptedStream> stream = accept(section, slot);
            if (stream.isPresent()) {
                accepted.add(stream.get());
                if (first == null) {
                    first = section;
                }
            }
        }
        return new SubscriberAnswer(first == null ? null : remoteTransport(answer, first), accepted, data);
    }

    private static Optional<AcceptedStream> accept(MediaDescription section, SubscriberSlot slot) throws SdpException {
        Codec offered = slot.codec();
        List<Integer> formats = section.payloadTypes();
        List<RtpMap> maps = section.rtpMaps();
        RtpMap codecMap = null;
        for (RtpMap map : maps) {
            if (formats.contains(map.payloadType()) && map.encoding().equalsIgnoreCase(offered.name())
                    && map.clockRate() == offered.clockRate()) {
                codecMap = map;
                break;
            }
        }
        if (codecMap == null) {
            return Optional.empty();
        }
        int pt = codecMap.payloadType();
        List<String> feedback = new ArrayList<>();
        for (RtcpFb fb : section.rtcpFeedback(pt)) {
            if (offered.feedback().contains(fb.mechanism()) && !feedback.contains(fb.mechanism())) {
                feedback.add(fb.mechanism());
            }
        }
        int rtx = -1;
        if (slot.rtxPayloadType() >= 0) {
            for (RtpMap map : maps) {
                Optional<Fmtp> fmtp = section.fmtp(map.payloadType());
                if (map.encoding().equalsIgnoreCase("rtx") && formats.contains(map.payloadType()) && fmtp.isPresent()
                        && String.valueOf(pt).equals(fmtp.get().parameterMap().get("apt"))) {
                    rtx = map.payloadType();
                    break;
                }
            }
        }
        Map<HeaderExtension, Integer> offeredExtensions = SubscriberOfferer.extensionsFor(slot.kind());
        Map<HeaderExtension, Integer> extensions = new EnumMap<>(HeaderExtension.class);
        for (ExtMap map : section.extMaps()) {
            HeaderExtension.byUri(map.uri()).filter(offeredExtensions::containsKey)
                    .ifPresent(extension -> extensions.putIfAbsent(extension, map.id()));
        }
        Codec codec = new Codec(pt, offered.name(), offered.clockRate(), offered.channels(), offered.fmtp(), feedback);
        return Optional.of(new AcceptedStream(slot.mid(), codec, rtx, extensions));
    }

    private static RemoteTransport remoteTransport(SessionDescription answer, MediaDescription section)
            throws SdpException, NegotiationException {
        String ufrag = answer.mediaOrSession(section, "ice-ufrag").orElseThrow(
                () -> new NegotiationException("the answer has no a=ice-ufrag (RFC 8839 §5.4)"));
        String pwd = answer.mediaOrSession(section, "ice-pwd").orElseThrow(
                () -> new NegotiationException("the answer has no a=ice-pwd (RFC 8839 §5.4)"));
        List<Fingerprint> fingerprints = answer.fingerprints(section);
        if (fingerprints.isEmpty()) {
            throw new NegotiationException("the answer has no a=fingerprint (RFC 8122 §5)");
        }
        Setup setup = Setup.parse(answer.mediaOrSession(section, "setup").orElse("active"));
        if (setup != Setup.ACTIVE) {
            throw new NegotiationException("Parley is the DTLS server: the answer to its a=setup:actpass must say"
                    + " a=setup:active (RFC 8842 §5.2), not " + setup.value());
        }
        return new RemoteTransport(ufrag, pwd, fingerprints, setup);
    }
}
