package dev.parley.media.srtp;

import org.jitsi.utils.ByteArrayBuffer;

/**
 * jitsi-srtp's mutable buffer interface over the caller's {@code (byte[], offset, length)}, reused for
 * every packet so that nothing is allocated per packet. It never reallocates: protecting needs the
 * trailer's room in the array, which the caller checks for first.
 *
 * <p>Not thread-safe; one per sender or receiver, used on its thread.
 */
final class PacketView implements ByteArrayBuffer {

    private byte[] buffer;
    private int offset;
    private int length;

    PacketView wrap(byte[] buf, int off, int len) {
        this.buffer = buf;
        this.offset = off;
        this.length = len;
        return this;
    }

    /** Drops the reference to the caller's buffer once the call is over. */
    void release() {
        this.buffer = null;
    }

    @Override
    public byte[] getBuffer() {
        return buffer;
    }

    @Override
    public int getOffset() {
        return offset;
    }

    @Override
    public int getLength() {
        return length;
    }

    @Override
    public void setLength(int len) {
        if (len < 0 || offset + len > buffer.length) {
            throw new IllegalArgumentException("length " + len + " outside the buffer");
        }
        this.length = len;
    }

    @Override
    public void setOffset(int off) {
        if (off < 0 || off + length > buffer.length) {
            throw new IllegalArgumentException("offset " + off + " outside the buffer");
        }
        this.offset = off;
    }

    @Override
    public boolean isInvalid() {
        return false;
    }

    @Override
    public void readRegionToBuff(int off, int len, byte[] out) {
        if (off < 0 || len <= 0 || offset + off + len > buffer.length || out.length < len) {
            return;
        }
        System.arraycopy(buffer, offset + off, out, 0, len);
    }

    @Override
    public void grow(int howMuch) {
        if (offset + length + howMuch > buffer.length) {
            throw new IllegalStateException("no room for " + howMuch + " more bytes in the packet buffer");
        }
    }

    @Override
    public void append(byte[] data, int len) {
        grow(len);
        System.arraycopy(data, 0, buffer, offset + length, len);
        length += len;
    }

    @Override
    public void shrink(int len) {
        if (len > 0) {
            length = Math.max(0, length - len);
        }
    }
}
