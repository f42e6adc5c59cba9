package dev.parley.conference.core;

import dev.parley.common.time.Scheduler;
import dev.parley.conference.janus.JanusMessage;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The events of a session created over HTTP, waiting for long polls ({@code GET /janus/{session}}, Janus's
 * {@code janus_http.c}): a poll takes up to {@code maxev} queued events at once, or waits for the next one, or after
 * the long-poll wait gets {@code keepalive}. One poll waits at a time; a newer one answers the older with
 * {@code keepalive}. The queue is bounded: a session whose client stops polling overflows it and is destroyed rather
 * than growing without end.
 *
 * <p>Confined to the core's executor; the wait timer hands back to it.
 */
final class LongPollQueue implements EventSink {

    private final Deque<JanusMessage> events = new ArrayDeque<>();
    private final int maxEvents;
    private final Duration wait;
    private final Scheduler scheduler;
    private final Executor core;
    private final Runnable overflow;
    private Consumer<List<JanusMessage>> waiting;
    private int waitingMax;
    private Scheduler.Task waitTimer;
    private boolean closed;

    /** @param overflow runs (on the core's executor) when more than {@code maxEvents} events wait */
    LongPollQueue(int maxEvents, Duration wait, Scheduler scheduler, Executor core, Runnable overflow) {
        this.maxEvents = maxEvents;
        this.wait = wait;
        this.scheduler = scheduler;
        this.core = core;
        this.overflow = overflow;
    }

    @Override
    public void send(JanusMessage message) {
        if (closed) {
            return;
        }
        events.add(message);
        if (waiting != null) {
            answer(take(waitingMax));
        } else if (events.size() > maxEvents) {
            closed = true;
            events.clear();
            overflow.run();
        }
    }

    /** A long poll for up to {@code max} events; {@code responder} gets them (or one keepalive) exactly once. */
    void poll(int max, Consumer<List<JanusMessage>> responder) {
        if (waiting != null) {
            answer(List.of(new JanusMessage.Keepalive()));
        }
        if (!events.isEmpty() || closed) {
            responder.accept(events.isEmpty() ? List.of(new JanusMessage.Keepalive()) : take(max));
            return;
        }
        waiting = responder;
        waitingMax = max;
        Consumer<List<JanusMessage>> self = responder;
        waitTimer = scheduler.schedule(() -> core.execute(() -> {
            if (waiting == self) {
                answer(List.of(new JanusMessage.Keepalive()));
            }
        }), wait);
    }

    @Override
    public void close() {
        closed = true;
        if (waiting != null) {
            answer(events.isEmpty() ? List.of(new JanusMessage.Keepalive()) : take(waitingMax));
        }
    }

    int queued() {
        return events.size();
    }

    private List<JanusMessage> take(int max) {
        List<JanusMessage> taken = new ArrayList<>(Math.min(max, events.size()));
        while (taken.size() < max && !events.isEmpty()) {
            taken.add(events.poll());
        }
        return taken;
    }

    private void answer(List<JanusMessage> messages) {
        Consumer<List<JanusMessage>> responder = waiting;
        waiting = null;
        if (waitTimer != null) {
            waitTimer.cancel();
            waitTimer = null;
        }
        responder.accept(messages);
    }
}
