package dev.parley.media.rtcp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.parley.media.Captures.Datagram;
import dev.parley.media.Captures.Sdp;
import dev.parley.media.Captures;
import dev.parley.media.Hex;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;
import org.junit.jupiter.params.provider.ValueSource;

/** RFC 3550 §6.4 (SR, RR, report blocks), §6.5 (SDES CNAME) and §6.6 (BYE). */
class ReportsTest {

    /** Seconds from the NTP epoch (1900) to the Unix epoch. */
    static final long NTP_UNIX_OFFSET = 2_208_988_800L;

    /** The sender's compounds: SR for audio and video, with an SDES carrying the SDP's CNAME. */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void readsChromiumsSenderReportsAndCname(String codec) {
        Sdp sdp = Captures.sdp(codec);
        RtcpCompound compound = new RtcpCompound();
        SenderReport sr = new SenderReport();
        SourceDescription sdes = new SourceDescription();
        int reports = 0;
        for (Datagram datagram : Captures.rtcp(codec)) {
            compound.wrap(datagram.payload(), 0, datagram.payload().length);
            while (compound.next()) {
                if (compound.packetType() == RtcpHeader.SR) {
                    assertThat(sr.wrap(compound.buffer(), compound.offset(), compound.unpaddedLength())).isTrue();
                    assertThat(Integer.toUnsignedLong(sr.senderSsrc())).isIn(sdp.audioSsrc(), sdp.videoSsrc());
                    long unixSeconds = (sr.ntpTimestamp() >>> 32) - NTP_UNIX_OFFSET;
                    assertThat(Instant.ofEpochSecond(unixSeconds)).isAfter(Instant.parse("2025-01-01T00:00:00Z"));
                    assertThat(sr.octetCount()).isGreaterThanOrEqualTo(sr.packetCount());
                    reports++;
                } else if (compound.packetType() == RtcpHeader.SDES) {
                    assertThat(sdes.wrap(compound.buffer(), compound.offset(), compound.unpaddedLength())).isTrue();
                    assertThat(sdes.chunkCount()).isEqualTo(1);
                    assertThat(new String(sdes.buffer(), sdes.cnameOffset(0), sdes.cnameLength(0),
                            StandardCharsets.US_ASCII)).isEqualTo(sdp.cname());
                }
            }
        }
        assertThat(reports).isPositive();
    }

    /** The receiver's RRs report on the sender's audio, video and RTX SSRCs. */
    @ParameterizedTest
    @FieldSource("dev.parley.media.Captures#CODECS")
    void readsChromiumsReceiverReports(String codec) {
        Sdp sdp = Captures.sdp(codec);
        RtcpCompound compound = new RtcpCompound();
        ReceiverReport rr = new ReceiverReport();
        int blocks = 0;
        for (Datagram datagram : Captures.rtcp(codec)) {
            compound.wrap(datagram.payload(), 0, datagram.payload().length);
            while (compound.next()) {
                if (compound.packetType() != RtcpHeader.RR) {
                    continue;
                }
                assertThat(rr.wrap(compound.buffer(), compound.offset(), compound.unpaddedLength())).isTrue();
                for (int i = 0; i < rr.reportBlockCount(); i++) {
                    int block = rr.reportBlockOffset(i);
                    assertThat(Integer.toUnsignedLong(ReportBlock.ssrc(compound.buffer(), block)))
                            .isIn(sdp.audioSsrc(), sdp.videoSsrc(), sdp.rtxSsrc());
                    assertThat(ReportBlock.fractionLost(compound.buffer(), block)).isBetween(0, 255);
                    assertThat(ReportBlock.extendedHighestSequenceNumber(compound.buffer(), block)).isPositive();
                    blocks++;
                }
            }
        }
        assertThat(blocks).isPositive();
    }

    @Test
    void writesASenderReportThatReadsBack() {
        byte[] buf = new byte[64];
        long ntp = 0xE8E7_1234_8000_0000L;
        int length = SenderReport.write(buf, 4, 0xCAFEBABE, ntp, 0x9000_0001, 4_000_000_000L, 12_345);
        SenderReport sr = new SenderReport();

        assertThat(length).isEqualTo(28);
        assertThat(RtcpHeader.packetLength(buf, 4)).isEqualTo(28);
        assertThat(sr.wrap(buf, 4, length)).isTrue();
        assertThat(sr.senderSsrc()).isEqualTo(0xCAFEBABE);
        assertThat(sr.ntpTimestamp()).isEqualTo(ntp);
        assertThat(sr.rtpTimestamp()).isEqualTo(0x9000_0001);
        assertThat(sr.packetCount()).isEqualTo(4_000_000_000L);
        assertThat(sr.octetCount()).isEqualTo(12_345);
        assertThat(sr.reportBlockCount()).isZero();
        assertThat(SenderReport.compactNtp(ntp)).isEqualTo(0x1234_8000L);
    }

