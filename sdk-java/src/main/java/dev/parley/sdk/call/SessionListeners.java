package dev.parley.sdk.call;

import dev.parley.sdk.media.MediaTrack;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The app's listeners of one session and of its client, and the events they hear. Listeners are added and
 * removed from any thread (copy-on-write lists); events are raised on the SDK thread and run on the client's
 * callback executor, in the order they were raised.
 */
final class SessionListeners {

    private final RTCClient client;
    private final RTCSession session;
    private final List<RTCSessionConnectionCallbacks> connection = new CopyOnWriteArrayList<>();
    private final List<RTCTrackCallbacks> tracks = new CopyOnWriteArrayList<>();
    private final List<RTCStatsCallback> stats = new CopyOnWriteArrayList<>();

    SessionListeners(RTCClient client, RTCSession session) {
        this.client = client;
        this.session = session;
    }

    void add(RTCSessionConnectionCallbacks listener) {
        connection.add(listener);
    }

    void remove(RTCSessionConnectionCallbacks listener) {
        connection.remove(listener);
    }

    void add(RTCTrackCallbacks listener) {
        tracks.add(listener);
    }

    void remove(RTCTrackCallbacks listener) {
        tracks.remove(listener);
    }

    void add(RTCStatsCallback listener) {
        stats.add(listener);
    }

    void remove(RTCStatsCallback listener) {
        stats.remove(listener);
    }

    /** An event of the client's session callbacks ({@link RTCClient#addSessionCallbacksListener}). */
    void client(Consumer<RTCClientSessionCallbacks> event) {
        client.emit(event);
    }

    void stateChanged(RTCSessionState state) {
        connection(l -> l.onStateChanged(session, state));
    }

    /** A peer's new state, and the callback named for it. */
    void peerStateChanged(long userId, RTCConnectionState state) {
        connection(l -> l.onPeerStateChanged(session, userId, state));
        switch (state) {
            case CONNECTING -> connection(l -> l.onStartConnectToUser(session, userId));
            case CONNECTED -> connection(l -> l.onConnectedToUser(session, userId));
            case DISCONNECTED -> connection(l -> l.onDisconnectedFromUser(session, userId));
            case FAILED -> connection(l -> l.onConnectionFailedWithUser(session, userId));
            case DISCONNECT_TIMEOUT -> connection(l -> l.onDisconnectedTimeoutFromUser(session, userId));
            default -> {
                if (state.isFinal()) connection(l -> l.onConnectionClosedForUser(session, userId));
            }
        }
    }

    void localTracks(MediaTrack audio, MediaTrack video) {
        if (audio != null) tracks(l -> l.onLocalAudioTrackReceive(session, audio));
        if (video != null) tracks(l -> l.onLocalVideoTrackReceive(session, video));
    }

    void remoteTrack(long userId, MediaTrack track) {
        if (track.kind() == MediaTrack.Kind.VIDEO) tracks(l -> l.onRemoteVideoTrackReceive(session, track, userId));
        else tracks(l -> l.onRemoteAudioTrackReceive(session, track, userId));
    }

    void stats(RTCStatsReport report) {
        for (RTCStatsCallback listener : stats) client.callback(() -> listener.onStatsReport(session, report));
    }

    private void connection(Consumer<RTCSessionConnectionCallbacks> event) {
        for (RTCSessionConnectionCallbacks listener : connection) client.callback(() -> event.accept(listener));
    }

    private void tracks(Consumer<RTCTrackCallbacks> event) {
        for (RTCTrackCallbacks listener : tracks) client.callback(() -> event.accept(listener));
    }
}
