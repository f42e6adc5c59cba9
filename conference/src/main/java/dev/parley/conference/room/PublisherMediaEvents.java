package dev.parley.conference.room;

import dev.parley.conference.media.MediaListener;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.room.message.VideoRoomEvents;

import java.util.Objects;

/**
 * The media plane's reports on one publisher endpoint, handed to the room's executor: {@code webrtcup}, {@code
 * media} (and to subscribers when what they get changes), {@code talking} and {@code dominant-speaker} for everyone,
 * {@code slowlink}, and a closed transport makes the participant leave. Reports of an endpoint that is no longer the participant's are
 * dropped; {@link #bind} runs on the room's executor right after the endpoint opens, before any report can.
 */
final class PublisherMediaEvents implements MediaListener {

    private final Room room;
    private final Participant participant;
    private PublisherEndpoint endpoint;

    PublisherMediaEvents(Room room, Participant participant) {
        this.room = room;
        this.participant = participant;
    }

    void bind(PublisherEndpoint opened) {
        endpoint = opened;
    }

    private void onRoom(Runnable action) {
        room.executor.execute(() -> {
            if (endpoint != null && participant.endpoint == endpoint
                    && room.participants.get(participant.id) == participant) {
                action.run();
            }
        });
    }

    @Override
    public void connected() {
        onRoom(participant.handle::webrtcUp);
    }

    @Override
    public void receiving(String mid, boolean receiving) {
        onRoom(() -> {
            PublishedStream stream = participant.stream(mid);
            if (stream == null || Objects.equals(participant.receiving.get(mid), receiving)) {
                return;
            }
            boolean before = participant.delivers(stream);
            participant.receiving.put(mid, receiving);
            participant.handle.media(mid, stream.kind().sdpName(), receiving);
            if (before != participant.delivers(stream)) {
                room.subscribers.deliveryChanged(participant, stream, participant.delivers(stream));
            }
        });
    }

    @Override
    public void audioLevel(String mid, int averageLevel) {
        onRoom(() -> {
            boolean talking = averageLevel <= room.context.settings().talkingLevel();
            if (participant.stream(mid) == null || participant.talking.getOrDefault(mid, false) == talking) {
                return;
            }
            participant.talking.put(mid, talking);
            room.notifyParticipants(VideoRoomEvents.talking(room.id, participant.id, mid, averageLevel, talking), null);
        });
    }

    /** Audio the room relays counts toward the floor; a stream muted by its publisher or a moderator does not. */
    @Override
    public void speechLevel(String mid, int recentLevel) {
        onRoom(() -> {
            PublishedStream stream = participant.stream(mid);
            if (stream == null || !participant.relays(stream)) {
                return;
            }
            if (room.speakers.level(participant.id, recentLevel, room.context.scheduler().nanoTime())) {
                long speaker = room.speakers.dominant().orElseThrow();
                room.notifyParticipants(VideoRoomEvents.dominantSpeaker(room.id, speaker), null);
            }
        });
    }

    @Override
    public void slowLink(String mid, boolean uplink, int lost) {
        onRoom(() -> participant.handle.slowLink(mid, uplink, lost));
    }

    @Override
    public void closed(String reason) {
        onRoom(() -> {
            participant.handle.hangup(reason);
            participant.handle.event(VideoRoomEvents.leavingOk(room.id, reason), null, null);
            room.publishers.remove(participant, null);
        });
    }
}
