package dev.parley.media.rtp;

/**
 * A cursor over the elements of an RTP header extension in either RFC 8285 form, read in place.
 *
 * <pre>
 * One-byte form (§4.2), profile 0xBEDE; L is the data length minus one, ID 0 is a padding byte, ID 15 ends parsing:
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       0xBE    |    0xDE       |           length              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |  ID   | L=0   |     data      |  ID   |  L=1  |   data...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Two-byte form (§4.3), profile 0x100 followed by 4 app bits; ID 0 is a padding byte, length may be 0:
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |         0x100         |appbits|           length              |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |       ID      |     length    |     data ...
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 *
 * <p>Reusable and allocation-free: {@link #reset} then {@link #next} until it returns false. An element that runs
 * past the extension's end stops the iteration (RFC 8285 §4.1: the rest cannot be trusted). Extensions of other
 * profiles have no elements here. The cursor reads the wrapped packet's array, which it does not own. Not
 * thread-safe.
 */
public final class HeaderExtensions {

    private byte[] buf;
    private int pos;
    private int end;
    private boolean twoByte;
    private int id;
    private int dataOffset;
    private int dataLength;

    /** Positions the cursor before the first element of {@code packet}'s extension. */
    public void reset(RtpPacket packet) {
        buf = packet.buffer();
        end = pos = 0;
        if (!packet.hasExtension()) {
            return;
        }
        int profile = packet.extensionProfile();
        if (profile == RtpPacket.ONE_BYTE_PROFILE || (profile & 0xFFF0) == RtpPacket.TWO_BYTE_PROFILE) {
            twoByte = profile != RtpPacket.ONE_BYTE_PROFILE;
            pos = packet.extensionDataOffset();
            end = pos + packet.extensionDataLength();
        }
    }

    /** Moves to the next element; false at the end, at a one-byte ID 15, or at an element that overruns. */
    public boolean next() {
        while (pos < end) {
            int first = buf[pos] & 0xFF;
            // A padding byte. In the one-byte form that is any byte with ID 0, whatever its length bits: §4.2
            // reserves the ID for padding, so those bits announce no data to skip.
            if (twoByte ? first == 0 : first >>> 4 == 0) {
                pos++;
                continue;
            }
            int elementId;
            int length;
            int header;
            if (twoByte) {
                if (pos + 2 > end) {
                    break;
                }
                elementId = first;
                length = buf[pos + 1] & 0xFF;
                header = 2;
            } else {
                elementId = first >>> 4;
                if (elementId == 15) {
                    break;
                }
                length = (first & 0x0F) + 1;
                header = 1;
            }
            if (pos + header + length > end) {
                break;
            }
            id = elementId;
            dataOffset = pos + header;
            dataLength = length;
            pos = dataOffset + length;
            return true;
        }
        pos = end;
        return false;
    }

    /** Positions the cursor on the element with {@code id}; false if the packet has none. */
    public boolean find(RtpPacket packet, int id) {
        if (id <= 0) {
            return false;
        }
        reset(packet);
        while (next()) {
            if (this.id == id) {
                return true;
            }
        }
        return false;
    }

    public int id() {
        return id;
    }

    /** Offset of the current element's data in the packet's array. */
    public int dataOffset() {
        return dataOffset;
    }

    public int dataLength() {
        return dataLength;
    }
}
