package dev.parley.bench.sfu;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The recorded media the publishers loop: VP8 frames of one IVF file per simulcast layer (highest first) and Opus
 * packets of one Ogg file, as bench/sfu-load.sh makes them with ffmpeg (libvpx, libopus) at bench time.
 */
record RecordedMedia(List<List<byte[]>> videoLayers, int frameRate, List<byte[]> opusPackets) {

    private static final int MAX_FILE = 64 << 20;

    /** Reads {@code layers} (IVF, highest first) and {@code opus} (Ogg Opus, 20 ms packets). */
    static RecordedMedia load(List<Path> layers, Path opus) throws IOException {
        List<List<byte[]>> video = new ArrayList<>();
        int rate = 0;
        for (Path layer : layers) {
            ByteBuffer ivf = read(layer);
            int[] frameRate = new int[1];
            video.add(ivfFrames(ivf, layer, frameRate));
            if (rate != 0 && rate != frameRate[0]) {
                throw new IOException(layer + ": frame rate " + frameRate[0] + " differs from the other layers' " + rate);
            }
            rate = frameRate[0];
        }
        int frames = video.getFirst().size();
        for (List<byte[]> layer : video) {
            if (layer.size() != frames) {
                throw new IOException("the layers have different frame counts: " + layer.size() + " and " + frames);
            }
        }
        return new RecordedMedia(video, rate, oggPackets(read(opus), opus));
    }

    private static ByteBuffer read(Path file) throws IOException {
        if (Files.size(file) > MAX_FILE) {
            throw new IOException(file + " is larger than " + MAX_FILE + " bytes");
        }
        return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    }

    /** IVF: a 32-byte header ("DKIF", ..., fourcc, width, height, rate, scale, count), then per frame size, pts, data. */
    private static List<byte[]> ivfFrames(ByteBuffer in, Path file, int[] frameRate) throws IOException {
        if (in.remaining() < 32 || in.getInt(0) != 0x46494B44 || in.getInt(8) != 0x30385056) {
            throw new IOException(file + " is not an IVF file of VP8");
        }
        int rate = in.getInt(16);
        int scale = in.getInt(20);
        if (scale <= 0 || rate <= 0 || rate % scale != 0) {
            throw new IOException(file + ": frame rate " + rate + "/" + scale + " is not a whole number");
        }
        frameRate[0] = rate / scale;
        in.position(in.getShort(6) & 0xFFFF);
        List<byte[]> frames = new ArrayList<>();
        while (in.remaining() >= 12) {
            int size = in.getInt();
            in.getLong();
            if (size <= 0 || size > in.remaining()) {
                throw new IOException(file + ": frame " + frames.size() + " of " + size + " bytes is cut off");
            }
            byte[] frame = new byte[size];
            in.get(frame);
            frames.add(frame);
        }
        if (frames.isEmpty() || (frames.getFirst()[0] & 1) != 0) {
            throw new IOException(file + " must start with a keyframe");
        }
        return frames;
    }

    /** Ogg (RFC 3533): pages of lacing values; a packet ends at a lacing value below 255. Skips OpusHead and OpusTags. */
    private static List<byte[]> oggPackets(ByteBuffer in, Path file) throws IOException {
        List<byte[]> packets = new ArrayList<>();
        java.io.ByteArrayOutputStream packet = new java.io.ByteArrayOutputStream();
        int position = 0;
        while (position + 27 <= in.limit()) {
            if (in.getInt(position) != 0x5367674F) {
                throw new IOException(file + ": no Ogg page at byte " + position);
            }
            int segments = in.get(position + 26) & 0xFF;
            int data = position + 27 + segments;
            for (int i = 0; i < segments; i++) {
                int lacing = in.get(position + 27 + i) & 0xFF;
                if (data + lacing > in.limit()) {
                    throw new IOException(file + ": a page is cut off");
                }
                packet.write(in.array(), data, lacing);
                data += lacing;
                if (lacing < 255) {
                    packets.add(packet.toByteArray());
                    packet.reset();
                }
            }
            position = data;
        }
        if (packets.size() < 3) {
            throw new IOException(file + " has no Opus packets");
        }
        return List.copyOf(packets.subList(2, packets.size()));
    }
}
