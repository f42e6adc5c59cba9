package dev.parley.bench.sfu;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The SDP the synthetic participants write and read (RFC 8866, JSEP RFC 9429 as browsers do it): a publisher's
 * bundled offer of Opus and VP8 (with RIDs for simulcast, RFC 8853), the server's answer, a subscriber's answer to
 * the server's offer. Non-trickle: the one host candidate is in the SDP. The participant is always the DTLS client
 * ({@code a=setup:active}, RFC 8842 §5) and ICE's controlling side.
 */
final class Sdp {

    static final int OPUS_PT = 111;
    static final int VP8_PT = 96;
    static final int MID_EXT = 4;
    static final int RID_EXT = 10;
    static final String[] RIDS = {"h", "m", "l"};

    private Sdp() {
    }

    /** What a participant puts in its SDP about its transport. */
    record Local(String ufrag, String pwd, String fingerprint, InetSocketAddress address) {
        void appendTransport(StringBuilder sdp) {
            sdp.append("c=IN IP4 ").append(address.getAddress().getHostAddress()).append("\r\n")
                    .append("a=ice-ufrag:").append(ufrag).append("\r\n")
                    .append("a=ice-pwd:").append(pwd).append("\r\n")
                    .append("a=fingerprint:").append(fingerprint).append("\r\n")
                    .append("a=setup:active\r\n")
                    .append("a=candidate:1 1 udp 2130706431 ").append(address.getAddress().getHostAddress()).append(' ')
                    .append(address.getPort()).append(" typ host\r\n")
                    .append("a=end-of-candidates\r\n");
        }
    }

    /** What the server's SDP says: its ICE credentials, fingerprint, candidate, and per section its mid and codecs. */
    record Remote(String ufrag, String pwd, String fingerprint, InetSocketAddress candidate, List<Section> sections,
                  boolean simulcast) {
    }

    record Section(String kind, String mid, boolean rejected, String protocol, Map<Integer, String> rtpmaps) {
    }

    static String publisherOffer(Local local, int audioSsrc, int[] videoSsrcs, boolean simulcast) {
        StringBuilder sdp = header();
        sdp.append("a=group:BUNDLE 0 1\r\na=msid-semantic: WMS load\r\n");
        sdp.append("m=audio 9 UDP/TLS/RTP/SAVPF ").append(OPUS_PT).append("\r\n");
        local.appendTransport(sdp);
        sdp.append("a=mid:0\r\na=extmap:").append(MID_EXT).append(" urn:ietf:params:rtp-hdrext:sdes:mid\r\n")
                .append("a=sendonly\r\na=msid:load audio\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:").append(OPUS_PT).append(" opus/48000/2\r\n")
                .append("a=fmtp:").append(OPUS_PT).append(" minptime=10;useinbandfec=1\r\n")
                .append("a=ssrc:").append(Integer.toUnsignedString(audioSsrc)).append(" cname:load\r\n");
        sdp.append("m=video 9 UDP/TLS/RTP/SAVPF ").append(VP8_PT).append("\r\n");
        local.appendTransport(sdp);
        sdp.append("a=mid:1\r\na=extmap:").append(MID_EXT).append(" urn:ietf:params:rtp-hdrext:sdes:mid\r\n");
        if (simulcast) {
            sdp.append("a=extmap:").append(RID_EXT).append(" urn:ietf:params:rtp-hdrext:sdes:rtp-stream-id\r\n");
        }
        sdp.append("a=sendonly\r\na=msid:load video\r\na=rtcp-mux\r\n")
                .append("a=rtpmap:").append(VP8_PT).append(" VP8/90000\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" ccm fir\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" nack\r\n")
                .append("a=rtcp-fb:").append(VP8_PT).append(" nack pli\r\n");
        if (simulcast) {
            for (String rid : RIDS) {
                sdp.append("a=rid:").append(rid).append(" send\r\n");
            }
            sdp.append("a=simulcast:send ").append(String.join(";", RIDS)).append("\r\n");
        } else {
            sdp.append("a=ssrc:").append(Integer.toUnsignedString(videoSsrcs[0])).append(" cname:load\r\n");
        }
        return sdp.toString();
    }

