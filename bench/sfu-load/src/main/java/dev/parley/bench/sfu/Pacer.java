package dev.parley.bench.sfu;

import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * The publishers' sender: one thread that sends every publisher's recorded media at its real pace, an Opus packet
 * every 20 ms and a video frame every 1/rate s (each simulcast layer's frame with the same RTP timestamp, as an
 * encoder does), split into RFC 7741 packets sent back to back. Publishers start at random phases.
 */
final class Pacer implements AutoCloseable {

    private static final long AUDIO_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final RecordedMedia media;
    private final ConcurrentLinkedQueue<Source> added = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Transport> removed = new ConcurrentLinkedQueue<>();
    private final PriorityQueue<Source> due = new PriorityQueue<>((a, b) -> Long.compare(a.next, b.next));
    private final byte[] packet = new byte[1500];
    private final byte[] descriptor = new byte[4];
    private final Thread thread;
    private volatile boolean running = true;

    Pacer(RecordedMedia media) {
        this.media = media;
        this.thread = Thread.ofPlatform().name("sfu-load-pacer").daemon().start(this::run);
    }

    /** Starts sending for a publisher whose transport is ready: its audio SSRC and one video SSRC per layer sent. */
    void publish(Transport transport, int audioSsrc, int[] videoSsrcs, boolean simulcast) {
        long start = System.nanoTime() + ThreadLocalRandom.current().nextLong(AUDIO_NANOS);
        added.add(new Source(transport, audioSsrc, -1, null, start));
        int layers = simulcast ? videoSsrcs.length : 1;
        for (int layer = 0; layer < layers; layer++) {
            added.add(new Source(transport, videoSsrcs[layer], layer, simulcast ? Sdp.RIDS[layer] : null, start));
        }
        LockSupport.unpark(thread);
    }

    void unpublish(Transport transport) {
        removed.add(transport);
        LockSupport.unpark(thread);
    }

    private void run() {
        while (running) {
            for (Source source; (source = added.poll()) != null; ) {
                due.add(source);
            }
            for (Transport transport; (transport = removed.poll()) != null; ) {
                Transport gone = transport;
                due.removeIf(s -> s.transport == gone);
            }
            Source next = due.peek();
            long now = System.nanoTime();
            if (next == null || next.next - now > 0) {
                LockSupport.parkNanos(next == null ? TimeUnit.MILLISECONDS.toNanos(10) : Math.min(next.next - now, TimeUnit.MILLISECONDS.toNanos(10)));
                continue;
            }
            due.poll();
            if (next.layer < 0) {
                sendAudio(next);
            } else {
                sendVideo(next);
            }
            due.add(next);
        }
    }

    private void sendAudio(Source s) {
        byte[] opus = media.opusPackets().get(s.index % media.opusPackets().size());
        int len = RtpWriter.write(packet, Sdp.OPUS_PT, false, s.seq++ & 0xFFFF, s.timestamp, s.ssrc, Sdp.MID_EXT, "0", 0, null,
                null, opus, 0, opus.length, System.nanoTime());
        s.transport.sendRtp(packet, len, true);
        s.index++;
        s.timestamp += 960;
        s.next += AUDIO_NANOS;
    }

    private void sendVideo(Source s) {
        java.util.List<byte[]> frames = media.videoLayers().get(s.layer);
        byte[] frame = frames.get(s.index % frames.size());
        for (int off = 0; off < frame.length; off += RtpWriter.MAX_VP8_CHUNK) {
            int chunk = Math.min(RtpWriter.MAX_VP8_CHUNK, frame.length - off);
            RtpWriter.vp8Descriptor(descriptor, off == 0, s.index & 0x7FFF);
            int len = RtpWriter.write(packet, Sdp.VP8_PT, off + chunk == frame.length, s.seq++ & 0xFFFF, s.timestamp, s.ssrc,
                    Sdp.MID_EXT, "1", Sdp.RID_EXT, s.rid, descriptor, frame, off, chunk, System.nanoTime());
            s.transport.sendRtp(packet, len, s.layer == 0);
        }
        s.index++;
        s.timestamp += 90_000 / media.frameRate();
        s.next += TimeUnit.SECONDS.toNanos(1) / media.frameRate();
    }

    @Override
    public void close() {
        running = false;
        LockSupport.unpark(thread);
    }

    /** One RTP stream a publisher sends: audio (layer -1) or one video layer. */
    private static final class Source {
        final Transport transport;
        final int ssrc;
        final int layer;
        final String rid;
        long next;
        int index;
        int seq = ThreadLocalRandom.current().nextInt(0x10000);
        long timestamp = ThreadLocalRandom.current().nextInt() & 0xFFFFFFFFL;

        Source(Transport transport, int ssrc, int layer, String rid, long next) {
            this.transport = transport;
            this.ssrc = ssrc;
            this.layer = layer;
            this.rid = rid;
            this.next = next;
        }
    }
}
