package dev.parley.conference.sdp;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A session description (RFC 8866 §5) as WebRTC peers exchange them (RFC 8829): the origin, the session name,
 * the other session lines in order, the session attributes and the media descriptions. Immutable.
 */
public record SessionDescription(Origin origin, String sessionName, List<SdpLine> lines, List<Attribute> attributes,
                                 List<MediaDescription> media) {

    public SessionDescription {
        lines = List.copyOf(lines);
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

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

    public List<Group> groups() throws SdpException {
        List<Group> groups = new ArrayList<>();
        for (Attribute attribute : attributes) {
            if (attribute.name().equals("group")) {
                groups.add(Group.parse(attribute.value() == null ? "" : attribute.value()));
            }
        }
        return groups;
    }

    /** The mids of the BUNDLE group (RFC 8843 §7), empty when there is none. */
    public List<String> bundle() throws SdpException {
        for (Group group : groups()) {
            if (group.semantics().equals("BUNDLE")) {
                return group.mids();
            }
        }
        return List.of();
    }

    /**
     * A media attribute, falling back to the session level, as RFC 8839 §5.4 allows for {@code ice-ufrag} and
     * {@code ice-pwd} and RFC 8122 §5 for {@code fingerprint} (Firefox writes them there).
     */
    public Optional<String> mediaOrSession(MediaDescription section, String name) {
        Optional<String> value = section.attribute(name);
        return value.isPresent() ? value : attribute(name);
    }

    public List<Fingerprint> fingerprints(MediaDescription section) throws SdpException {
        List<Fingerprint> fingerprints = section.fingerprints();
        if (!fingerprints.isEmpty()) {
            return fingerprints;
        }
        for (Attribute attribute : attributes) {
            if (attribute.name().equals("fingerprint")) {
                fingerprints.add(Fingerprint.parse(attribute.value() == null ? "" : attribute.value()));
            }
        }
        return fingerprints;
    }
}
