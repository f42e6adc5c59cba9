package dev.parley.media.udp;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;

/**
 * Batches the media socket's flushes, as Netty's {@code FlushConsolidationHandler} did here before, without
 * allocating: writes during a read burst leave at its end, writes from a task once the loop is done with it (one
 * pre-made task, not a future per batch), and every {@link #MAX_BATCH} writes in any case. Each flush is one
 * sendmmsg with epoll.
 *
 * <p>Why {@value #MAX_BATCH}: each queued write holds one of Netty's recycled {@code ChannelOutboundBuffer} entries,
 * and its recycler keeps up to 32 (its default {@code io.netty.recycler.chunkSize}) returned entries on the loop
 * thread without allocating; more returned at once overflow into a queue that allocates a new chunk every 32. Batches
 * of at most 32 still cut the system calls 32-fold.
 */
final class SendBatcher extends ChannelDuplexHandler {

    static final int MAX_BATCH = 32;

    private final Runnable scheduledFlush = this::scheduledFlush;
    private ChannelHandlerContext ctx;
    private int pending;
    private boolean readInProgress;
    private boolean flushScheduled;

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void flush(ChannelHandlerContext ctx) {
        if (++pending >= MAX_BATCH) {
            flushNow(ctx);
        } else if (!readInProgress && !flushScheduled) {
            flushScheduled = true;
            ctx.executor().execute(scheduledFlush);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        readStarted();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        readFinished();
        ctx.fireChannelReadComplete();
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        readInProgress = false;
        flushIfPending(ctx);
        ctx.fireExceptionCaught(cause);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            flushIfPending(ctx);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void disconnect(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushIfPending(ctx);
        ctx.disconnect(promise);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        flushIfPending(ctx);
        ctx.close(promise);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        flushIfPending(ctx);
    }

    /** A read burst begins (Netty's, or the socket's own reader's, {@link NativeDatagramReader}): writes wait for its end. */
    void readStarted() {
        readInProgress = true;
    }

    /** That burst ended: what it wrote leaves now. */
    void readFinished() {
        readInProgress = false;
        flushIfPending(ctx);
    }

    private void scheduledFlush() {
        flushScheduled = false;
        if (!readInProgress) {
            flushIfPending(ctx);
        }
    }

    private void flushIfPending(ChannelHandlerContext ctx) {
        if (pending > 0) {
            flushNow(ctx);
        }
    }

    private void flushNow(ChannelHandlerContext ctx) {
        pending = 0;
        ctx.flush();
    }
}