    /** Answers the server's subscription offer: every audio/video section recvonly with Opus or VP8, others rejected. */
    static String subscriberAnswer(Local local, Remote offer) throws IOException {
        StringBuilder body = new StringBuilder();
        List<String> bundle = new ArrayList<>();
        for (Section section : offer.sections()) {
            int pt = section.rejected() ? -1 : payloadType(section);
            if (pt < 0) {
                body.append("m=").append(section.kind()).append(" 0 ").append(section.protocol()).append("\r\n")
                        .append("c=IN IP4 0.0.0.0\r\na=mid:").append(section.mid()).append("\r\n");
                continue;
            }
            bundle.add(section.mid());
            body.append("m=").append(section.kind()).append(" 9 UDP/TLS/RTP/SAVPF ").append(pt).append("\r\n");
            local.appendTransport(body);
            body.append("a=mid:").append(section.mid()).append("\r\na=recvonly\r\na=rtcp-mux\r\n")
                    .append("a=rtpmap:").append(pt).append(' ').append(section.rtpmaps().get(pt)).append("\r\n");
            if (section.kind().equals("video")) {
                body.append("a=rtcp-fb:").append(pt).append(" goog-remb\r\n");
            }
        }
        if (bundle.isEmpty()) {
            throw new IOException("the subscription offer has no Opus or VP8 section");
        }
        return header().append("a=group:BUNDLE ").append(String.join(" ", bundle)).append("\r\n").append(body).toString();
    }

    private static int payloadType(Section section) {
        String codec = section.kind().equals("audio") ? "opus/48000" : section.kind().equals("video") ? "vp8/90000" : null;
        for (Map.Entry<Integer, String> entry : section.rtpmaps().entrySet()) {
            if (codec != null && entry.getValue().toLowerCase().startsWith(codec)) {
                return entry.getKey();
            }
        }
        return -1;
    }

    private static StringBuilder header() {
        return new StringBuilder("v=0\r\no=- ").append(System.nanoTime() & Long.MAX_VALUE)
                .append(" 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n");
    }

    static Remote parse(String text) throws IOException {
        String ufrag = null;
        String pwd = null;
        String fingerprint = null;
        InetSocketAddress candidate = null;
        boolean simulcast = false;
        List<Section> sections = new ArrayList<>();
        String kind = null;
        String mid = null;
        String protocol = null;
        boolean rejected = false;
        Map<Integer, String> rtpmaps = new HashMap<>();
        for (String line : (text + "\r\nm=end 0 end").split("\r?\n")) {
            if (line.startsWith("m=")) {
                if (kind != null) {
                    sections.add(new Section(kind, mid, rejected, protocol, Map.copyOf(rtpmaps)));
                }
                String[] parts = line.substring(2).split(" ");
                kind = parts[0];
                rejected = parts.length < 3 || parts[1].equals("0");
                protocol = parts.length > 2 ? parts[2] : "";
                mid = null;
                rtpmaps.clear();
            } else if (line.startsWith("a=ice-ufrag:")) {
                ufrag = line.substring(12).trim();
            } else if (line.startsWith("a=ice-pwd:")) {
                pwd = line.substring(10).trim();
            } else if (line.startsWith("a=fingerprint:")) {
                fingerprint = line.substring(14).trim();
            } else if (line.startsWith("a=mid:")) {
                mid = line.substring(6).trim();
            } else if (line.startsWith("a=simulcast:")) {
                simulcast = true;
            } else if (line.startsWith("a=rtpmap:")) {
                String[] parts = line.substring(9).split(" ", 2);
                rtpmaps.put(Integer.parseInt(parts[0]), parts[1].trim());
            } else if (line.startsWith("a=candidate:") && candidate == null) {
                String[] parts = line.substring(12).split(" ");
                if (parts.length >= 8 && parts[1].equals("1") && parts[2].equalsIgnoreCase("udp") && parts[7].equals("host")) {
                    candidate = new InetSocketAddress(parts[4], Integer.parseInt(parts[5]));
                }
            }
        }
        if (ufrag == null || pwd == null || fingerprint == null || candidate == null) {
            throw new IOException("the server's SDP lacks ICE credentials, a fingerprint or a UDP host candidate:\n" + text);
        }
        return new Remote(ufrag, pwd, fingerprint, candidate, sections, simulcast);
    }
}
