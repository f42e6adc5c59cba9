package dev.parley.conference.testing;

import dev.parley.conference.sdp.Attribute;
import dev.parley.conference.sdp.MediaDescription;
import dev.parley.conference.sdp.Origin;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpLine;
import dev.parley.conference.sdp.SdpParser;
import dev.parley.conference.sdp.SdpWriter;
import dev.parley.conference.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A subscriber's answer to any offer Parley writes, as a browser answers it (recvonly, the offer's codecs and
 * extensions, {@code a=setup:active}): for room tests with more streams than the captured Chromium answers have.
 */
public final class Answers {

    private static final Set<String> KEPT = Set.of("rtpmap", "fmtp", "rtcp-fb", "extmap", "rtcp-mux", "rtcp-rsize");

    private Answers() {
    }

    public static String recvonly(String offerText) {
        SessionDescription offer;
        try {
            offer = SdpParser.parse(offerText);
        } catch (SdpException e) {
            throw new AssertionError(e);
        }
        List<MediaDescription> media = new ArrayList<>();
        List<String> bundle = new ArrayList<>();
        for (MediaDescription section : offer.media()) {
            List<Attribute> attributes = new ArrayList<>();
            attributes.add(Attribute.of("mid", section.mid().orElseThrow()));
            if (section.rejected()) {
                media.add(new MediaDescription(section.type(), 0, 0, section.protocol(), section.formats().subList(0, 1),
                        List.of(new SdpLine('c', "IN IP4 0.0.0.0")), attributes));
                continue;
            }
            bundle.add(section.mid().orElseThrow());
            attributes.add(Attribute.of("ice-ufrag", "answ"));
            attributes.add(Attribute.of("ice-pwd", "answerpasswordanswerpassword"));
            attributes.add(Attribute.of("fingerprint", "sha-256 " + "CD:".repeat(31) + "CD"));
            attributes.add(Attribute.of("setup", "active"));
            attributes.add(Attribute.flag("recvonly"));
            for (Attribute attribute : section.attributes()) {
                if (KEPT.contains(attribute.name())) {
                    attributes.add(attribute);
                }
            }
            media.add(new MediaDescription(section.type(), 9, 0, section.protocol(), section.formats(),
                    List.of(new SdpLine('c', "IN IP4 0.0.0.0")), attributes));
        }
        List<Attribute> session = bundle.isEmpty() ? List.of()
                : List.of(Attribute.of("group", "BUNDLE " + String.join(" ", bundle)));
        return SdpWriter.write(new SessionDescription(new Origin("-", "99", 2, "IN", "IP4", "127.0.0.1"), "-",
                List.of(new SdpLine('t', "0 0")), session, media));
    }
}
