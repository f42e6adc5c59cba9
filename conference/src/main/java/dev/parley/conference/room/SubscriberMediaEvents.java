package dev.parley.conference.room;

import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.conference.room.message.VideoRoomEvents;

/**
 * The media plane's reports on one subscriber endpoint, handed to the room's executor: {@code webrtcup}, {@code
 * slowlink}, the simulcast layers forwarded ({@code substream}/{@code temporal} events), and a closed transport hangs
 * the subscription up. Reports of an endpoint that is no longer the
 * subscription's are dropped; {@link #bind} runs on the room's executor right after the endpoint opens, before any
 * report can.
 */
final class SubscriberMediaEvents implements MediaListener {

    private final Room room;
    private final Subscription subscription;
    private SubscriberEndpoint endpoint;

    SubscriberMediaEvents(Room room, Subscription subscription) {
        this.room = room;
        this.subscription = subscription;
    }

    void bind(SubscriberEndpoint opened) {
        endpoint = opened;
    }

    private void onRoom(Runnable action) {
        room.executor.execute(() -> {
            if (endpoint != null && subscription.endpoint == endpoint
                    && room.subscriptions.get(subscription.handle.handleId()) == subscription) {
                action.run();
            }
        });
    }

    @Override
    public void connected() {
        onRoom(subscription.handle::webrtcUp);
    }

    @Override
    public void receiving(String mid, boolean receiving) {
        // Subscribers send Parley no media.
    }

    @Override
    public void audioLevel(String mid, int averageLevel) {
        // Subscribers send Parley no media.
    }

    @Override
    public void slowLink(String mid, boolean uplink, int lost) {
        onRoom(() -> subscription.handle.slowLink(mid, uplink, lost));
    }

    @Override
    public void layersChanged(String mid, int substream, int temporal) {
        onRoom(() -> subscription.handle.event(VideoRoomEvents.layers(room.id, mid, substream, temporal), null, null));
    }

    @Override
    public void closed(String reason) {
        onRoom(() -> room.subscribers.hangup(subscription, reason));
    }
}
