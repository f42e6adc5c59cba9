package dev.parley.conference.negotiation;

import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.Setup;
import dev.parley.media.datachannel.DataChannels;
import dev.parley.media.sctp.SctpSettings;

import java.util.ArrayList;
import java.util.List;

/**
 * A data channel m= section (RFC 8841): {@code m=application <port> UDP/DTLS/SCTP webrtc-datachannel} with
 * {@code a=sctp-port} and {@code a=max-message-size}, on the same BUNDLE transport as the media.
 *
 * @param mid            the section's mid
 * @param maxMessageSize the peer's {@code a=max-message-size}: the largest message it takes, 0 for no limit
 */
public record DataSection(String mid, long maxMessageSize) {

    static final String PROTOCOL = "UDP/DTLS/SCTP";
    static final String FORMAT = "webrtc-datachannel";
    /** RFC 8841 §6.1: without the attribute, a peer takes messages of up to 64 KiB. */
    static final long DEFAULT_MAX_MESSAGE_SIZE = 65_536;
    /** The largest message Parley takes and sends, as its SCTP association is bounded. */
    public static final int LOCAL_MAX_MESSAGE_SIZE = SctpSettings.DEFAULTS.maxMessageSize();

    /** Whether a section of a description is a data channel section Parley can take (not the old DTLS/SCTP form). */
    static boolean isDataChannel(MediaDescription section) {
        return section.type().equals("application") && section.protocol().equals(PROTOCOL)
                && section.formats().contains(FORMAT);
    }

    /** What the peer said in its section. */
    static DataSection read(MediaDescription section, String mid) throws SdpException {
        long max = DEFAULT_MAX_MESSAGE_SIZE;
        String stated = section.attribute("max-message-size").orElse(null);
        if (stated != null) {
            try {
                max = Long.parseLong(stated.trim());
            } catch (NumberFormatException e) {
                throw new SdpException("a=max-message-size must be a number: " + stated);
            }
            if (max < 0) {
                throw new SdpException("a=max-message-size must not be negative: " + stated);
            }
        }
        return new DataSection(mid, max);
    }

    /** Parley's section: its transport, the SCTP port and the largest message it takes. */
    static MediaDescription write(String mid, LocalTransport local, Setup setup) {
        List<Attribute> attributes = new ArrayList<>();
        attributes.add(Attribute.of("mid", mid));
        SectionWriter.transport(attributes, local, setup);
        attributes.add(Attribute.of("sctp-port", String.valueOf(DataChannels.SCTP_PORT)));
        attributes.add(Attribute.of("max-message-size", String.valueOf(LOCAL_MAX_MESSAGE_SIZE)));
        SectionWriter.candidates(attributes, local);
        return new MediaDescription("application", SectionWriter.port(local), 0, PROTOCOL, List.of(FORMAT),
                List.of(SectionWriter.connection(local)), attributes);
    }
}
