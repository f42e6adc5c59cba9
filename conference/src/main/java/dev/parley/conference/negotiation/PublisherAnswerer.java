package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.SimulcastLayer;
import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.ExtMap;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.Rid;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpLine;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Setup;
import dev.parley.conference.sdp.SsrcAttribute;
import dev.parley.conference.sdp.SsrcGroup;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Parley's answer to a publisher's offer (RFC 3264 §6, RFC 8829 §5.3). For each audio or video section it accepts
 * one codec of {@link CodecPreferences} with the publisher's payload type and its RTX pairing, the RTCP feedback and
 * header extensions Parley supports (mid, audio level, transport-wide-cc, abs-send-time, with the offer's ids), and
 * answers {@code recvonly}; a data channel section (RFC 8841, {@code UDP/DTLS/SCTP webrtc-datachannel}) is accepted
 * with Parley's {@code a=sctp-port} and {@code a=max-message-size}; everything else — unknown media, the old
 * {@code DTLS/SCTP} form, sections without a forwarded codec — is answered with port 0. Parley is ICE-lite ({@code a=ice-lite}, its candidates and {@code a=end-of-candidates} in
 * every accepted section) and the DTLS server ({@code a=setup:passive}). It needs BUNDLE (RFC 8843) over the accepted
 * sections and rtcp-mux (RFC 8035). Video simulcast of up to {@value #MAX_LAYERS} layers is accepted: by RID
 * ({@code a=rid:<id> send} and {@code a=simulcast:send}, RFC 8851/8853, answered with {@code a=rid:<id> recv} and
 * {@code a=simulcast:recv}, with the {@code rtp-stream-id} extensions the SFU learns the layers' SSRCs from) or by
 * {@code a=ssrc-group:SIM} (legacy, nothing to answer). Thread-safe.
 */
public final class PublisherAnswerer {

    private static final Set<String> RTP_PROTOCOLS = Set.of("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP");
    /** The simulcast layers the SFU forwards, as Janus: low, medium, high. */
    static final int MAX_LAYERS = 3;
    /** RID sets whose names tell their order (Janus's and LiveKit's), lowest first. */
    private static final List<List<String>> NAMED_ORDERS = List.of(List.of("l", "m", "h"), List.of("q", "h", "f"));

    private final CodecPreferences preferences;

    public PublisherAnswerer(CodecPreferences preferences) {
        this.preferences = preferences;
    }

    /**
     * Decides what Parley accepts of an offer.
     *
     * @param audioCodec a codec the publisher asked to prefer ({@code audiocodec} of {@code publish}), if any
     * @param videoCodec likewise {@code videocodec}
     */
    public PublisherNegotiation negotiate(SessionDescription offer, Optional<String> audioCodec,
                                          Optional<String> videoCodec) throws SdpException, NegotiationException {
        List<OfferedSection> sections = new ArrayList<>();
        Set<String> mids = new HashSet<>();
        MediaDescription first = null;
        boolean allowMixed = allowsMixed(offer);
        for (int index = 0; index < offer.media().size(); index++) {
            MediaDescription section = offer.media().get(index);
            Optional<String> maybeMid = section.mid();
            if (maybeMid.isEmpty()) {
                throw new NegotiationException("every m= section needs a=mid (RFC 8843 §7.2), the one at index "
                        + index + " has none");
            }
            String mid = maybeMid.get();
            if (!mids.add(mid)) {
                throw new NegotiationException("two m= sections have mid " + mid);
            }
            OfferedSection decided = decide(section, index, mid, audioCodec, videoCodec, allowMixed);
            if (decided.accepted() && first == null) {
                first = section;
            }
            sections.add(decided);
        }
        RemoteTransport remote = first == null ? null : remoteTransport(offer, first);
        if (first != null) {
            checkBundle(offer, sections);
        }
        return new PublisherNegotiation(offer, remote, sections);
    }

    /** Writes the answer for a negotiation with Parley's end of the transport. */
    public SessionDescription answer(PublisherNegotiation negotiation, LocalTransport local, String sessionId,
                                     long version) {
        List<Attribute> session = new ArrayList<>();
        List<String> bundled = negotiation.sections().stream().filter(OfferedSection::accepted)
                .map(OfferedSection::mid).toList();
        if (!bundled.isEmpty()) {
            session.add(SectionWriter.bundle(bundled));
        }
        session.add(Attribute.flag("ice-lite"));
        if (allowsMixed(negotiation.offer())) {
            session.add(Attribute.flag(SectionWriter.EXTMAP_ALLOW_MIXED));
        }
        List<MediaDescription> media = new ArrayList<>();
        for (OfferedSection section : negotiation.sections()) {
            media.add(section.data() != null ? DataSection.write(section.mid(), local, Setup.PASSIVE)
                    : section.accepted() ? accepted(section, local) : rejected(section.offered()));
        }
        return new SessionDescription(SectionWriter.origin(sessionId, version), SectionWriter.SESSION_NAME,
                SectionWriter.timing(), session, media);
    }

    /** Whether the offer allows the two-byte header extension form (RFC 8285 §6), at session or media level. */
    static boolean allowsMixed(SessionDescription offer) {
        return offer.has(SectionWriter.EXTMAP_ALLOW_MIXED) || offer.media().stream().anyMatch(m -> m.has(SectionWriter.EXTMAP_ALLOW_MIXED));
    }

    private OfferedSection decide(MediaDescription section, int index, String mid, Optional<String> audioCodec,
                                  Optional<String> videoCodec, boolean allowMixed)
            throws SdpException, NegotiationException {
        MediaKind kind = switch (section.type()) {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default -> null;
        };
        if (kind == null && !section.rejected() && DataSection.isDataChannel(section)) {
            return new OfferedSection(section, index, mid, null, null, Direction.INACTIVE, Map.of(), null,
                    List.of(), DataSection.read(section, mid));
        }
        if (kind == null || section.rejected() || !RTP_PROTOCOLS.contains(section.protocol())) {
            return new OfferedSection(section, index, mid, kind, null, Direction.INACTIVE, Map.of(), null, List.of(), null);
        }
        Optional<CodecChoice> choice = CodecChooser.choose(section,
                preferences.order(kind, kind == MediaKind.AUDIO ? audioCodec : videoCodec));
        if (choice.isEmpty()) {
            return new OfferedSection(section, index, mid, kind, null, Direction.INACTIVE, Map.of(), null, List.of(), null);
        }
        if (!section.has("rtcp-mux")) {
            throw new NegotiationException("m= section " + mid + " lacks a=rtcp-mux, which Parley needs (RFC 8035)");
        }
        Map<HeaderExtension, Integer> extensions = extensions(section, kind, allowMixed);
        if (!choice.get().codec().name().equalsIgnoreCase("AV1")) {
            // The dependency descriptor is read for AV1's layers only; a VP8 or H.264 publisher would add it to every
            // packet for nothing (VP8's and VP9's layers are in their payload descriptors).
            extensions.remove(HeaderExtension.DEPENDENCY_DESCRIPTOR);
        }
        Direction answered = section.direction().answer(Direction.RECVONLY);
        List<String> rids = kind == MediaKind.VIDEO && answered == Direction.RECVONLY
                && extensions.containsKey(HeaderExtension.RTP_STREAM_ID) ? simulcastRids(section) : List.of();
        if (rids.isEmpty()) {
            extensions.remove(HeaderExtension.RTP_STREAM_ID);
            extensions.remove(HeaderExtension.REPAIRED_RTP_STREAM_ID);
        }
        PublishedStream stream = null;
        if (answered == Direction.RECVONLY) {
            long[] ssrcs = ssrcs(section);
            List<SimulcastLayer> layers = rids.isEmpty() && kind == MediaKind.VIDEO ? ssrcLayers(section)
                    : ridLayers(rids);
            if (!layers.isEmpty()) {
                ssrcs = new long[] {layers.getLast().ssrc(), layers.getLast().rtxSsrc()};
            }
            stream = new PublishedStream(mid, kind, choice.get().codec(), choice.get().rtxPayloadType(), extensions,
                    ssrcs[0], ssrcs[1], layers);
        }
        return new OfferedSection(section, index, mid, kind, choice.get(), answered, extensions, stream, rids, null);
    }

    /**
     * The RIDs of the simulcast the offer sends ({@code a=simulcast:send}, RFC 8853 §5.1, each stream's first
     * alternative, paused ones too, each with its {@code a=rid:<id> send}), at most {@link #MAX_LAYERS}, in the
     * offer's order; empty for none or a single one.
     */
    private static List<String> simulcastRids(MediaDescription section) throws SdpException {
        Set<String> sendRids = new HashSet<>();
        for (String value : section.attributes("rid")) {
            Rid rid = Rid.parse(value);
            if (rid.direction().equals("send")) {
                sendRids.add(rid.id());
            }
        }
        List<String> rids = new ArrayList<>();
        for (String value : section.attributes("simulcast")) {
            String[] parts = value.trim().split(" ");
            for (int i = 0; i + 1 < parts.length; i += 2) {
                if (!parts[i].equals("send")) {
                    continue;
                }
                for (String alternatives : parts[i + 1].split(";")) {
                    String rid = alternatives.split(",")[0];
                    rid = rid.startsWith("~") ? rid.substring(1) : rid;
                    if (sendRids.contains(rid) && !rids.contains(rid) && rids.size() < MAX_LAYERS) {
                        rids.add(rid);
                    }
                }
            }
        }
        return rids.size() > 1 ? rids : List.of();
    }

    /**
     * RID layers lowest first: by their names when they are Janus's (l, m, h) or LiveKit's (q, h, f), else the
     * offer's order read as highest first, as Chromium lists encodings and janus.js names them.
     */
    private static List<SimulcastLayer> ridLayers(List<String> rids) {
        List<String> ordered = new ArrayList<>(rids);
        NAMED_ORDERS.stream().filter(names -> names.containsAll(rids)).findFirst().ifPresentOrElse(
                names -> ordered.sort((a, b) -> names.indexOf(a) - names.indexOf(b)),
                () -> Collections.reverse(ordered));
        return ordered.stream().map(rid -> new SimulcastLayer(rid, -1, -1)).toList();
    }

    /**
     * Legacy simulcast: {@code a=ssrc-group:SIM} lists the layers' SSRCs lowest first (as libwebrtc writes it), each
     * paired with its RTX SSRC by {@code a=ssrc-group:FID}; empty without a group of 2 to {@link #MAX_LAYERS}.
     */
    private static List<SimulcastLayer> ssrcLayers(MediaDescription section) throws SdpException {
        for (SsrcGroup group : section.ssrcGroups()) {
            if (group.semantics().equals("SIM") && group.ssrcs().size() > 1 && group.ssrcs().size() <= MAX_LAYERS) {
                List<SimulcastLayer> layers = new ArrayList<>();
                for (long ssrc : group.ssrcs()) {
                    long rtx = -1;
                    for (SsrcGroup fid : section.ssrcGroups()) {
                        if (fid.semantics().equals("FID") && fid.ssrcs().size() == 2 && fid.ssrcs().get(0) == ssrc) {
                            rtx = fid.ssrcs().get(1);
                        }
                    }
                    layers.add(new SimulcastLayer("", ssrc, rtx));
                }
                return layers;
            }
        }
        return List.of();
    }

    /**
     * The extensions Parley supports for this kind, with the offer's ids: those of the one-byte form, or any when the
     * offer allows the two-byte form ({@code a=extmap-allow-mixed}, RFC 8285 §6).
     */
    private static Map<HeaderExtension, Integer> extensions(MediaDescription section, MediaKind kind,
                                                            boolean allowMixed) throws SdpException {
        Map<HeaderExtension, Integer> extensions = new EnumMap<>(HeaderExtension.class);
        for (ExtMap map : section.extMaps()) {
            Optional<HeaderExtension> known = HeaderExtension.byUri(map.uri());
            if (known.isEmpty() || map.id() > 14 && !allowMixed
                    || known.get() == HeaderExtension.AUDIO_LEVEL && kind != MediaKind.AUDIO
                    || known.get() == HeaderExtension.DEPENDENCY_DESCRIPTOR && kind != MediaKind.VIDEO) {
                continue;
            }
            extensions.putIfAbsent(known.get(), map.id());
        }
        return extensions;
    }

    /** The stream's SSRC and its RTX SSRC from {@code a=ssrc-group:FID} or {@code a=ssrc} (RFC 5576), -1 if none. */
    private static long[] ssrcs(MediaDescription section) throws SdpException {
        for (SsrcGroup group : section.ssrcGroups()) {
            if (group.semantics().equals("FID") && group.ssrcs().size() == 2) {
                return new long[] {group.ssrcs().get(0), group.ssrcs().get(1)};
            }
        }
        List<SsrcAttribute> ssrcs = section.ssrcs();
        return new long[] {ssrcs.isEmpty() ? -1 : ssrcs.getFirst().ssrc(), -1};
    }

    private static RemoteTransport remoteTransport(SessionDescription offer, MediaDescription section)
            throws SdpException, NegotiationException {
        String ufrag = offer.mediaOrSession(section, "ice-ufrag").orElseThrow(
                () -> new NegotiationException("the offer has no a=ice-ufrag (RFC 8839 §5.4)"));
        String pwd = offer.mediaOrSession(section, "ice-pwd").orElseThrow(
                () -> new NegotiationException("the offer has no a=ice-pwd (RFC 8839 §5.4)"));
        if (ufrag.length() < 4 || ufrag.length() > 256 || pwd.length() < 22 || pwd.length() > 256) {
            throw new NegotiationException("ice-ufrag must be 4-256 characters and ice-pwd 22-256 (RFC 8839 §5.4)");
        }
        List<Fingerprint> fingerprints = offer.fingerprints(section);
        if (fingerprints.isEmpty()) {
            throw new NegotiationException("the offer has no a=fingerprint (RFC 8122 §5)");
        }
        Setup setup = Setup.parse(offer.mediaOrSession(section, "setup").orElse("actpass"));
        if (setup != Setup.ACTPASS && setup != Setup.ACTIVE) {
            throw new NegotiationException("Parley answers a=setup:passive, so the offer must say actpass or active"
                    + " (RFC 8842 §5.2), not " + setup.value());
        }
        return new RemoteTransport(ufrag, pwd, fingerprints, setup);
    }

    private static void checkBundle(SessionDescription offer, List<OfferedSection> sections)
            throws SdpException, NegotiationException {
        List<String> bundle = offer.bundle();
        List<OfferedSection> accepted = sections.stream().filter(OfferedSection::accepted).toList();
        if (accepted.size() > 1) {
            for (OfferedSection section : accepted) {
                if (!bundle.contains(section.mid())) {
                    throw new NegotiationException("m= section " + section.mid()
                            + " is not in the offer's BUNDLE group; Parley needs one transport (RFC 8843)");
                }
            }
        }
    }

    private static MediaDescription accepted(OfferedSection section, LocalTransport local) {
        MediaDescription offered = section.offered();
        CodecChoice choice = section.choice();
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("mid", section.mid()));
        attributes.add(Attribute.flag(section.answered().attribute()));
        SectionWriter.transport(attributes, local, Setup.PASSIVE);
        attributes.add(Attribute.flag("rtcp-mux"));
        if (offered.has("rtcp-rsize")) {
            attributes.add(Attribute.flag("rtcp-rsize"));
        }
        SectionWriter.extensions(attributes, section.extensions());
        SectionWriter.codec(attributes, choice.codec(), choice.rtxPayloadType());
        for (String rid : section.rids()) {
            attributes.add(Attribute.of("rid", rid + " recv"));
        }
        if (!section.rids().isEmpty()) {
            attributes.add(Attribute.of("simulcast", "recv " + String.join(";", section.rids())));
        }
        SectionWriter.candidates(attributes, local);
        return new MediaDescription(offered.type(), SectionWriter.port(local), 0, offered.protocol(),
                SectionWriter.formats(choice.codec(), choice.rtxPayloadType()), List.of(SectionWriter.connection(local)),
                attributes);
    }

    /** A rejected section keeps its media type, protocol and formats, with port 0 (RFC 3264 §6). */
    static MediaDescription rejected(MediaDescription offered) {
        List<Attribute> attributes = new ArrayList<>();
        offered.mid().ifPresent(mid -> attributes.add(Attribute.of("mid", mid)));
        return new MediaDescription(offered.type(), 0, 0, offered.protocol(), offered.formats(),
                List.of(new SdpLine('c', "IN IP4 0.0.0.0")), attributes);
    }
}
