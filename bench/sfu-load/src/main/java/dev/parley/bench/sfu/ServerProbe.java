package dev.parley.bench.sfu;

import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordedThread;
import jdk.jfr.consumer.RecordingFile;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * What the bench reads of the server process: its CPU time (utime + stime of /proc/PID/stat, every thread, in
 * USER_HZ = 100 ticks a second), and for Parley (a JVM) a JFR recording over the window, started and stopped with
 * jcmd, from which the allocation of the media event loop thread ({@code parley-media-*}) is read:
 * jdk.ThreadAllocationStatistics (exact bytes the thread allocated) and jdk.ObjectAllocationSample (which classes).
 */
final class ServerProbe {

    private static final String MEDIA_THREAD = "parley-media";

    private final long pid;
    private final boolean jfr;
    private Path recording;

    ServerProbe(long pid, boolean jfr) {
        this.pid = pid;
        this.jfr = jfr;
    }

    double cpuSeconds() throws IOException {
        String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0;
    }

    void startRecording() throws IOException {
        if (jfr) {
            recording = Files.createTempFile("sfu-load-", ".jfr");
            jcmd("JFR.start", "name=sfuload", "settings=profile", "jdk.ThreadAllocationStatistics#period=1s",
                    "jdk.ObjectAllocationSample#throttle=1000/s");
        }
    }

    /**
     * Bytes a second the media thread allocated over the recording, and the classes with the largest shares of the
     * sampled allocation weight; null without JFR.
     */
    Allocation stopRecording() throws IOException {
        if (!jfr) {
            return null;
        }
        jcmd("JFR.stop", "name=sfuload", "filename=" + recording);
        Map<String, long[]> threads = new HashMap<>();   // name → min, max allocated; first, last time
        Map<String, Map<String, Long>> classes = new HashMap<>();
        int collections = 0;
        java.time.Duration longestPause = java.time.Duration.ZERO;
        for (RecordedEvent event : RecordingFile.readAllEvents(recording)) {
            String type = event.getEventType().getName();
            if (type.equals("jdk.ThreadAllocationStatistics")) {
                String name = mediaThread(event.getThread("thread"));
                if (name != null) {
                    long allocated = event.getLong("allocated");
                    long at = event.getStartTime().toEpochMilli();
                    long[] seen = threads.computeIfAbsent(name, n -> new long[] {Long.MAX_VALUE, Long.MIN_VALUE, Long.MAX_VALUE, Long.MIN_VALUE});
                    seen[0] = Math.min(seen[0], allocated);
                    seen[1] = Math.max(seen[1], allocated);
                    seen[2] = Math.min(seen[2], at);
                    seen[3] = Math.max(seen[3], at);
                }
            } else if (type.equals("jdk.GarbageCollection")) {
                collections++;
                java.time.Duration pause = event.getDuration("longestPause");
                longestPause = pause.compareTo(longestPause) > 0 ? pause : longestPause;
            } else if (type.equals("jdk.ObjectAllocationSample")) {
                String name = mediaThread(event.getThread());
                if (name != null) {
                    classes.computeIfAbsent(name, n -> new HashMap<>())
                            .merge(event.getClass("objectClass").getName() + " from " + allocator(event), event.getLong("weight"), Long::sum);
                }
            }
        }
        Files.deleteIfExists(recording);
        // The event loop is the thread of the prefix that allocated most (the others, if any, are idle helpers).
        Map.Entry<String, long[]> loop = threads.entrySet().stream().filter(e -> e.getValue()[3] > e.getValue()[2])
                .max(Map.Entry.comparingByValue(java.util.Comparator.comparingLong(v -> v[1] - v[0]))).orElse(null);
        if (loop == null) {
            return new Allocation(Double.NaN, "no " + MEDIA_THREAD + " thread statistics", collections, longestPause);
        }
        long[] v = loop.getValue();
        Map<String, Long> sampled = classes.getOrDefault(loop.getKey(), Map.of());
        double weight = sampled.values().stream().mapToLong(Long::longValue).sum();
        String top = sampled.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(2)
                .map(e -> String.format(java.util.Locale.ROOT, "%s %.0f %%", e.getKey(), 100 * e.getValue() / weight))
                .reduce((a, b) -> a + ", " + b).orElse("no samples");
        return new Allocation((v[1] - v[0]) / ((v[3] - v[2]) / 1000.0), loop.getKey() + ": " + top, collections, longestPause);
    }

    /** The first frame of the allocation's stack outside the JDK: the code that asked for the object. */
    private static String allocator(RecordedEvent event) {
        if (event.getStackTrace() == null) {
            return "?";
        }
        for (RecordedFrame frame : event.getStackTrace().getFrames()) {
            String type = frame.getMethod().getType().getName();
            if (!type.startsWith("java.") && !type.startsWith("javax.") && !type.startsWith("jdk.") && !type.startsWith("sun.")) {
                return type.substring(type.lastIndexOf('.') + 1) + "." + frame.getMethod().getName();
            }
        }
        return "the JDK";
    }

    private static String mediaThread(RecordedThread thread) {
        String name = thread == null ? null : thread.getJavaName();
        return name != null && name.startsWith(MEDIA_THREAD) ? name : null;
    }

    /** The media thread's allocation rate and sites, and the whole JVM's collections and longest pause over the recording. */
    record Allocation(double bytesPerSecond, String topClasses, int collections, java.time.Duration longestPause) {
    }

    private void jcmd(String... command) throws IOException {
        String java = System.getProperty("java.home");
        String[] args = new String[command.length + 2];
        args[0] = Path.of(java, "bin", "jcmd").toString();
        args[1] = Long.toString(pid);
        System.arraycopy(command, 0, args, 2, command.length);
        Process process = new ProcessBuilder(args).redirectErrorStream(true).start();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                process.destroyForcibly();
                throw new IOException("jcmd " + String.join(" ", command) + " failed: " + new String(process.getInputStream().readAllBytes()));
            }
            String out = new String(process.getInputStream().readAllBytes());
            if (out.contains("Could not") || out.contains("rror")) {
                throw new IOException("jcmd " + String.join(" ", command) + ": " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
    }
}
