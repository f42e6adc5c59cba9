package dev.parley.sdk.conference;

import java.util.Set;
import java.util.function.Consumer;

import dev.parley.sdk.ParleyException;
import dev.parley.sdk.media.MediaTrack;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a session's {@link Subscription} tells, turned into the app's callbacks: tracks per publisher, a publisher's
 * streams gone, the subscriber connection's state as each received publisher's, media state and slow links; a
 * subscription that cannot go on fails the session. SDK thread only.
 */
final class SubscriptionEvents implements Subscription.Host {

    private static final Logger LOG = LoggerFactory.getLogger(SubscriptionEvents.class);

    private final ConferenceSession session;
    private final ConferenceListeners listeners;
    private final ConferenceStatsReporter stats;
    private final Consumer<ParleyException> fail;

    SubscriptionEvents(ConferenceSession session, ConferenceListeners listeners, ConferenceStatsReporter stats,
                       Consumer<ParleyException> fail) {
        this.session = session;
        this.listeners = listeners;
        this.stats = stats;
        this.fail = fail;
    }

    @Override
    public void trackAdded(long feed, MediaTrack track) {
        if (track.kind() == MediaTrack.Kind.AUDIO) listeners.tracks(l -> l.onRemoteAudioTrackReceive(session, track, feed));
        else listeners.tracks(l -> l.onRemoteVideoTrackReceive(session, track, feed));
    }

    @Override
    public void feedRemoved(long feed) {
        stats.forget(feed);
        listeners.state(l -> l.onConnectionClosedForUser(session, feed));
    }

    @Override
    public void restarting(Set<Long> feeds, boolean wereConnected, ParleyException why) {
        LOG.info("the subscriber connection is set up again: {}", why.getMessage());
        for (long feed : feeds) {
            stats.forget(feed);
            if (wereConnected) listeners.state(l -> l.onDisconnectedFromUser(session, feed));
        }
    }

    @Override
    public void connectionChanged(Set<Long> feeds, boolean connected) {
        for (long feed : feeds) {
            if (connected) listeners.state(l -> l.onConnectedToUser(session, feed));
            else listeners.state(l -> l.onDisconnectedFromUser(session, feed));
        }
    }

    @Override
    public void mediaChanged(long feed, MediaTrack.Kind kind, boolean receiving) {
        listeners.session(l -> l.onRemoteMediaState(session, feed, kind, receiving));
    }

    @Override
    public void slowLink(boolean uplink, int lost) {
        listeners.session(l -> l.onSlowLink(session, uplink, lost));
    }

    @Override
    public void dataReceived(long feed, byte[] data, boolean binary) {
        listeners.data(l -> l.onDataReceived(session, feed, data, binary));
    }

    @Override
    public void failed(ParleyException error) {
        fail.accept(error);
    }
}
