package dev.parley.media.rtcp;

import dev.parley.media.rtp.BigEndian;

/**
 * Generic NACK (RFC 4585 §6.2.1): RTPFB with FMT 1, a list of lost packets. Each FCI entry names one lost packet
 * (PID) and, in the bitmask BLP, which of the 16 following ones are lost too (bit i set: PID + i + 1 lost).
 *
 * <pre>
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  FMT=1  |    PT=205     |          length               |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of packet sender                        |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                  SSRC of media source                         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |            PID                |             BLP               |   (one or more)
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * Reusable view; it never owns the array. Not thread-safe.
 */
public final class GenericNack {

    public static final int ITEM_LENGTH = 4;

    private byte[] buf;
    private int off;
    private int items;

    /** Points the view at one NACK of {@code len} bytes (padding excluded); false without any FCI entry. */
    public boolean wrap(byte[] buf, int off, int len) {
        this.buf = null;
        if (len < RtcpFeedback.HEADER_LENGTH + ITEM_LENGTH || RtcpHeader.packetType(buf, off) != RtcpHeader.RTPFB
                || RtcpHeader.countOrFormat(buf, off) != RtcpFeedback.FMT_NACK) {
            return false;
        }
        this.buf = buf;
        this.off = off;
        this.items = (len - RtcpFeedback.HEADER_LENGTH) / ITEM_LENGTH;
        return true;
    }

    public int senderSsrc() {
        return RtcpFeedback.senderSsrc(buf, off);
    }

    public int mediaSsrc() {
        return RtcpFeedback.mediaSsrc(buf, off);
    }

    public int itemCount() {
        return items;
    }

    /** The packet id of entry {@code item}: a lost sequence number. */
    public int packetId(int item) {
        return BigEndian.u16(buf, off + RtcpFeedback.HEADER_LENGTH + ITEM_LENGTH * item);
    }

    /** The bitmask of entry {@code item}: bit i set means {@code packetId + i + 1} is lost too. */
    public int lostBitmask(int item) {
        return BigEndian.u16(buf, off + RtcpFeedback.HEADER_LENGTH + ITEM_LENGTH * item + 2);
    }

    /** The length of a NACK whose entries cover {@code sequenceNumbers}, as {@link #write} would write it. */
    public static int lengthFor(int[] sequenceNumbers, int count) {
        return RtcpFeedback.HEADER_LENGTH + ITEM_LENGTH * itemsFor(sequenceNumbers, count);
    }

    private static int itemsFor(int[] sequenceNumbers, int count) {
        if (count < 1) {
            return 0;
        }
        int items = 1;
        int pid = sequenceNumbers[0];
        for (int i = 1; i < count; i++) {
            if (((sequenceNumbers[i] - pid) & 0xFFFF) > 16) {
                items++;
                pid = sequenceNumbers[i];
            }
        }
        return items;
    }

    /**
     * Writes a NACK for {@code count} lost sequence numbers, given in sending order, packing runs within 17 of
     * each other into one entry, and returns its length (see {@link #lengthFor}).
     */
    public static int write(byte[] buf, int off, int senderSsrc, int mediaSsrc, int[] sequenceNumbers, int count) {
        if (count < 1) {
            throw new IllegalArgumentException("a NACK names at least one packet");
        }
        int pos = off + RtcpFeedback.HEADER_LENGTH;
        int pid = sequenceNumbers[0];
        int mask = 0;
        for (int i = 1; i < count; i++) {
            int distance = (sequenceNumbers[i] - pid) & 0xFFFF;
            if (distance == 0) {
                continue;
            }
            if (distance > 16) {
                BigEndian.put16(buf, pos, pid);
                BigEndian.put16(buf, pos + 2, mask);
                pos += ITEM_LENGTH;
                pid = sequenceNumbers[i];
                mask = 0;
            } else {
                mask |= 1 << (distance - 1);
            }
        }
        BigEndian.put16(buf, pos, pid);
        BigEndian.put16(buf, pos + 2, mask);
        pos += ITEM_LENGTH;
        RtcpFeedback.writeHeader(buf, off, RtcpFeedback.FMT_NACK, RtcpHeader.RTPFB, pos - off, senderSsrc, mediaSsrc);
        return pos - off;
    }
}
