package dev.parley.media;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Chromium captures under {@code src/test/resources/captures} (see the README there): their UDP payloads in
 * capture order, and the SDP lines that say what the payload types, extension ids and SSRCs mean.
 */
public final class Captures {

    public static final List<String> CODECS = List.of("VP8", "VP9", "H264", "AV1");

    /** One datagram: when it was captured, its UDP ports, and its payload. */
    public record Datagram(long timestampMicros, int sourcePort, int destinationPort, byte[] payload) {

        public boolean isRtcp() {
            return payload.length >= 2 && (payload[1] & 0xFF) >= 192 && (payload[1] & 0xFF) <= 223;
        }

        public boolean isRtp() {
            return payload.length >= 12 && (payload[0] & 0xC0) == 0x80 && !isRtcp();
        }

        /** A copy of the payload at {@code offset} in a larger array, to check that views honour offsets. */
        public byte[] payloadAt(int offset) {
            byte[] copy = new byte[offset + payload.length + 7];
            System.arraycopy(payload, 0, copy, offset, payload.length);
            return copy;
        }
    }

    /** The negotiated SDP of a capture: payload types, RTX, extension ids, SSRCs and CNAME. */
    public record Sdp(Map<Integer, String> encodings, Map<Integer, Integer> rtxApt, Map<String, Integer> extensionIds,
            long audioSsrc, long videoSsrc, long rtxSsrc, String cname) {

        public int payloadType(String encoding) {
            return encodings.entrySet().stream().filter(e -> e.getValue().equalsIgnoreCase(encoding)).findFirst()
                    .orElseThrow().getKey();
        }

        public int rtxPayloadType(int apt) {
            return rtxApt.entrySet().stream().filter(e -> e.getValue() == apt).findFirst().orElseThrow().getKey();
        }
    }

    private Captures() {
    }

    /** Every UDP payload of {@code CODEC.pcap} (STUN excluded by the capture's trimming). */
    public static List<Datagram> datagrams(String codec) {
        ByteBuffer pcap = ByteBuffer.wrap(resource(codec + ".pcap")).order(ByteOrder.LITTLE_ENDIAN);
        if (pcap.getInt(0) != 0xA1B2C3D4) {
            throw new IllegalStateException("not a little-endian microsecond pcap");
        }
        int linkHeader = switch (pcap.getInt(20)) {
            case 1 -> 14;   // Ethernet (Linux loopback)
            case 113 -> 16; // Linux cooked
            case 276 -> 20; // Linux cooked v2
            default -> throw new IllegalStateException("unexpected link type " + pcap.getInt(20));
        };
        List<Datagram> datagrams = new ArrayList<>();
        int pos = 24;
        while (pos + 16 <= pcap.limit()) {
            long micros = pcap.getInt(pos) * 1_000_000L + pcap.getInt(pos + 4);
            int captured = pcap.getInt(pos + 8);
            int ip = pos + 16 + linkHeader;
            int udp = ip + (pcap.get(ip) & 0x0F) * 4;
            int sourcePort = Short.toUnsignedInt(pcap.order(ByteOrder.BIG_ENDIAN).getShort(udp));
            int destinationPort = Short.toUnsignedInt(pcap.getShort(udp + 2));
            int udpLength = Short.toUnsignedInt(pcap.getShort(udp + 4));
            pcap.order(ByteOrder.LITTLE_ENDIAN);
            byte[] payload = Arrays.copyOfRange(pcap.array(), udp + 8, udp + udpLength);
            datagrams.add(new Datagram(micros, sourcePort, destinationPort, payload));
            pos += 16 + captured;
        }
        return datagrams;
    }

    public static List<Datagram> rtp(String codec) {
        return datagrams(codec).stream().filter(Datagram::isRtp).toList();
    }

    public static List<Datagram> rtcp(String codec) {
        return datagrams(codec).stream().filter(Datagram::isRtcp).toList();
    }

    private static final Pattern RTPMAP = Pattern.compile("a=rtpmap:(\\d+) ([^/]+)/.*");
    private static final Pattern APT = Pattern.compile("a=fmtp:(\\d+) apt=(\\d+)");
    private static final Pattern EXTMAP = Pattern.compile("a=extmap:(\\d+) (\\S+)");
    private static final Pattern FID = Pattern.compile("a=ssrc-group:FID (\\d+) (\\d+)");
    private static final Pattern CNAME = Pattern.compile("a=ssrc:(\\d+) cname:(\\S+)");

    public static Sdp sdp(String codec) {
        Map<Integer, String> encodings = new LinkedHashMap<>();
        Map<Integer, Integer> apt = new LinkedHashMap<>();
        Map<String, Integer> extensions = new LinkedHashMap<>();
        long audioSsrc = 0;
        long videoSsrc = 0;
        long rtxSsrc = 0;
        String cname = null;
        for (String line : new String(resource(codec + ".sdp"), StandardCharsets.US_ASCII).split("\n")) {
            Matcher m;
            if ((m = RTPMAP.matcher(line)).matches()) {
                encodings.putIfAbsent(Integer.parseInt(m.group(1)), m.group(2));
            } else if ((m = APT.matcher(line)).matches()) {
                apt.put(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            } else if ((m = EXTMAP.matcher(line)).matches()) {
                extensions.put(m.group(2), Integer.parseInt(m.group(1)));
            } else if ((m = FID.matcher(line)).matches()) {
                videoSsrc = Long.parseLong(m.group(1));
                rtxSsrc = Long.parseLong(m.group(2));
            } else if ((m = CNAME.matcher(line)).matches() && audioSsrc == 0) {
                audioSsrc = Long.parseLong(m.group(1));
                cname = m.group(2);
            }
        }
        return new Sdp(encodings, apt, extensions, audioSsrc, videoSsrc, rtxSsrc, cname);
    }

    private static byte[] resource(String name) {
        try (InputStream in = Captures.class.getResourceAsStream("/captures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource captures/" + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
