package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.RTCDataChannel;
import dev.onvoid.webrtc.RTCDataChannelBuffer;
import dev.onvoid.webrtc.RTCDataChannelObserver;
import dev.onvoid.webrtc.RTCDataChannelState;
import dev.parley.sdk.media.DataChannel;
import dev.parley.sdk.media.MediaPeer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.Executor;

/**
 * One native data channel: one this side opened (it sends, holding messages until it opens, at most
 * {@link #MAX_PENDING}), or one the other side opened (its messages go to the peer's listener with the channel's label
 * and sub-protocol). The observer runs on the native signaling thread; sending waiting messages is handed to the
 * peer's ops executor.
 */
final class WebrtcDataChannel implements DataChannel, RTCDataChannelObserver {

    private static final Logger LOG = LoggerFactory.getLogger(WebrtcDataChannel.class);
    /** Messages held until the channel opens. */
    static final int MAX_PENDING = 64;

    private record Message(byte[] data, boolean binary) {
    }

    private final RTCDataChannel channel;
    private final MediaPeer.Listener listener;
    private final Executor ops;
    private final String label;
    private final String protocol;
    private final ArrayDeque<Message> pending = new ArrayDeque<>();
    private boolean closed;

    /** @param listener hears the messages of a channel the other side opened; null for one of ours */
    WebrtcDataChannel(RTCDataChannel channel, MediaPeer.Listener listener, Executor ops) {
        this.channel = channel;
        this.listener = listener;
        this.ops = ops;
        this.label = channel.getLabel();
        this.protocol = channel.getProtocol();
        channel.registerObserver(this);
    }

    @Override
    public synchronized boolean send(byte[] data, boolean binary) {
        if (closed) {
            return false;
        }
        if (channel.getState() == RTCDataChannelState.OPEN && pending.isEmpty()) {
            return sendNow(data, binary);
        }
        if (pending.size() >= MAX_PENDING) {
            return false;
        }
        pending.add(new Message(data, binary));
        return true;
    }

    private boolean sendNow(byte[] data, boolean binary) {
        try {
            channel.send(new RTCDataChannelBuffer(ByteBuffer.wrap(data), binary));
            return true;
        } catch (Exception e) {
            LOG.debug("data channel {}: send failed: {}", label, e.toString());
            return false;
        }
    }

    private synchronized void flush() {
        while (!closed && !pending.isEmpty() && channel.getState() == RTCDataChannelState.OPEN) {
            Message next = pending.poll();
            sendNow(next.data(), next.binary());
        }
    }

    /** Before the peer connection closes: no more callbacks, native resources released. */
    synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        pending.clear();
        channel.unregisterObserver();
        channel.close();
        channel.dispose();
    }

    @Override
    public void onBufferedAmountChange(long previousAmount) {
    }

    @Override
    public void onStateChange() {
        ops.execute(this::flush);
    }

    @Override
    public void onMessage(RTCDataChannelBuffer buffer) {
        if (listener == null) {
            return; // Parley sends nothing back on the channel we open
        }
        byte[] data = new byte[buffer.data.remaining()];
        buffer.data.get(data);
        try {
            listener.onDataMessage(label, protocol, data, buffer.binary);
        } catch (RuntimeException e) {
            LOG.warn("A peer listener failed", e);
        }
    }
}
