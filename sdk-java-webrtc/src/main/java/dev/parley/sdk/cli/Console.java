package dev.parley.sdk.cli;

import java.io.PrintStream;
import java.util.Locale;

import dev.parley.sdk.call.RTCStatsReport;

/** The tools' output: one line per event, stamped with the seconds since the run started. Thread-safe. */
final class Console {

    private final PrintStream out;
    private final long started = System.nanoTime();

    Console(PrintStream out) {
        this.out = out;
    }

    void say(String format, Object... args) {
        double seconds = (System.nanoTime() - started) / 1e9;
        synchronized (out) {
            out.printf(Locale.ROOT, "[%7.3f] %s%n", seconds, String.format(Locale.ROOT, format, args));
            out.flush();
        }
    }

    /** A stats line: what arrives from the user (video size, frames, bitrates) and what is sent to them. */
    static String describe(RTCStatsReport r) {
        return received(r) + String.format(Locale.ROOT, " | sent %d bytes %.0f kbit/s", r.bytesSent(), r.sentBitrateKbps());
    }

    /** What arrives from the user: video size, frames and bitrate, audio bitrate, bytes. */
    static String received(RTCStatsReport r) {
        String video = r.framesDecoded() > 0 || r.videoBitrateKbps() > 0
                ? String.format(Locale.ROOT, "video %dx%d %d frames decoded %.0f kbit/s | ", r.frameWidth(), r.frameHeight(),
                r.framesDecoded(), r.videoBitrateKbps())
                : "";
        // No mic level: the webrtc-java engine never plays remote audio out, so it never decodes it and cannot
        // measure its level (see WebrtcJavaEngine); bytes and bitrate show that audio arrives.
        return video + String.format(Locale.ROOT, "audio %.0f kbit/s | received %d bytes", r.audioBitrateKbps(), r.bytesReceived());
    }
}
