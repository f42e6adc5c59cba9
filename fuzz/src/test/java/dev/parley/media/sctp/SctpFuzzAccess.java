package dev.parley.media.sctp;

/**
 * What {@code dev.parley.fuzz.SctpFuzzTest} needs of the package's own API: the packet parser and the bytes an
 * association holds for reassembly and ordering. (The fuzz module's tests sit on the class path beside the media
 * module, so this class shares the package.)
 */
public final class SctpFuzzAccess {

    private SctpFuzzAccess() {
    }

    /** The number of chunks of a packet that parses (checksum, chunk lengths), or -1 when it is refused. */
    public static int parse(byte[] buf, int off, int len) {
        SctpPacket packet = SctpPacket.parse(buf, off, len);
        return packet == null ? -1 : packet.chunks().size();
    }

    /** The CRC32c an SCTP packet carries (RFC 9260 Appendix A), for a packet the fuzz target builds. */
    public static long checksum(byte[] buf, int off, int len) {
        return SctpPacket.checksum(buf, off, len);
    }

    /** Bytes of received data the association holds for reassembly and ordering. */
    public static int receiveBuffered(SctpAssociation association) {
        return association.receiveBuffered();
    }
}
