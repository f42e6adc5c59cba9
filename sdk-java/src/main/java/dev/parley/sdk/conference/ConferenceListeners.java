package dev.parley.sdk.conference;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The app's listeners of one conference session. Listeners are added and removed from any thread (copy-on-write
 * lists); events are raised on the SDK thread and run on the client's callback executor in the order raised. A
 * listener that throws is logged and the others still hear the event.
 */
final class ConferenceListeners {

    private static final Logger LOG = LoggerFactory.getLogger(ConferenceListeners.class);

    private final Executor callbacks;
    final List<ConferenceSessionCallbacks> session = new CopyOnWriteArrayList<>();
    final List<RTCSessionStateCallback<ConferenceSession>> state = new CopyOnWriteArrayList<>();
    final List<ConferenceTrackCallbacks> tracks = new CopyOnWriteArrayList<>();
    final List<ConferenceStatsCallback> stats = new CopyOnWriteArrayList<>();
    final List<ConferenceDataCallback> data = new CopyOnWriteArrayList<>();

    ConferenceListeners(Executor callbacks) {
        this.callbacks = callbacks;
    }

    void session(Consumer<ConferenceSessionCallbacks> event) {
        emit(session, event);
    }

    void state(Consumer<RTCSessionStateCallback<ConferenceSession>> event) {
        emit(state, event);
    }

    void tracks(Consumer<ConferenceTrackCallbacks> event) {
        emit(tracks, event);
    }

    void stats(Consumer<ConferenceStatsCallback> event) {
        emit(stats, event);
    }

    void data(Consumer<ConferenceDataCallback> event) {
        emit(data, event);
    }

    /** Runs a callback on the app's executor (a function the caller passes, e.g. a callback of joinDialog). */
    void run(Runnable callback) {
        try {
            callbacks.execute(() -> {
                try {
                    callback.run();
                } catch (RuntimeException e) {
                    LOG.warn("a conference callback threw", e);
                }
            });
        } catch (RuntimeException e) {
            LOG.debug("conference callback dropped: {}", e.toString());
        }
    }

    private <L> void emit(List<L> listeners, Consumer<L> event) {
        for (L listener : listeners) run(() -> event.accept(listener));
    }
}