    @Test
    void writesAReceiverReportWithBlocksThatReadsBack() {
        byte[] buf = new byte[128];
        int length = ReceiverReport.write(buf, 0, 7, 2);
        ReportBlock.write(buf, 8, 0x11, 64, 1234, 0x1_0005L, 90, 0xAABB_CCDDL, 65_536);
        ReportBlock.write(buf, 32, 0x22, 0, -3, 70_000, 0, 0, 0);
        ReceiverReport rr = new ReceiverReport();

        assertThat(length).isEqualTo(56);
        assertThat(rr.wrap(buf, 0, length)).isTrue();
        assertThat(rr.senderSsrc()).isEqualTo(7);
        assertThat(rr.reportBlockCount()).isEqualTo(2);
        int first = rr.reportBlockOffset(0);
        assertThat(ReportBlock.ssrc(buf, first)).isEqualTo(0x11);
        assertThat(ReportBlock.fractionLost(buf, first)).isEqualTo(64);
        assertThat(ReportBlock.cumulativeLost(buf, first)).isEqualTo(1234);
        assertThat(ReportBlock.extendedHighestSequenceNumber(buf, first)).isEqualTo(0x1_0005L);
        assertThat(ReportBlock.jitter(buf, first)).isEqualTo(90);
        assertThat(ReportBlock.lastSenderReport(buf, first)).isEqualTo(0xAABB_CCDDL);
        assertThat(ReportBlock.delaySinceLastSenderReport(buf, first)).isEqualTo(65_536);
        assertThat(ReportBlock.cumulativeLost(buf, rr.reportBlockOffset(1))).as("duplicates make it negative")
                .isEqualTo(-3);
    }

    @Test
    void clampsCumulativeLossToTwentyFourBits() {
        byte[] buf = new byte[24];
        ReportBlock.write(buf, 0, 1, 0, 50_000_000, 0, 0, 0, 0);
        assertThat(ReportBlock.cumulativeLost(buf, 0)).isEqualTo(0x7F_FFFF);
        ReportBlock.write(buf, 0, 1, 0, -50_000_000, 0, 0, 0, 0);
        assertThat(ReportBlock.cumulativeLost(buf, 0)).isEqualTo(-0x80_0000);
    }

    @Test
    void refusesMoreThan31Blocks() {
        assertThatThrownBy(() -> ReceiverReport.write(new byte[1024], 0, 1, 32))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "80C8 0005 00000001 00000000 00000000 00000000 00000000",  // SR shorter than its sender info
        "81C8 0006 00000001 00000000 00000000 00000000 00000000 00000000", // SR announcing a block it lacks
        "81C9 0001 00000001",                                    // RR announcing a block it lacks
    })
    void rejectsReportsShorterThanTheirCounts(String hexPacket) {
        byte[] buf = Hex.bytes(hexPacket);
        assertThat(new SenderReport().wrap(buf, 0, buf.length)).isFalse();
        assertThat(new ReceiverReport().wrap(buf, 0, buf.length)).isFalse();
    }

    @Test
    void writesACnameThatReadsBack() {
        byte[] buf = new byte[64];
        int length = SourceDescription.writeCname(buf, 0, 0x1234, "abc".getBytes(StandardCharsets.US_ASCII));
        SourceDescription sdes = new SourceDescription();

        // header 4 + SSRC 4 + type, length, 3 bytes + at least one null byte, padded: 16
        assertThat(length).isEqualTo(16);
        assertThat(sdes.wrap(buf, 0, length)).isTrue();
        assertThat(sdes.ssrc(0)).isEqualTo(0x1234);
        assertThat(new String(buf, sdes.cnameOffset(0), sdes.cnameLength(0), StandardCharsets.US_ASCII))
                .isEqualTo("abc");
    }

    @Test
    void readsSdesChunksWithOtherItemsAndNoCname() {
        // Two chunks: the first with NAME ("x") then CNAME ("ab"), the second with only TOOL ("t").
        byte[] buf = Hex.bytes("82CA0005 00000001 020178 01026162 00 00000002 06017400");
        SourceDescription sdes = new SourceDescription();
        assertThat(sdes.wrap(buf, 0, buf.length)).isTrue();
        assertThat(sdes.chunkCount()).isEqualTo(2);
        assertThat(new String(buf, sdes.cnameOffset(0), sdes.cnameLength(0), StandardCharsets.US_ASCII))
                .isEqualTo("ab");
        assertThat(sdes.ssrc(1)).isEqualTo(2);
        assertThat(sdes.cnameOffset(1)).isEqualTo(-1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "81CA0002 00000001 01056162",    // item longer than the packet
        "81CA0002 00000001 01026162",    // no terminating null item
        "82CA0003 00000001 01016100 00000002", // second chunk without items
    })
    void rejectsMalformedSdes(String hexPacket) {
        byte[] buf = Hex.bytes(hexPacket);
        assertThat(new SourceDescription().wrap(buf, 0, buf.length)).isFalse();
    }

    @Test
    void readsAndWritesBye() {
        byte[] buf = new byte[16];
        int length = Bye.write(buf, 0, 0xABCD);
        Bye bye = new Bye();
        assertThat(bye.wrap(buf, 0, length)).isTrue();
        assertThat(bye.sourceCount()).isEqualTo(1);
        assertThat(bye.ssrc(0)).isEqualTo(0xABCD);
        assertThat(bye.reasonLength()).isEqualTo(-1);

        byte[] withReason = Hex.bytes("81CB0003 00000005 04627965 21000000");
        assertThat(bye.wrap(withReason, 0, withReason.length)).isTrue();
        assertThat(new String(withReason, bye.reasonOffset(), bye.reasonLength(), StandardCharsets.US_ASCII))
                .isEqualTo("bye!");

        byte[] reasonOverrun = Hex.bytes("81CB0002 00000005 09627965");
        assertThat(bye.wrap(reasonOverrun, 0, reasonOverrun.length)).isFalse();
        byte[] sourcesMissing = Hex.bytes("82CB0001 00000005");
        assertThat(bye.wrap(sourcesMissing, 0, sourcesMissing.length)).isFalse();
    }
}
