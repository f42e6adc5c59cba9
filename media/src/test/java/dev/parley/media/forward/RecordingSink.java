package dev.parley.media.forward;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.TransportSequenceNumber;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A transport that keeps what the room sends it, checking the {@link PacketSink} contract on the way (packets
 * within the limit, trailer room after each), and reads it back as the subscriber's browser would.
 */
final class RecordingSink implements PacketSink {

    /** An RTP packet as the endpoint received it, with the extensions read through its negotiated ids. */
    record Rtp(int ssrc, int sequenceNumber, int timestamp, int payloadType, boolean marker, byte[] payload,
            int transportSequenceNumber, byte[] bytes) {
    }

    private final ExtensionMap ids;
    final List<Rtp> rtp = new ArrayList<>();
    final List<byte[]> rtcp = new ArrayList<>();

    /** {@code ids}: the extension ids this endpoint negotiated for what it receives. */
    RecordingSink(ExtensionMap ids) {
        this.ids = ids;
    }

    @Override
    public void sendRtp(byte[] buf, int off, int len) {
        checkContract(buf, off, len);
        byte[] bytes = Arrays.copyOfRange(buf, off, off + len);
        RtpPacket packet = new RtpPacket();
        assertThat(packet.wrap(bytes, 0, len)).as("a well-formed RTP packet").isTrue();
        HeaderExtensions extensions = new HeaderExtensions();
        int transportSequenceNumber = extensions.find(packet, ids.id(RtpExtension.TRANSPORT_CC))
                ? TransportSequenceNumber.read(bytes, extensions.dataOffset()) : -1;
        rtp.add(new Rtp(packet.ssrc(), packet.sequenceNumber(), packet.timestamp(), packet.payloadType(),
                packet.marker(), Arrays.copyOfRange(bytes, packet.payloadOffset(),
                        packet.payloadOffset() + packet.payloadLength()), transportSequenceNumber, bytes));
    }

    @Override
    public void sendRtcp(byte[] buf, int off, int len) {
        checkContract(buf, off, len);
        byte[] bytes = Arrays.copyOfRange(buf, off, off + len);
        assertThat(new RtcpCompound().wrap(bytes, 0, len)).as("a well-formed compound RTCP packet").isTrue();
        rtcp.add(bytes);
    }

    private static void checkContract(byte[] buf, int off, int len) {
        assertThat(len).isPositive().isLessThanOrEqualTo(PacketSink.MAX_PACKET_LENGTH);
        assertThat(buf.length - off - len).as("trailer room").isGreaterThanOrEqualTo(PacketSink.TRAILER_ROOM);
    }

    /** The RTP packets sent in {@code ssrc}. */
    List<Rtp> rtp(int ssrc) {
        return rtp.stream().filter(p -> p.ssrc() == ssrc).toList();
    }

    /** Each RTCP packet (inside the compounds) of {@code packetType} and, for feedback, {@code format}, or -1 any. */
    List<byte[]> rtcp(int packetType, int format) {
        List<byte[]> found = new ArrayList<>();
        RtcpCompound compound = new RtcpCompound();
        for (byte[] bytes : rtcp) {
            compound.wrap(bytes, 0, bytes.length);
            while (compound.next()) {
                if (compound.packetType() == packetType && (format < 0 || compound.countOrFormat() == format)) {
                    int from = compound.offset();
                    found.add(Arrays.copyOfRange(bytes, from, from + compound.unpaddedLength()));
                }
            }
        }
        return found;
    }

    void clear() {
        rtp.clear();
        rtcp.clear();
    }
}
