package dev.parley.conference.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One media description (RFC 8866 §5.14): the {@code m=} line, then its {@code i= c= b= k=} lines in order and
 * its attributes. Port 0 marks a section rejected or stopped (RFC 3264 §6, §8.2). Immutable; the typed
 * accessors read the attributes each time they are called.
 *
 * @param portCount the {@code /<number of ports>} of the m= line, or 0 when it has none
 */
public record MediaDescription(String type, int port, int portCount, String protocol, List<String> formats,
                               List<SdpLine> lines, List<Attribute> attributes) {

    public MediaDescription {
        formats = List.copyOf(formats);
        lines = List.copyOf(lines);
        attributes = List.copyOf(attributes);
    }

    public boolean rejected() {
        return port == 0;
    }

    public Optional<String> mid() {
        return attribute("mid");
    }

    /** The section's direction (RFC 8866 §6.7); sendrecv when none is given. */
    public Direction direction() {
        for (Attribute attribute : attributes) {
            Direction direction = Direction.fromAttribute(attribute.name());
            if (direction != null && attribute.value() == null) {
                return direction;
            }
        }
        return Direction.SENDRECV;
    }

    /** The value of the first attribute of that name ({@code ""} for a property attribute). */
    public Optional<String> attribute(String name) {
        for (Attribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                return Optional.of(attribute.value() == null ? "" : attribute.value());
            }
        }
        return Optional.empty();
    }

    public boolean has(String name) {
        return attribute(name).isPresent();
    }

    /** The values of every attribute of that name, in order. */
    public List<String> attributes(String name) {
        List<String> values = new ArrayList<>();
        for (Attribute attribute : attributes) {
            if (attribute.name().equals(name)) {
                values.add(attribute.value() == null ? "" : attribute.value());
            }
        }
        return values;
    }

    public List<RtpMap> rtpMaps() throws SdpException {
        List<RtpMap> maps = new ArrayList<>();
        for (String value : attributes("rtpmap")) {
            maps.add(RtpMap.parse(value));
        }
        return maps;
    }

    public Optional<Fmtp> fmtp(int payloadType) throws SdpException {
        for (String value : attributes("fmtp")) {
            Fmtp fmtp = Fmtp.parse(value);
            if (fmtp.payloadType() == payloadType) {
                return Optional.of(fmtp);
            }
        }
        return Optional.empty();
    }

    /** The feedback mechanisms (RFC 4585 §4.2) named for this payload type or for every one ({@code *}). */
    public List<RtcpFb> rtcpFeedback(int payloadType) throws SdpException {
        List<RtcpFb> feedback = new ArrayList<>();
        for (String value : attributes("rtcp-fb")) {
            RtcpFb fb = RtcpFb.parse(value);
            if (fb.appliesTo(payloadType)) {
                feedback.add(fb);
            }
        }
        return feedback;
    }

    public List<ExtMap> extMaps() throws SdpException {
        List<ExtMap> maps = new ArrayList<>();
        for (String value : attributes("extmap")) {
            maps.add(ExtMap.parse(value));
        }
        return maps;
    }

    public List<SsrcAttribute> ssrcs() throws SdpException {
        List<SsrcAttribute> ssrcs = new ArrayList<>();
        for (String value : attributes("ssrc")) {
            ssrcs.add(SsrcAttribute.parse(value));
        }
        return ssrcs;
    }

    public List<SsrcGroup> ssrcGroups() throws SdpException {
        List<SsrcGroup> groups = new ArrayList<>();
        for (String value : attributes("ssrc-group")) {
            groups.add(SsrcGroup.parse(value));
        }
        return groups;
    }

    public List<IceCandidate> candidates() throws SdpException {
        List<IceCandidate> candidates = new ArrayList<>();
        for (String value : attributes("candidate")) {
            candidates.add(IceCandidate.parse(value));
        }
        return candidates;
    }

    public List<Fingerprint> fingerprints() throws SdpException {
        List<Fingerprint> fingerprints = new ArrayList<>();
        for (String value : attributes("fingerprint")) {
            fingerprints.add(Fingerprint.parse(value));
        }
        return fingerprints;
    }

    public Optional<Msid> msid() throws SdpException {
        Optional<String> value = attribute("msid");
        return value.isPresent() ? Optional.of(Msid.parse(value.get())) : Optional.empty();
    }

    /** The formats of the m= line as RTP payload types (RFC 3551 §6); an error for non-RTP sections. */
    public List<Integer> payloadTypes() throws SdpException {
        List<Integer> types = new ArrayList<>();
        for (String format : formats) {
            types.add(SdpNumbers.payloadType(format));
        }
        return types;
    }

    public String formatMediaLine() {
        return "m=" + type + " " + port + (portCount > 0 ? "/" + portCount : "") + " " + protocol + " "
                + String.join(" ", formats);
    }
}
