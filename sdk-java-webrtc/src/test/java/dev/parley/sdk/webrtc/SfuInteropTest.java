package dev.parley.sdk.webrtc;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.parley.common.config.ConfigLoader;
import dev.parley.media.CloseReason;
import dev.parley.media.MediaServer;
import dev.parley.media.MediaSettings;
import dev.parley.media.MediaTransport;
import dev.parley.media.PacketReceiver;
import dev.parley.media.TransportListener;
import dev.parley.media.dtls.DtlsFingerprint;
import dev.parley.media.ice.IceCandidate;
import dev.parley.media.srtp.SrtpProfile;
import dev.parley.sdk.media.LocalMedia;
import dev.parley.sdk.media.MediaOptions;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;
import dev.parley.sdk.media.PeerOptions;
import dev.parley.sdk.media.PeerStats;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A real WebRTC stack (webrtc-java's RTCPeerConnection) against the SFU's media transport: it offers
 * audio and video, the test answers for the SFU (ICE-lite, a=setup:passive, the transport's ufrag,
 * password, fingerprint and candidate), and the peer must complete ICE (RFC 8445) and DTLS-SRTP
 * (RFC 5764) with the SFU, whose transport then decrypts the peer's SRTP; the SFU sends the audio back
 * in its own SSRC and the peer's stats must count it received.
 */
@Tag("media")
class SfuInteropTest {

    private static final int ECHO_SSRC = 0x5F0E0001;
    private static final Duration WAIT = Duration.ofSeconds(20);

    private MediaServer server;
    private WebrtcJavaEngine engine;
    private LocalMedia media;
    private MediaPeer peer;

    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final Map<Integer, AtomicInteger> rtpByPayloadType = new ConcurrentHashMap<>();
    private final Set<Long> ssrcsSeen = ConcurrentHashMap.newKeySet();
    private final AtomicInteger rtcpPackets = new AtomicInteger();
    private final AtomicInteger echoed = new AtomicInteger();

    @BeforeEach
    void start() throws Exception {
        assumeTrue(System.getenv("PARLEY_NETNS") != null, "media tests run inside the network namespace runner");
        server = MediaServer.start(MediaSettings.from(ConfigLoader.load(
                Map.of("parley.media.host", System.getenv("PARLEY_ADDR_A"), "parley.media.port", 0, "parley.media.tcp-port", 0), Optional.empty(), Map.of())), null);
        engine = WebrtcJavaEngine.synthetic();
        media = engine.openLocalMedia(new MediaOptions(true, true, 320, 240, 15, null, null));
        peer = engine.createPeer(new PeerOptions(List.of(), List.of("VP8"), List.of("opus")), new IgnoringListener());
        peer.addLocalMedia(media);
    }

    @AfterEach
    void stop() {
        if (peer != null) {
            peer.close();
            media.close();
            engine.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aWebrtcPeerCompletesIceAndDtlsWithTheSfuAndSrtpFlowsBothWays() throws Exception {
        Offer offer = Offer.parse(peer.createOffer(false).get(10, TimeUnit.SECONDS));
        MediaTransport transport = server.createTransport(new TransportListener() {
            @Override
            public void onConnected(MediaTransport t) {
                events.add("connected");
            }

            @Override
            public void onClosed(MediaTransport t, CloseReason reason) {
                events.add("closed " + reason);
            }
        });
        transport.setRemoteUfrag(offer.ufrag);
        transport.setRemoteFingerprint(DtlsFingerprint.parse(offer.fingerprint));
        transport.setPacketReceiver(new CountingEcho(offer.opusPayloadType));

        peer.setRemoteAnswer(answer(offer, transport)).get(10, TimeUnit.SECONDS);

        assertThat(events.poll(WAIT.toSeconds(), TimeUnit.SECONDS)).as("ICE, DTLS and SRTP ready").isEqualTo("connected");
        Waits.until("the peer's audio and video decrypted by the SFU", WAIT,
                () -> List.of(count(offer.opusPayloadType), count(offer.vp8PayloadType), rtcpPackets.get()),
                counts -> counts.get(0) >= 50 && counts.get(1) >= 30 && counts.get(2) >= 1);
        assertThat(offer.ssrcs).as("the SSRCs the offer announced").containsAll(ssrcsSeen);
        assertThat(transport.stats().srtpFailures()).isZero();

        PeerStats stats = Waits.until("the SFU's echoed audio received by the peer", WAIT,
                () -> stats(), s -> s.audioPacketsReceived() >= 25);
        assertThat(stats.audioBytesReceived()).isPositive();
        assertThat(echoed.get()).isGreaterThanOrEqualTo(25);
        assertThat(transport.selectedAddress().getAddress().getHostAddress()).isIn(System.getenv("PARLEY_ADDR_A"), System.getenv("PARLEY_ADDR_B"));
    }

    private int count(int payloadType) {
        AtomicInteger counter = rtpByPayloadType.get(payloadType);
        return counter == null ? 0 : counter.get();
    }

    private PeerStats stats() {
        try {
            return peer.stats().get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("stats failed", e);
        }
    }

    /** On the SFU's event loop: counts what arrives, sends the audio back in the SFU's own SSRC. */
    private final class CountingEcho implements PacketReceiver {
        private final int opus;

        CountingEcho(int opus) {
            this.opus = opus;
        }

        @Override
        public void onRtp(MediaTransport transport, byte[] buf, int off, int len) {
            int payloadType = buf[off + 1] & 0x7F;
            rtpByPayloadType.computeIfAbsent(payloadType, pt -> new AtomicInteger()).incrementAndGet();
            ssrcsSeen.add(((buf[off + 8] & 0xFFL) << 24) | ((buf[off + 9] & 0xFF) << 16) | ((buf[off + 10] & 0xFF) << 8) | (buf[off + 11] & 0xFF));
            if (payloadType == opus) {
                byte[] echo = new byte[len + SrtpProfile.MAX_OVERHEAD];
                System.arraycopy(buf, off, echo, 0, len);
                // No header extensions were negotiated; the SFU's copy carries only its own SSRC.
                echo[0] &= (byte) 0xEF;
                echo[8] = (byte) (ECHO_SSRC >>> 24);
                echo[9] = (byte) (ECHO_SSRC >>> 16);
                echo[10] = (byte) (ECHO_SSRC >>> 8);
                echo[11] = (byte) ECHO_SSRC;
                int headerEnd = 12 + 4 * (buf[off] & 0x0F);
                int extensionLength = (buf[off] & 0x10) != 0 ? 4 + 4 * (((buf[off + headerEnd + 2] & 0xFF) << 8) | (buf[off + headerEnd + 3] & 0xFF)) : 0;
                System.arraycopy(buf, off + headerEnd + extensionLength, echo, headerEnd, len - headerEnd - extensionLength);
                if (transport.sendRtp(echo, 0, len - extensionLength)) {
                    echoed.incrementAndGet();
                }
            }
        }

        @Override
        public void onRtcp(MediaTransport transport, byte[] buf, int off, int len) {
            rtcpPackets.incrementAndGet();
        }
    }

    /**
     * The SFU's answer (RFC 8829 shape, RFC 8839 ICE attributes, RFC 5763 §5 setup): BUNDLE of the
     * offered sections, ICE-lite, audio sent back with its own SSRC, video received only.
     */
    private static String answer(Offer offer, MediaTransport transport) {
        StringBuilder sdp = new StringBuilder()
                .append("v=0\r\n")
                .append("o=- 4611731400430051336 2 IN IP4 127.0.0.1\r\n")
                .append("s=-\r\n")
                .append("t=0 0\r\n")
                .append("a=group:BUNDLE ").append(offer.audioMid).append(' ').append(offer.videoMid).append("\r\n")
                .append("a=ice-lite\r\n")
                .append("a=msid-semantic: WMS sfu\r\n");
        section(sdp, "audio", offer.audioMid, offer.opusPayloadType, "opus/48000/2", transport, true);
        section(sdp, "video", offer.videoMid, offer.vp8PayloadType, "VP8/90000", transport, false);
        return sdp.toString();
    }

    private static void section(StringBuilder sdp, String kind, String mid, int payloadType, String rtpmap, MediaTransport transport,
            boolean sendBack) {
        sdp.append("m=").append(kind).append(" 9 UDP/TLS/RTP/SAVPF ").append(payloadType).append("\r\n")
                .append("c=IN IP4 0.0.0.0\r\n")
                .append("a=rtcp:9 IN IP4 0.0.0.0\r\n")
                .append("a=ice-ufrag:").append(transport.localCredentials().ufrag()).append("\r\n")
                .append("a=ice-pwd:").append(transport.localCredentials().pwd()).append("\r\n")
                .append("a=fingerprint:").append(transport.localFingerprint().sdpValue()).append("\r\n")
                .append("a=setup:passive\r\n")
                .append("a=mid:").append(mid).append("\r\n")
                .append(sendBack ? "a=sendrecv\r\n" : "a=recvonly\r\n")
                .append("a=rtcp-mux\r\n")
                .append("a=rtpmap:").append(payloadType).append(' ').append(rtpmap).append("\r\n");
        if (sendBack) {
            sdp.append("a=msid:sfu echo\r\n")
                    .append("a=ssrc:").append(Integer.toUnsignedString(ECHO_SSRC)).append(" cname:sfu\r\n");
        }
        for (IceCandidate candidate : transport.localCandidates()) {
            sdp.append("a=").append(candidate.sdpAttribute()).append("\r\n");
        }
        sdp.append("a=end-of-candidates\r\n");
    }

    /** What the answer needs from webrtc-java's offer. */
    private record Offer(String ufrag, String fingerprint, String audioMid, String videoMid, int opusPayloadType, int vp8PayloadType,
            List<Long> ssrcs) {

        static Offer parse(String sdp) {
            String audio = sdp.substring(sdp.indexOf("m=audio"), sdp.indexOf("m=video") > sdp.indexOf("m=audio") ? sdp.indexOf("m=video") : sdp.length());
            String video = sdp.substring(sdp.indexOf("m=video"), sdp.indexOf("m=audio") > sdp.indexOf("m=video") ? sdp.indexOf("m=audio") : sdp.length());
            List<Long> ssrcs = new ArrayList<>();
            Matcher ssrc = Pattern.compile("a=ssrc:(\\d+) ").matcher(sdp);
            while (ssrc.find()) {
                ssrcs.add(Long.parseLong(ssrc.group(1)));
            }
            return new Offer(first(sdp, "a=ice-ufrag:(\\S+)"), first(sdp, "a=fingerprint:(.+?)\\r?\\n"), first(audio, "a=mid:(\\S+)"),
                    first(video, "a=mid:(\\S+)"), Integer.parseInt(first(audio, "a=rtpmap:(\\d+) opus/48000")),
                    Integer.parseInt(first(video, "a=rtpmap:(\\d+) VP8/90000")), ssrcs);
        }

        private static String first(String text, String regex) {
            Matcher matcher = Pattern.compile(regex).matcher(text);
            assertThat(matcher.find()).as("the offer has %s", regex).isTrue();
            return matcher.group(1);
        }
    }

    /** Candidates need not be trickled: an ICE-lite SFU learns the peer's address from its checks. */
    private static final class IgnoringListener implements MediaPeer.Listener {
        @Override
        public void onIceCandidate(dev.parley.sdk.media.IceCandidate candidate) {
        }

        @Override
        public void onIceConnectionState(dev.parley.sdk.media.IceConnectionState state) {
        }

        @Override
        public void onRemoteTrack(MediaTrack track) {
        }
    }
}
