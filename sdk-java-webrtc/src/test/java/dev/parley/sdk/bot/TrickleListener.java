package dev.parley.sdk.bot;

import java.util.concurrent.Executor;
import java.util.function.BooleanSupplier;

import dev.parley.sdk.media.IceCandidate;
import dev.parley.sdk.media.IceConnectionState;
import dev.parley.sdk.media.MediaPeer;
import dev.parley.sdk.media.MediaTrack;

/**
 * The listener of a bot's peer connection on one Janus handle, its publisher's or a feed's: each local candidate is
 * trickled on the handle (docs/protocol.md §4.2) until its owner closes, and the ICE state is kept for the stats
 * lines. Remote tracks need nothing here: the engine decodes them and its stats count them.
 *
 * <p>Threading: the engine calls it on its own threads; the trickle hops onto the participant's serial executor.
 * {@link #iceState()} may be read from any thread.
 */
final class TrickleListener implements MediaPeer.Listener {

    private final JanusClient janus;
    private final long handle;
    private final Executor serial;
    private final BooleanSupplier closed;
    private volatile IceConnectionState ice = IceConnectionState.NEW;

    TrickleListener(JanusClient janus, long handle, Executor serial, BooleanSupplier closed) {
        this.janus = janus;
        this.handle = handle;
        this.serial = serial;
        this.closed = closed;
    }

    IceConnectionState iceState() {
        return ice;
    }

    @Override
    public void onIceCandidate(IceCandidate candidate) {
        Serial.run(serial, () -> {
            if (!closed.getAsBoolean()) janus.trickle(handle, candidate);
        });
    }

    @Override
    public void onIceConnectionState(IceConnectionState state) {
        ice = state;
    }

    @Override
    public void onRemoteTrack(MediaTrack track) {
    }
}
