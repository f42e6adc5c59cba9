package dev.parley.conference;

import dev.parley.common.time.Scheduler;
import dev.parley.common.time.SerialScheduler;
import dev.parley.conference.auth.ConferenceAuth;
import dev.parley.conference.core.JanusCore;
import dev.parley.conference.media.MediaPlane;
import dev.parley.conference.meeting.MeetingDirectory;
import dev.parley.conference.room.VideoRoom;
import dev.parley.conference.transport.JanusEndpoints;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The conference module assembled: the Janus core with the video room plugin and their transports. The server
 * provides the token check, the meeting directory, the media plane and timers, mounts {@link #endpoints()} and closes
 * it on shutdown.
 *
 * <p>Threading: the core's state and each room's live on serial executors drained by virtual threads, which also run
 * the blocking token checks and meeting lookups.
 */
public final class Conference implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Conference.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final ExecutorService threads;
    private final JanusCore core;
    private final JanusEndpoints endpoints;

    /**
     * @param clock    the timers (session timeouts, long polls, idle rooms); they only hand work to the queues
     * @param registry where the conference's gauges go (sessions, rooms, participants)
     */
    public Conference(ConferenceSettings settings, ConferenceAuth auth, MeetingDirectory meetings, MediaPlane media,
                      Scheduler clock, MeterRegistry registry) {
        this.threads = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("parley-conference-", 0).factory());
        SerialScheduler coreExecutor = new SerialScheduler(threads, clock, "janus core");
        VideoRoom videoRoom = VideoRoom.create(settings, media, meetings, clock, threads, threads, coreExecutor);
        this.core = new JanusCore(settings, auth, videoRoom, clock, coreExecutor, threads);
        this.endpoints = new JanusEndpoints(core, settings.maxMessageSize(), settings.maxQueuedEvents());
        Gauge.builder("parley.conference.sessions", core, JanusCore::sessionCount).description("Janus sessions open")
                .register(registry);
        Gauge.builder("parley.conference.rooms", videoRoom, VideoRoom::roomCount).description("Video rooms open")
                .register(registry);
        Gauge.builder("parley.conference.participants", videoRoom, VideoRoom::participantCount)
                .description("Participants (publisher handles) in video rooms").register(registry);
    }

    public JanusEndpoints endpoints() {
        return endpoints;
    }

    /** Destroys every session (their rooms close their media) and stops the module's threads. */
    @Override
    public void close() {
        try {
            core.close().get(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            threads.shutdown();
            if (!threads.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.warn("Conference tasks still running after {}", CLOSE_TIMEOUT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Conference sessions did not close cleanly", e);
        } finally {
            threads.shutdownNow();
        }
    }
}
