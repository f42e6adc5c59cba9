package dev.parley.media.stun;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

/**
 * XOR-MAPPED-ADDRESS (RFC 8489 §14.2): the address a request came from, XORed with the magic cookie
 * (and, for IPv6, the transaction id) so that NATs rewriting addresses in payloads leave it alone.
 *
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |0 0 0 0 0 0 0 0|    Family     |         X-Port                |
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                X-Address (Variable: 32 or 128 bits)
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * </pre>
 */
public final class XorMappedAddress {

    static final int FAMILY_IPV4 = 0x01;
    static final int FAMILY_IPV6 = 0x02;

    private XorMappedAddress() {
    }

    /** Value length for an address of {@code raw} bytes: 8 for IPv4, 20 for IPv6. */
    static int valueLength(byte[] raw) {
        return raw.length == 4 ? 8 : 20;
    }

    /**
     * Writes the value for the address {@code raw} (its bytes) and {@code port} at {@code at}, XORed with the cookie
     * and the transaction id found at {@code transactionIdAt} in the same buffer.
     */
    static void write(byte[] buf, int at, byte[] raw, int port, int transactionIdAt) {
        buf[at] = 0;
        buf[at + 1] = (byte) (raw.length == 4 ? FAMILY_IPV4 : FAMILY_IPV6);
        StunMessage.writeShort(buf, at + 2, port ^ (StunMessage.MAGIC_COOKIE >>> 16));
        for (int i = 0; i < raw.length; i++) {
            buf[at + 4 + i] = (byte) (raw[i] ^ mask(buf, i, transactionIdAt));
        }
    }

    /** Reads the attribute from {@code message}, or null when absent or malformed. */
    public static InetSocketAddress read(StunMessage message) {
        return read(message, StunAttributeType.XOR_MAPPED_ADDRESS);
    }

    /**
     * Reads an attribute of {@code type} encoded like XOR-MAPPED-ADDRESS, such as TURN's XOR-RELAYED-ADDRESS and
     * XOR-PEER-ADDRESS (RFC 8656 §18.3, §18.5), or null when absent or malformed.
     */
    public static InetSocketAddress read(StunMessage message, int type) {
        int i = message.find(type);
        if (i < 0) {
            return null;
        }
        byte[] buf = message.buffer();
        int at = message.valueOffset(i);
        int length = message.valueLength(i);
        int family = length >= 4 ? buf[at + 1] & 0xFF : -1;
        int addressLength = family == FAMILY_IPV4 ? 4 : family == FAMILY_IPV6 ? 16 : -1;
        if (addressLength < 0 || length != 4 + addressLength) {
            return null;
        }
        int transactionIdAt = message.offset() + 8;
        byte[] raw = new byte[addressLength];
        for (int k = 0; k < addressLength; k++) {
            raw[k] = (byte) (buf[at + 4 + k] ^ mask(buf, k, transactionIdAt));
        }
        int port = StunMessage.readShort(buf, at + 2) ^ (StunMessage.MAGIC_COOKIE >>> 16);
        try {
            InetAddress address = addressLength == 4 ? InetAddress.getByAddress(raw) : Inet6Address.getByAddress(null, raw, null);
            return new InetSocketAddress(address, port);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Byte {@code k} of the cookie followed by the transaction id. */
    private static int mask(byte[] buf, int k, int transactionIdAt) {
        return k < 4 ? StunMessage.MAGIC_COOKIE >>> (24 - 8 * k) : buf[transactionIdAt + k - 4];
    }
}
