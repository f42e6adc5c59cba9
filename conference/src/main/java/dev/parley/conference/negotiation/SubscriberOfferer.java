package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Setup;
import dev.parley.conference.sdp.SsrcAttribute;
import dev.parley.conference.sdp.SsrcGroup;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The offer Parley writes to a subscriber (RFC 8829 §5.2): one {@code sendonly} m= section per subscribed stream,
 * in slot order, each with the publisher's codec and payload types, its retransmission pairing ({@code
 * a=ssrc-group:FID}, RFC 4588 §8.1) when the publisher has one, an {@code a=msid} per feed (RFC 8830), Parley's
 * header extension ids, and the transport: ICE-lite, {@code a=setup:actpass}, rtcp-mux, one BUNDLE group over every
 * slot. A stopped slot stays in the group as {@code a=inactive} (RFC 3264 §5.1), as Janus offers it: rejecting every
 * section (port 0) would make the browser close the transport the next streams need. Stateless and thread-safe.
 */
public final class SubscriberOfferer {

    /** The header extension ids Parley offers subscribers, the same for every m= section of a BUNDLE (RFC 8843 §9.2). */
    public static final Map<HeaderExtension, Integer> EXTENSION_IDS = Map.of(
            HeaderExtension.AUDIO_LEVEL, 1, HeaderExtension.ABS_SEND_TIME, 2, HeaderExtension.TRANSPORT_CC, 3,
            HeaderExtension.MID, 4, HeaderExtension.DEPENDENCY_DESCRIPTOR, 5);

    private static final String PROTOCOL = "UDP/TLS/RTP/SAVPF";
    /** The mid of the data channel section; media slots' mids are numbers. */
    public static final String DATA_MID = "data";

    private SubscriberOfferer() {
    }

    public static SessionDescription offer(List<SubscriberSlot> slots, LocalTransport local, String sessionId,
                                           long version) {
        return offer(slots, -1, local, sessionId, version);
    }

    /**
     * The offer with a data channel section ({@link #DATA_MID}, RFC 8841) at m= line {@code dataIndex} among the
     * slots' (it keeps its place in later offers, RFC 8829 §5.2.2); -1 for none.
     */
    public static SessionDescription offer(List<SubscriberSlot> slots, int dataIndex, LocalTransport local,
                                           String sessionId, long version) {
        List<Attribute> session = new ArrayList<>();
        List<String> bundled = new ArrayList<>(slots.stream().map(SubscriberSlot::mid).toList());
        if (dataIndex >= 0) {
            bundled.add(dataIndex, DATA_MID);
        }
        if (!bundled.isEmpty()) {
            session.add(SectionWriter.bundle(bundled));
        }
        session.add(Attribute.flag("ice-lite"));
        // The dependency descriptor's template structure may not fit the one-byte form.
        session.add(Attribute.flag(SectionWriter.EXTMAP_ALLOW_MIXED));
        List<MediaDescription> media = new ArrayList<>();
        for (SubscriberSlot slot : slots) {
            media.add(section(slot, local));
        }
        if (dataIndex >= 0) {
            media.add(dataIndex, DataSection.write(DATA_MID, local, Setup.ACTPASS));
        }
        return new SessionDescription(SectionWriter.origin(sessionId, version), SectionWriter.SESSION_NAME,
                SectionWriter.timing(), session, media);
    }

    /** The CNAME of a feed's streams ({@code a=ssrc:<ssrc> cname:}, RFC 7022): one per feed, for lip sync. */
    public static String cname(long feedId) {
        return "parley-" + feedId;
    }

    /**
     * The extensions offered on a slot of this kind: audio level only for audio, abs-send-time and the dependency
     * descriptor only for video.
     */
    public static Map<HeaderExtension, Integer> extensionsFor(MediaKind kind) {
        Map<HeaderExtension, Integer> extensions = new EnumMap<>(EXTENSION_IDS);
        if (kind == MediaKind.AUDIO) {
            extensions.remove(HeaderExtension.ABS_SEND_TIME);
            extensions.remove(HeaderExtension.DEPENDENCY_DESCRIPTOR);
        } else {
            extensions.remove(HeaderExtension.AUDIO_LEVEL);
        }
        return extensions;
    }

    private static MediaDescription section(SubscriberSlot slot, LocalTransport local) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("mid", slot.mid()));
        attributes.add(Attribute.flag((slot.active() ? Direction.SENDONLY : Direction.INACTIVE).attribute()));
        SectionWriter.transport(attributes, local, Setup.ACTPASS);
        attributes.add(Attribute.flag("rtcp-mux"));
        attributes.add(Attribute.flag("rtcp-rsize"));
        SectionWriter.extensions(attributes, extensionsFor(slot.kind()));
        SectionWriter.codec(attributes, slot.codec(), slot.rtxPayloadType());
        if (slot.active()) {
            sources(attributes, slot);
        }
        SectionWriter.candidates(attributes, local);
        return new MediaDescription(slot.kind().sdpName(), SectionWriter.port(local), 0, PROTOCOL,
                SectionWriter.formats(slot.codec(), slot.rtxPayloadType()), List.of(SectionWriter.connection(local)),
                attributes);
    }

    /** What a live slot carries: its feed's msid and its SSRCs, with the RTX pairing (RFC 5576, RFC 8830). */
    private static void sources(List<Attribute> attributes, SubscriberSlot slot) {
        String msid = slot.msid().format();
        attributes.add(Attribute.of("msid", msid));
        String cname = cname(slot.feedId());
        List<Long> ssrcs = slot.rtxSsrc() >= 0 ? List.of(slot.ssrc(), slot.rtxSsrc()) : List.of(slot.ssrc());
        if (ssrcs.size() == 2) {
            attributes.add(Attribute.of("ssrc-group", new SsrcGroup("FID", ssrcs).format()));
        }
        for (long ssrc : ssrcs) {
            attributes.add(Attribute.of("ssrc", new SsrcAttribute(ssrc, "cname", cname).format()));
            attributes.add(Attribute.of("ssrc", new SsrcAttribute(ssrc, "msid", msid).format()));
        }
    }
}
