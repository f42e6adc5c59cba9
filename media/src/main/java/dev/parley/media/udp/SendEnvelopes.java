package dev.parley.media.udp;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.EventLoop;
import io.netty.channel.socket.DatagramPacket;
import io.netty.util.IllegalReferenceCountException;

import java.net.InetSocketAddress;
import java.util.concurrent.RejectedExecutionException;

/**
 * Reusable send envelopes of one socket, each with its own direct buffer, confined to the socket's event loop:
 * {@link MediaSocket#send} copies a datagram into a free one instead of allocating a buffer and a
 * {@link DatagramPacket} per datagram, and Netty's release after the write (or on failure or close) gives it back.
 * At most {@code capacity} are made, lazily; when none is free (the send queue backing up) or the datagram is
 * larger than their buffers, {@link #take} answers null and the caller goes the allocating way.
 *
 * <p>An envelope is a {@link DatagramPacket} because epoll's sendmmsg batching takes only those (its
 * {@code NativeDatagramPacketArray} skips other {@code AddressedEnvelope}s, which then go out one
 * {@code sendto} each). Its reference count is its own: at zero the buffer is kept, not freed. Owning the buffers
 * also keeps the sends out of the allocator and its leak detector, which at its default level records a stack
 * trace for one buffer in 128.
 */
final class SendEnvelopes {

    private final EventLoop loop;
    private final ByteBufAllocator allocator;
    private final int bufferSize;
    private final Envelope[] free;
    private int freeCount;
    private int created;
    private boolean closed;

    SendEnvelopes(EventLoop loop, ByteBufAllocator allocator, int capacity, int bufferSize) {
        this.loop = loop;
        this.allocator = allocator;
        this.bufferSize = bufferSize;
        this.free = new Envelope[capacity];
    }

    /**
     * On the loop only: an envelope holding a copy of {@code buf[off, off+len)} for {@code to}, or null when
     * none is free or {@code len} is over the buffer size.
     */
    DatagramPacket take(byte[] buf, int off, int len, InetSocketAddress to) {
        if (len > bufferSize || closed) {
            return null;
        }
        Envelope envelope;
        if (freeCount > 0) {
            envelope = free[--freeCount];
            free[freeCount] = null;
        } else if (created < free.length) {
            envelope = new Envelope(this, allocator.directBuffer(bufferSize, bufferSize));
            created++;
        } else {
            return null;
        }
        envelope.buffer.writeBytes(buf, off, len);
        envelope.recipient = to;
        envelope.refCnt = 1;
        return envelope;
    }

    /** Envelopes made and not freed (in flight or free). */
    int created() {
        return created;
    }

    /** Envelopes free for the next sends. */
    int free() {
        return freeCount;
    }

    /** On the loop, once the channel is closed: frees the buffers, now and of envelopes given back later. */
    void close() {
        closed = true;
        while (freeCount > 0) {
            Envelope envelope = free[--freeCount];
            free[freeCount] = null;
            envelope.buffer.release();
            created--;
        }
    }

    private void giveBack(Envelope envelope) {
        if (!loop.inEventLoop()) {
            // Netty releases written messages on the loop; a release anywhere else (rare: no hot path) hands the
            // envelope back there, where the free list lives. A loop that shut down frees it with everything else.
            try {
                loop.execute(() -> giveBack(envelope));
            } catch (RejectedExecutionException e) {
                envelope.buffer.release();
            }
            return;
        }
        envelope.recipient = null;
        envelope.buffer.clear();
        if (closed) {
            envelope.buffer.release();
            created--;
        } else {
            free[freeCount++] = envelope;
        }
    }

    /** A {@link DatagramPacket} over a buffer and recipient of its pool's, set per use. */
    static final class Envelope extends DatagramPacket {

        /** Only for the superclass constructor; every accessor below is overridden. */
        private static final InetSocketAddress UNUSED = new InetSocketAddress(0);

        private final SendEnvelopes pool;
        private final ByteBuf buffer;
        private InetSocketAddress recipient;
        /** Owned by the loop; 0 while free. */
        private int refCnt;

        private Envelope(SendEnvelopes pool, ByteBuf buffer) {
            super(Unpooled.EMPTY_BUFFER, UNUSED);
            this.pool = pool;
            this.buffer = buffer;
        }

        @Override
        public ByteBuf content() {
            if (refCnt <= 0) {
                throw new IllegalReferenceCountException(refCnt);
            }
            return buffer;
        }

        @Override
        public InetSocketAddress recipient() {
            return recipient;
        }

        @Override
        public InetSocketAddress sender() {
            return null;
        }

        @Override
        public int refCnt() {
            return refCnt;
        }

        @Override
        public Envelope retain() {
            return retain(1);
        }

        @Override
        public Envelope retain(int increment) {
            if (refCnt <= 0 || increment <= 0) {
                throw new IllegalReferenceCountException(refCnt, increment);
            }
            refCnt += increment;
            return this;
        }

        @Override
        public Envelope touch() {
            return this;
        }

        @Override
        public Envelope touch(Object hint) {
            return this;
        }

        @Override
        public boolean release() {
            return release(1);
        }

        @Override
        public boolean release(int decrement) {
            if (decrement <= 0 || decrement > refCnt) {
                throw new IllegalReferenceCountException(refCnt, -decrement);
            }
            refCnt -= decrement;
            if (refCnt > 0) {
                return false;
            }
            pool.giveBack(this);
            return true;
        }

        @Override
        public String toString() {
            return "SendEnvelope(=> " + recipient + ", " + (refCnt > 0 ? buffer.readableBytes() + "B" : "free") + ')';
        }
    }
}
