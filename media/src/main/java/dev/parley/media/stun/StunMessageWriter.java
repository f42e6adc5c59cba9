package dev.parley.media.stun;

import java.net.InetSocketAddress;

/**
 * Writes a STUN message into a caller's buffer, attribute by attribute, keeping the header's length up
 * to date (RFC 8489 §5, §14). MESSAGE-INTEGRITY and FINGERPRINT are added last, in that order.
 *
 * <p>Buffer ownership: the writer fills {@code buf[off, off+capacity)} and keeps no reference after
 * the caller stops using it; the caller owns the buffer throughout. Running out of room is a programming
 * error ({@link IllegalStateException}): ICE's messages are small and bounded.
 */
public final class StunMessageWriter {

    private byte[] buf;
    private int off;
    private int limit;
    private int position;

    /** A writer to {@link #startResponse} messages with, again and again without allocating. */
    public StunMessageWriter() {
    }

    private StunMessageWriter(byte[] buf, int off, int capacity, int type, byte[] transactionIdSource, int transactionIdAt) {
        start(buf, off, capacity, type, transactionIdSource, transactionIdAt);
    }

    private StunMessageWriter start(byte[] buf, int off, int capacity, int type, byte[] transactionIdSource,
            int transactionIdAt) {
        if (capacity < StunMessage.HEADER_LENGTH || off < 0 || off > buf.length - capacity) {
            throw new IllegalArgumentException("no room for a STUN header");
        }
        this.buf = buf;
        this.off = off;
        this.limit = off + capacity;
        StunMessage.writeShort(buf, off, type);
        StunMessage.writeShort(buf, off + 2, 0);
        StunMessage.writeInt(buf, off + 4, StunMessage.MAGIC_COOKIE);
        System.arraycopy(transactionIdSource, transactionIdAt, buf, off + 8, StunMessage.TRANSACTION_ID_LENGTH);
        this.position = off + StunMessage.HEADER_LENGTH;
        return this;
    }

    /** A message of {@code type} with the transaction id of {@code request}, as a response needs (§6.3.1.1). */
    public static StunMessageWriter responseTo(StunMessage request, int type, byte[] buf, int off, int capacity) {
        return new StunMessageWriter().startResponse(request, type, buf, off, capacity);
    }

    /** As {@link #responseTo}, with this writer, which then writes that message (the one it wrote before is done). */
    public StunMessageWriter startResponse(StunMessage request, int type, byte[] buf, int off, int capacity) {
        return start(buf, off, capacity, type, request.buffer(), request.offset() + 8);
    }

    /** A message of {@code type} with the given 12-byte transaction id. */
    public static StunMessageWriter create(int type, byte[] transactionId, byte[] buf, int off, int capacity) {
        if (transactionId.length != StunMessage.TRANSACTION_ID_LENGTH) {
            throw new IllegalArgumentException("a transaction id is 12 bytes");
        }
        return new StunMessageWriter(buf, off, capacity, type, transactionId, 0);
    }

    public StunMessageWriter addBytes(int type, byte[] value, int valueOff, int valueLength) {
        int at = beginAttribute(type, valueLength);
        System.arraycopy(value, valueOff, buf, at, valueLength);
        return this;
    }

    public StunMessageWriter addBytes(int type, byte[] value) {
        return addBytes(type, value, 0, value.length);
    }

    public StunMessageWriter addInt(int type, int value) {
        StunMessage.writeInt(buf, beginAttribute(type, 4), value);
        return this;
    }

    public StunMessageWriter addLong(int type, long value) {
        int at = beginAttribute(type, 8);
        StunMessage.writeInt(buf, at, (int) (value >>> 32));
        StunMessage.writeInt(buf, at + 4, (int) value);
        return this;
    }

    public StunMessageWriter addFlag(int type) {
        beginAttribute(type, 0);
        return this;
    }

    public StunMessageWriter addXorMappedAddress(InetSocketAddress address) {
        return addXorMappedAddress(address.getAddress().getAddress(), address.getPort());
    }

    /** The same for an address given by its bytes (4 for IPv4, 16 for IPv6) and port. */
    public StunMessageWriter addXorMappedAddress(byte[] rawAddress, int port) {
        int at = beginAttribute(StunAttributeType.XOR_MAPPED_ADDRESS, XorMappedAddress.valueLength(rawAddress));
        XorMappedAddress.write(buf, at, rawAddress, port, off + 8);
        return this;
    }

    public StunMessageWriter addErrorCode(ErrorCode error) {
        byte[] reason = error.reasonBytes();
        int at = beginAttribute(StunAttributeType.ERROR_CODE, 4 + reason.length);
        buf[at] = 0;
        buf[at + 1] = 0;
        buf[at + 2] = (byte) (error.code() / 100);
        buf[at + 3] = (byte) (error.code() % 100);
        System.arraycopy(reason, 0, buf, at + 4, reason.length);
        return this;
    }

    /** UNKNOWN-ATTRIBUTES (§14.9): the 16-bit types a 420 response lists. */
    public StunMessageWriter addUnknownAttributes(int[] types) {
        int at = beginAttribute(StunAttributeType.UNKNOWN_ATTRIBUTES, 2 * types.length);
        for (int i = 0; i < types.length; i++) {
            StunMessage.writeShort(buf, at + 2 * i, types[i]);
        }
        return this;
    }

    public StunMessageWriter addMessageIntegrity(MessageIntegrity integrity) {
        int attributeStart = position;
        int at = beginAttribute(StunAttributeType.MESSAGE_INTEGRITY, MessageIntegrity.LENGTH);
        integrity.compute(buf, off, attributeStart - off, buf, at);
        return this;
    }

    public StunMessageWriter addFingerprint() {
        int attributeStart = position;
        int at = beginAttribute(StunAttributeType.FINGERPRINT, 4);
        StunMessage.writeInt(buf, at, Fingerprint.compute(buf, off, attributeStart - off));
        return this;
    }

    /** The message's length so far, header included. */
    public int length() {
        return position - off;
    }

    /** Writes the attribute header, zeroes the padding, advances, and returns the value's offset. */
    private int beginAttribute(int type, int valueLength) {
        int padded = (valueLength + 3) & ~3;
        if (valueLength > 0xFFFF || 4 + padded > limit - position) {
            throw new IllegalStateException("STUN message does not fit in " + (limit - off) + " bytes");
        }
        StunMessage.writeShort(buf, position, type);
        StunMessage.writeShort(buf, position + 2, valueLength);
        int valueAt = position + 4;
        for (int i = valueAt + valueLength; i < valueAt + padded; i++) {
            buf[i] = 0;
        }
        position = valueAt + padded;
        StunMessage.writeShort(buf, off + 2, position - off - StunMessage.HEADER_LENGTH);
        return valueAt;
    }
}
