package dev.parley.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.parley.media.forward.DropReason;
import dev.parley.media.forward.ForwardingCounters;
import dev.parley.media.forward.PacketSink;
import dev.parley.media.rtcp.Bye;
import dev.parley.media.rtcp.FullIntraRequest;
import dev.parley.media.rtcp.GenericNack;
import dev.parley.media.rtcp.PictureLossIndication;
import dev.parley.media.rtcp.ReceiverReport;
import dev.parley.media.rtcp.Remb;
import dev.parley.media.rtcp.ReportBlock;
import dev.parley.media.rtcp.RtcpCompound;
import dev.parley.media.rtcp.RtcpFeedback;
import dev.parley.media.rtcp.RtcpHeader;
import dev.parley.media.rtcp.SenderReport;
import dev.parley.media.rtcp.SourceDescription;
import dev.parley.media.rtcp.TransportCcFeedback;
import dev.parley.media.rtcp.TransportCcFeedbackBuilder;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RTCP after SRTCP, as a transport hands it to the room (RFC 3550 §6, RFC 4585, RFC 5104, transport-cc): the
 * compound cursor accepts a datagram or refuses it whole, each packet type's view reads only its own bytes,
 * NACK, REMB and transport-cc written back from what was read read the same, and the room handles the compound from a
 * publisher and from a subscriber, dropping what is malformed with {@link DropReason#MALFORMED_RTCP}.
 */
class RtcpFuzzTest {

    private final MediaRoom room = new MediaRoom();

    @FuzzTest
    void compound(byte[] datagram) {
        RtcpCompound compound = new RtcpCompound();
        boolean wellFormed = compound.wrap(datagram, 0, datagram.length);
        while (compound.next()) {
            readPacket(datagram, compound.offset(), compound.length(), compound.packetType(), compound.countOrFormat());
        }
        ForwardingCounters counters = room.room.counters();
        long malformed = counters.dropped(DropReason.MALFORMED_RTCP);
        room.subscriber.receiveRtcp(datagram.clone(), 0, datagram.length, room.now);
        room.publisher.receiveRtcp(datagram.clone(), 0, datagram.length, room.now);
        room.advance(20);
        if (!wellFormed || datagram.length > PacketSink.MAX_PACKET_LENGTH) {
            assertThat(counters.dropped(DropReason.MALFORMED_RTCP)).isEqualTo(malformed + 2);
        }
    }

    private static void readPacket(byte[] buf, int off, int len, int type, int format) {
        switch (type) {
            case RtcpHeader.SR -> {
                SenderReport report = new SenderReport();
                if (report.wrap(buf, off, len)) {
                    report.ntpTimestamp();
                    report.packetCount();
                    report.octetCount();
                    for (int i = 0; i < report.reportBlockCount(); i++) {
                        readBlock(buf, report.reportBlockOffset(i), off + len);
                    }
                }
            }
            case RtcpHeader.RR -> {
                ReceiverReport report = new ReceiverReport();
                if (report.wrap(buf, off, len)) {
                    for (int i = 0; i < report.reportBlockCount(); i++) {
                        readBlock(buf, report.reportBlockOffset(i), off + len);
                    }
                }
            }
            case RtcpHeader.SDES -> {
                SourceDescription description = new SourceDescription();
                if (description.wrap(buf, off, len)) {
                    for (int i = 0; i < description.chunkCount(); i++) {
                        description.ssrc(i);
                        if (description.cnameLength(i) > 0) {
                            assertThat(description.cnameOffset(i) + description.cnameLength(i)).isLessThanOrEqualTo(off + len);
                        }
                    }
                }
            }
            case RtcpHeader.BYE -> {
                Bye bye = new Bye();
                if (bye.wrap(buf, off, len)) {
                    for (int i = 0; i < bye.sourceCount(); i++) {
                        bye.ssrc(i);
                    }
                    assertThat(bye.reasonOffset() + bye.reasonLength()).isLessThanOrEqualTo(off + len);
                }
            }
            case RtcpHeader.RTPFB -> {
                if (format == RtcpFeedback.FMT_NACK) {
                    readNack(buf, off, len);
                } else if (format == RtcpFeedback.FMT_TRANSPORT_CC) {
                    readTransportCc(buf, off, len);
                }
            }
            case RtcpHeader.PSFB -> {
                if (format == RtcpFeedback.FMT_PLI) {
                    PictureLossIndication.isPli(buf, off, len);
                } else if (format == RtcpFeedback.FMT_FIR) {
                    FullIntraRequest fir = new FullIntraRequest();
                    if (fir.wrap(buf, off, len)) {
                        for (int i = 0; i < fir.entryCount(); i++) {
                            fir.ssrc(i);
                            fir.sequenceNumber(i);
                        }
                    }
                } else if (format == RtcpFeedback.FMT_AFB) {
                    readRemb(buf, off, len);
                }
            }
            default -> {
            }
        }
    }

    private static void readBlock(byte[] buf, int at, int end) {
        assertThat(at + 24).isLessThanOrEqualTo(end);
        ReportBlock.ssrc(buf, at);
        ReportBlock.fractionLost(buf, at);
        ReportBlock.cumulativeLost(buf, at);
        ReportBlock.extendedHighestSequenceNumber(buf, at);
        ReportBlock.jitter(buf, at);
        ReportBlock.lastSenderReport(buf, at);
        ReportBlock.delaySinceLastSenderReport(buf, at);
    }

    /** The sequence numbers a NACK names, written into a new NACK, are named by it again (RFC 4585 §6.2.1). */
    private static void readNack(byte[] buf, int off, int len) {
        GenericNack nack = new GenericNack();
        if (!nack.wrap(buf, off, len)) {
            return;
        }
        TreeSet<Integer> lost = lostSequenceNumbers(nack);
        int[] sequenceNumbers = lost.stream().mapToInt(Integer::intValue).toArray();
        byte[] written = new byte[GenericNack.lengthFor(sequenceNumbers, sequenceNumbers.length)];
        int length = GenericNack.write(written, 0, nack.senderSsrc(), nack.mediaSsrc(), sequenceNumbers, sequenceNumbers.length);
        GenericNack again = new GenericNack();
        assertThat(again.wrap(written, 0, length)).isTrue();
        assertThat(lostSequenceNumbers(again)).isEqualTo(lost);
    }

    private static TreeSet<Integer> lostSequenceNumbers(GenericNack nack) {
        TreeSet<Integer> lost = new TreeSet<>();
        for (int i = 0; i < nack.itemCount(); i++) {
            int id = nack.packetId(i);
            lost.add(id);
            int mask = nack.lostBitmask(i);
            for (int bit = 0; bit < 16; bit++) {
                if ((mask & (1 << bit)) != 0) {
                    lost.add((id + bit + 1) & 0xFFFF);
                }
            }
        }
        return lost;
    }

    /**
     * A transport-cc feedback's received packets, given to the builder the SFU sends its own feedback with, are
     * written into a feedback that reports the same packets received at the same times, relative to the first.
     */
    private static void readTransportCc(byte[] buf, int off, int len) {
        TransportCcFeedback feedback = new TransportCcFeedback();
        if (!feedback.wrap(buf, off, len)) {
            return;
        }
        assertThat(feedback.packetStatusCount()).isLessThanOrEqualTo(TransportCcFeedback.MAX_PACKETS);
        feedback.feedbackPacketCount();
        TransportCcFeedbackBuilder builder = new TransportCcFeedbackBuilder();
        builder.reset(feedback.baseSequenceNumber());
        List<Integer> received = new ArrayList<>();
        for (int i = 0; i < feedback.packetStatusCount(); i++) {
            feedback.status(i);
            if (feedback.received(i)) {
                if (!builder.addReceived(feedback.baseSequenceNumber() + i, feedback.arrivalTimeMicros(i))) {
                    return;
                }
                received.add(i);
            }
        }
        if (received.isEmpty()) {
            return;
        }
        byte[] written = new byte[TransportCcFeedbackBuilder.MAX_LENGTH];
        int length = builder.write(written, 0, feedback.senderSsrc(), feedback.mediaSsrc(), feedback.feedbackPacketCount());
        TransportCcFeedback again = new TransportCcFeedback();
        int padding = (written[0] & 0x20) != 0 ? written[length - 1] : 0;
        assertThat(again.wrap(written, 0, length - padding)).isTrue();
        assertThat(again.baseSequenceNumber()).isEqualTo(feedback.baseSequenceNumber());
        assertThat(again.packetStatusCount()).isEqualTo(received.getLast() + 1);
        long firstBefore = feedback.arrivalTimeMicros(received.getFirst());
        long firstAfter = again.arrivalTimeMicros(received.getFirst());
        for (int i = 0; i < again.packetStatusCount(); i++) {
            assertThat(again.received(i)).as("packet %d received", i).isEqualTo(feedback.received(i));
            if (again.received(i)) {
                assertThat(again.arrivalTimeMicros(i) - firstAfter).as("packet %d's arrival", i)
                        .isEqualTo(feedback.arrivalTimeMicros(i) - firstBefore);
            }
        }
    }

    /** A REMB's SSRCs and bitrate, written again, read the same (draft-alvestrand-rmcat-remb §2.2). */
    private static void readRemb(byte[] buf, int off, int len) {
        Remb remb = new Remb();
        if (!remb.wrap(buf, off, len)) {
            return;
        }
        int[] ssrcs = new int[remb.ssrcCount()];
        for (int i = 0; i < ssrcs.length; i++) {
            ssrcs[i] = remb.ssrc(i);
        }
        long bitrate = remb.bitrate();
        if (bitrate == Long.MAX_VALUE) {
            return;
        }
        byte[] written = new byte[20 + 4 * ssrcs.length];
        int length = Remb.write(written, 0, remb.senderSsrc(), bitrate, ssrcs, ssrcs.length);
        Remb again = new Remb();
        assertThat(again.wrap(written, 0, length)).isTrue();
        assertThat(again.bitrate()).isEqualTo(bitrate);
        int[] read = new int[again.ssrcCount()];
        for (int i = 0; i < read.length; i++) {
            read[i] = again.ssrc(i);
        }
        assertThat(read).isEqualTo(ssrcs);
        assertThat(Arrays.equals(read, ssrcs)).isTrue();
    }
}
