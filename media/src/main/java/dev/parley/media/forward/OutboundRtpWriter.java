package dev.parley.media.forward;

import dev.parley.media.rtp.AbsSendTime;
import dev.parley.media.rtp.BigEndian;
import dev.parley.media.rtp.HeaderExtensionWriter;
import dev.parley.media.rtp.HeaderExtensions;
import dev.parley.media.rtp.RtpExtension;
import dev.parley.media.rtp.RtpPacket;
import dev.parley.media.rtp.Rtx;
import dev.parley.media.rtp.TransportSequenceNumber;

/**
 * Builds the packet one subscriber receives from a publisher's packet, in the room's scratch buffer: the
 * subscriber's SSRC, sequence number, timestamp and payload type; the header extensions re-encoded with the
 * subscriber's ids (RFC 8285), keeping those that describe the media, writing fresh the ones that describe this
 * hop (transport-wide sequence number, abs-send-time, MID) and dropping simulcast stream ids; optionally wrapped
 * as RTX (RFC 4588 §4). CSRCs, marker, payload and padding are copied unchanged: the payload is never decoded.
 *
 * <p>The scratch buffer is lent to one sink call at a time (see {@link PacketSink}); the input packet's array is
 * only read. Confined to the room's thread.
 */
final class OutboundRtpWriter {

    private final byte[] buf = new byte[PacketSink.MAX_PACKET_LENGTH + PacketSink.TRAILER_ROOM];
    private final HeaderExtensions cursor = new HeaderExtensions();
    private final HeaderExtensionWriter extensions = new HeaderExtensionWriter();
    private int payloadOffset;

    byte[] buffer() {
        return buf;
    }

    /** Where the last packet written has its payload (after the OSN of an RTX packet). */
    int payloadOffset() {
        return payloadOffset;
    }

    /** What a forwarder does with an extension of the publisher's packet. */
    private static boolean copied(RtpExtension extension) {
        return switch (extension) {
            case TRANSPORT_CC, ABS_SEND_TIME, SDES_MID -> false; // written afresh for this hop
            case SDES_RTP_STREAM_ID, SDES_REPAIRED_RTP_STREAM_ID -> false; // the subscriber knows SSRCs only
            default -> true;
        };
    }

    /**
     * Writes the subscriber's packet at offset 0 and returns its length, or -1 when it would exceed
     * {@link PacketSink#MAX_PACKET_LENGTH}.
     *
     * @param originalSequenceNumber the OSN to wrap the packet as RTX with, or -1 for a plain packet
     * @param transportSequenceNumber written if the subscriber negotiated transport-cc
     */
    int write(RtpPacket in, ExtensionMap inIds, ExtensionMap outIds, byte[] mid, int ssrc, int sequenceNumber,
            int timestamp, int payloadType, int originalSequenceNumber, int transportSequenceNumber, long nowNanos) {
        int transportCcId = outIds.id(RtpExtension.TRANSPORT_CC);
        int absSendTimeId = outIds.id(RtpExtension.ABS_SEND_TIME);
        int midId = mid.length > 0 ? outIds.id(RtpExtension.SDES_MID) : 0;

        // First pass: which elements go out, and whether they all fit the one-byte form.
        int elements = 0;
        int dataBytes = 0;
        boolean twoByte = false;
        cursor.reset(in);
        while (cursor.next()) {
            RtpExtension extension = inIds.extension(cursor.id());
            int outId = extension == null || !copied(extension) ? 0 : outIds.id(extension);
            if (outId != 0) {
                elements++;
                dataBytes += cursor.dataLength();
                twoByte |= !HeaderExtensionWriter.fitsOneByte(outId, cursor.dataLength());
            }
        }
        if (transportCcId != 0) {
            elements++;
            dataBytes += TransportSequenceNumber.LENGTH;
            twoByte |= !HeaderExtensionWriter.fitsOneByte(transportCcId, TransportSequenceNumber.LENGTH);
        }
        if (absSendTimeId != 0) {
            elements++;
            dataBytes += AbsSendTime.LENGTH;
            twoByte |= !HeaderExtensionWriter.fitsOneByte(absSendTimeId, AbsSendTime.LENGTH);
        }
        if (midId != 0) {
            elements++;
            dataBytes += mid.length;
            twoByte |= !HeaderExtensionWriter.fitsOneByte(midId, mid.length);
        }
        int extensionBytes = elements == 0 ? 0 : 4 + (dataBytes + elements * (twoByte ? 2 : 1) + 3) / 4 * 4;
        int csrcBytes = 4 * in.csrcCount();
        int osnBytes = originalSequenceNumber >= 0 ? Rtx.OSN_LENGTH : 0;
        int length = RtpPacket.FIXED_HEADER_LENGTH + csrcBytes + extensionBytes + osnBytes + in.payloadLength()
                + in.paddingLength();
        if (length > PacketSink.MAX_PACKET_LENGTH) {
            return -1;
        }

        byte[] src = in.buffer();
        buf[0] = (byte) (0x80 | (in.hasPadding() ? 0x20 : 0) | (elements > 0 ? 0x10 : 0) | in.csrcCount());
        buf[1] = (byte) ((in.marker() ? 0x80 : 0) | payloadType);
        BigEndian.put16(buf, 2, sequenceNumber);
        BigEndian.put32(buf, 4, timestamp);
        BigEndian.put32(buf, 8, ssrc);
        System.arraycopy(src, in.offset() + RtpPacket.FIXED_HEADER_LENGTH, buf, RtpPacket.FIXED_HEADER_LENGTH,
                csrcBytes);
        int pos = RtpPacket.FIXED_HEADER_LENGTH + csrcBytes;

        if (elements > 0) {
            extensions.start(buf, pos, twoByte);
            cursor.reset(in);
            while (cursor.next()) {
                RtpExtension extension = inIds.extension(cursor.id());
                int outId = extension == null || !copied(extension) ? 0 : outIds.id(extension);
                if (outId != 0) {
                    extensions.add(outId, src, cursor.dataOffset(), cursor.dataLength());
                }
            }
            if (transportCcId != 0) {
                TransportSequenceNumber.write(buf, extensions.reserve(transportCcId, TransportSequenceNumber.LENGTH),
                        transportSequenceNumber);
            }
            if (absSendTimeId != 0) {
                AbsSendTime.write(buf, extensions.reserve(absSendTimeId, AbsSendTime.LENGTH), nowNanos);
            }
            if (midId != 0) {
                extensions.add(midId, mid, 0, mid.length);
            }
            pos += extensions.finish();
        }
        if (osnBytes > 0) {
            BigEndian.put16(buf, pos, originalSequenceNumber);
            pos += osnBytes;
        }
        int body = in.payloadLength() + in.paddingLength();
        payloadOffset = pos;
        System.arraycopy(src, in.payloadOffset(), buf, pos, body);
        return pos + body;
    }
}
