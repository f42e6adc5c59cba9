package dev.parley.sdk.webrtc;

import dev.onvoid.webrtc.RTCRtpSender;
import dev.onvoid.webrtc.media.MediaStreamTrack;
import dev.parley.sdk.media.MediaException;
import dev.parley.sdk.media.MediaTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A local track whose feed can be swapped while it is being sent: {@link #swap} makes a native
 * track on the new feed, puts it on every sender this track was added to, then disposes the old
 * track and closes the old feed. {@link #id()} stays the same throughout. Subclasses decide what
 * muting does.
 *
 * @param <F> the feed kind
 * @param <T> the native track kind
 */
abstract class LocalTrack<F extends LocalFeed, T extends MediaStreamTrack> implements MediaTrack {

    private static final Logger LOG = LoggerFactory.getLogger(LocalTrack.class);

    final SenderSet senders = new SenderSet();
    private final String id;
    private F feed;
    private T track;
    private int generation;
    private boolean enabled = true;
    private boolean closed;

    LocalTrack(String id) {
        this.id = id;
    }

    /** Makes the first native track; called once by the subclass constructor. */
    final void start(F firstFeed) {
        feed = firstFeed;
        track = create(id, firstFeed);
    }

    /** A native track named {@code trackId} on {@code feed}'s source, ready to send. */
    abstract T create(String trackId, F feed);

    /** Disposes a native track made by {@link #create}, once no sender carries it. */
    abstract void dispose(T nativeTrack);

    /** Mutes ({@code false}) or unmutes what the senders send. */
    abstract void applyEnabled(boolean enabled) throws MediaException;

    /** The native track the senders carry: the feed's own, unless a subclass stands in for it. */
    T carried() {
        return track;
    }

    @Override
    public final String id() {
        return id;
    }

    @Override
    public final synchronized boolean isEnabled() {
        return enabled;
    }

    /** Does nothing if muting fails (logged): the state stays what is really sent. */
    @Override
    public final synchronized void setEnabled(boolean enabled) {
        if (enabled == this.enabled) return;
        if (!closed) {
            try {
                applyEnabled(enabled);
            } catch (MediaException | RuntimeException e) {
                LOG.warn("Could not {} local track {}", enabled ? "unmute" : "mute", id, e);
                return;
            }
        }
        this.enabled = enabled;
    }

    synchronized F feed() {
        return feed;
    }

    /** The feed's native track. */
    synchronized T track() {
        return track;
    }

    /** The native track to {@code addTrack} to a new peer connection. */
    synchronized T nativeTrack() throws MediaException {
        if (closed) throw new MediaException("local " + kind().name().toLowerCase() + " track " + id + " is closed");
        return carried();
    }

    /** Remembers a sender now sending this track, so that a swap reaches it. */
    synchronized void attach(RTCRtpSender sender) {
        senders.add(sender);
    }

    /** Forgets a sender whose peer connection is closing. */
    synchronized void detach(RTCRtpSender sender) {
        senders.remove(sender);
    }

    /** A name for the next native track (native ids stay unique; {@link #id()} does not change). */
    final String nextNativeId() {
        return id + "-" + (++generation);
    }

    /**
     * Sends {@code next} in place of the current feed on every sender, then closes the current feed.
     * On failure {@code next} is closed and the current feed stays.
     */
    synchronized void swap(F next) throws MediaException {
        if (closed) {
            next.close();
            throw new MediaException("local " + kind().name().toLowerCase() + " track " + id + " is closed");
        }
        T created;
        try {
            created = create(nextNativeId(), next);
        } catch (RuntimeException e) {
            next.close();
            throw new MediaException("could not make a track for " + next.device().name() + ": " + e.getMessage(), e);
        }
        if (carried() == track) {
            try {
                senders.replace(track, created);
            } catch (MediaException e) {
                retire(created, next);
                throw e;
            }
        }
        T oldTrack = track;
        F oldFeed = feed;
        track = created;
        feed = next;
        retire(oldTrack, oldFeed);
    }

    /** Takes the track off the senders still attached, disposes it and closes the feed. Idempotent. */
    synchronized void close() {
        if (closed) return;
        closed = true;
        senders.clear();
        retire(track, feed);
    }

    final synchronized boolean isClosed() {
        return closed;
    }

    /** Disposes a native track no sender carries, then closes its feed. */
    final void retire(T nativeTrack, LocalFeed oldFeed) {
        try {
            dispose(nativeTrack);
        } catch (Error | RuntimeException e) {
            // "Native object was not deleted": something still holds the track; the feed must go anyway.
            LOG.warn("Could not dispose local track {}: {}", id, e.toString());
        } finally {
            oldFeed.close();
        }
    }
}
