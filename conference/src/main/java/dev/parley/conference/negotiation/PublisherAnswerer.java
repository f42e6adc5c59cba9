package dev.parley.conference.negotiation;

import dev.parley.conference.media.HeaderExtension;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.Direction;
import dev.parley.conference.sdp.ExtMap;
import dev.parley.conference.sdp.Fingerprint;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpLine;
import dev.parley.conference.sdp.SessionDescription;
import dev.parley.conference.sdp.Setup;
import dev.parley.conference.sdp.SsrcAttribute;
import dev.parley.conference.sdp.SsrcGroup;

import java.util.ArrayList;
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
 * sections and rtcp-mux (RFC 8035). Simulcast is not forwarded yet: without {@code a=simulcast} in the answer the
 * publisher sends one encoding (RFC 8853 §5.3). Thread-safe.
 */
public final class PublisherAnswerer {

    private static final Set<String> RTP_PROTOCOLS = Set.of("UDP/TLS/RTP/SAVPF", "UDP/TLS/RTP/SAVP");

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
            OfferedSection decided = decide(section, index, mid, audioCodec, videoCodec);
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
        List<MediaDescription> media = new ArrayList<>();
        for (OfferedSection section : negotiation.sections()) {
            media.add(section.data() != null ? DataSection.write(section.mid(), local, Setup.PASSIVE)
                    : section.accepted() ? accepted(section, local) : rejected(section.offered()));
        }
        return new SessionDescription(SectionWriter.origin(sessionId, version), SectionWriter.SESSION_NAME,
                SectionWriter.timing(), session, media);
    }

    private OfferedSection decide(MediaDescription section, int index, String mid, Optional<String> audioCodec,
                                  Optional<String> videoCodec) throws SdpException, NegotiationException {
        MediaKind kind = switch (section.type()) {
            case "audio" -> MediaKind.AUDIO;
            case "video" -> MediaKind.VIDEO;
            default -> null;
        };
        if (kind == null && !section.rejected() && DataSection.isDataChannel(section)) {
            return new OfferedSection(section, index, mid, null, null, Direction.INACTIVE, Map.of(), null,
                    DataSection.read(section, mid));
        }
        if (kind == null || section.rejected() || !RTP_PROTOCOLS.contains(section.protocol())) {
            return new OfferedSection(section, index, mid, kind, null, Direction.INACTIVE, Map.of(), null, null);
        }
        Optional<CodecChoice> choice = CodecChooser.choose(section,
                preferences.order(kind, kind == MediaKind.AUDIO ? audioCodec : videoCodec));
        if (choice.isEmpty()) {
            return new OfferedSection(section, index, mid, kind, null, Direction.INACTIVE, Map.of(), null, null);
        }
        if (!section.has("rtcp-mux")) {
            throw new NegotiationException("m= section " + mid + " lacks a=rtcp-mux, which Parley needs (RFC 8035)");
        }
        Map<HeaderExtension, Integer> extensions = extensions(section, kind);
        Direction answered = section.direction().answer(Direction.RECVONLY);
        PublishedStream stream = null;
        if (answered == Direction.RECVONLY) {
            long[] ssrcs = ssrcs(section);
            stream = new PublishedStream(mid, kind, choice.get().codec(), choice.get().rtxPayloadType(), extensions,
                    ssrcs[0], ssrcs[1]);
        }
        return new OfferedSection(section, index, mid, kind, choice.get(), answered, extensions, stream, null);
    }

    /** The extensions Parley supports for this kind, with the offer's ids when they fit the one-byte form. */
    private static Map<HeaderExtension, Integer> extensions(MediaDescription section, MediaKind kind)
            throws SdpException {
        Map<HeaderExtension, Integer> extensions = new EnumMap<>(HeaderExtension.class);
        for (ExtMap map : section.extMaps()) {
            Optional<HeaderExtension> known = HeaderExtension.byUri(map.uri());
            if (known.isEmpty() || map.id() > 14 || known.get() == HeaderExtension.AUDIO_LEVEL && kind != MediaKind.AUDIO) {
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
