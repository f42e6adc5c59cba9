package dev.parley.conference.room;

import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.janus.Jsep;
import dev.parley.conference.media.LocalTransport;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.negotiation.NegotiationException;
import dev.parley.conference.negotiation.PublisherNegotiation;
import dev.parley.conference.room.message.PublisherView;
import dev.parley.conference.room.message.StreamSetting;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomEvents;
import dev.parley.conference.room.message.VideoRoomRequest;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpWriter;
import dev.parley.conference.sdp.SessionDescription;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What publishers do in a room (docs/protocol.md §4.3–4.5): join, configure and publish with an offer (Parley answers),
 * configure without one (relay audio or video or not, bitrate cap, keyframe), unpublish, leave, and what the media
 * plane reports about them. Participant ids are the client's choice; one held by another user is refused (436), one
 * the same user holds is taken over: the old participant leaves (the others get {@code unpublished} and {@code
 * leaving}) and the new one joins. A participant with no audio or video (data channel only) is still announced.
 * Runs on its room's executor.
 */
final class PublisherFlow {

    private static final long MAX_ID = (1L << 53) - 1;

    private final Room room;

    PublisherFlow(Room room) {
        this.room = room;
    }

    void join(PluginHandle handle, VideoRoomRequest.Join join, VideoRoomRequest.Configure andConfigure, Reply reply) {
        room.admit(handle, verdict -> {
            switch (verdict) {
                case REFUSED -> {
                    release(handle);
                    reply.error(VideoRoomError.UNAUTHORIZED, "Unauthorized (not the host or an attendee of meeting "
                            + room.id.value() + ")");
                    return;
                }
                case UNAVAILABLE -> {
                    release(handle);
                    reply.error(VideoRoomError.UNKNOWN_ERROR, "Cannot check the meeting's attendees now; try again");
                    return;
                }
                case ADMITTED -> { }
            }
            if (!room.admission.passesList(join.token())) {
                release(handle);
                reply.error(VideoRoomError.UNAUTHORIZED, "Unauthorized (not in the allowed list)");
                return;
            }
            long id = join.id();
            if (id != 0 && room.participants.containsKey(id)) {
                Participant holder = room.participants.get(id);
                if (holder.user.applicationId() != handle.user().applicationId()
                        || holder.user.userId() != handle.user().userId()) {
                    release(handle);
                    reply.error(VideoRoomError.ID_EXISTS, "User ID " + id + " already exists");
                    return;
                }
                replaced(holder);
            }
            if (id == 0) {
                do {
                    id = ThreadLocalRandom.current().nextLong(1, MAX_ID);
                } while (room.participants.containsKey(id));
            }
            room.admission.admitted(handle.user());
            Participant participant = new Participant(id, handle.user(), handle,
                    ThreadLocalRandom.current().nextLong(1, 1L << 31), sdpSessionId(), join.display());
            List<PublisherView> others = new ArrayList<>();
            for (Participant other : room.participants.values()) {
                if (other.published) {
                    others.add(other.view());
                }
            }
            room.participants.put(id, participant);
            room.byHandle.put(handle.handleId(), participant);
            room.occupied();
            reply.send(VideoRoomEvents.joined(room.id, room.description(), id, participant.privateId, others));
            // A newcomer learns who holds the floor now rather than at its next change.
            room.speakers.dominant().ifPresent(speaker ->
                    handle.event(VideoRoomEvents.dominantSpeaker(room.id, speaker), null, null));
            if (andConfigure != null) {
                configure(participant, andConfigure, reply, false);
            }
        });
    }

    void request(Participant participant, VideoRoomRequest request, Reply reply) {
        switch (request) {
            case VideoRoomRequest.Configure configure -> configure(participant, configure, reply, false);
            case VideoRoomRequest.Publish publish -> configure(participant, publish.settings(), reply, true);
            case VideoRoomRequest.Unpublish u -> {
                if (!participant.published) {
                    reply.error(VideoRoomError.NOT_PUBLISHED, "Can't unpublish, not published");
                    return;
                }
                unpublish(participant);
                reply.send(VideoRoomEvents.ok(room.id, "unpublished"));
            }
            case VideoRoomRequest.Leave l -> {
                reply.send(VideoRoomEvents.ok(room.id, "leaving"));
                remove(participant, null);
            }
            default -> reply.error(VideoRoomError.INVALID_REQUEST, "A publisher handle cannot '"
                    + request.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "'; that is for subscribers");
        }
    }

    /** {@code configure} (and {@code publish}): with an offer it (re)negotiates, without one it changes settings. */
    private void configure(Participant participant, VideoRoomRequest.Configure settings, Reply reply, boolean publish) {
        Jsep jsep = reply.request().jsep();
        if (jsep == null) {
            if (publish) {
                reply.error(VideoRoomError.MISSING_ELEMENT, "Missing mandatory element (jsep): publish needs an offer");
                return;
            }
            Map<String, Boolean> before = delivering(participant);
            apply(participant, settings);
            forwardingChanged(participant, before);
            if (settings.keyframe() && participant.endpoint != null) {
                participant.endpoint.requestKeyframe();
            }
            reply.send(VideoRoomEvents.ok(room.id, "configured"));
            return;
        }
        if (jsep.type() != Jsep.Type.OFFER) {
            reply.error(VideoRoomError.INVALID_SDP_TYPE, "Publishers send offers, not answers");
            return;
        }
        if (publish && participant.published) {
            reply.error(VideoRoomError.ALREADY_PUBLISHED, "Can't publish, already published");
            return;
        }
        if (!participant.published && room.publishing() >= room.maxPublishers) {
            reply.error(VideoRoomError.PUBLISHERS_FULL,
                    "Maximum number of publishers (" + room.maxPublishers + ") already reached");
            return;
        }
        PublisherNegotiation negotiation;
        try {
            negotiation = room.context.answerer().negotiate(reply.request().description(), settings.audioCodec(),
                    settings.videoCodec());
        } catch (SdpException | NegotiationException e) {
            reply.error(VideoRoomError.INVALID_SDP, "Error parsing offer: " + e.getMessage());
            return;
        }
        Map<String, Boolean> before = delivering(participant);
        apply(participant, settings);
        LocalTransport local = null;
        if (negotiation.acceptsAny()) {
            if (participant.endpoint == null) {
                PublisherMediaEvents listener = new PublisherMediaEvents(room, participant);
                participant.endpoint = room.media().openPublisher(listener);
                listener.bind(participant.endpoint);
                local = participant.endpoint.local();
            } else if (participant.negotiation != null && participant.negotiation.remote() != null
                    && !participant.negotiation.remote().iceUfrag().equals(negotiation.remote().iceUfrag())) {
                local = participant.endpoint.restartIce();
            } else {
                local = participant.endpoint.local();
            }
        } else if (participant.endpoint != null) {
            participant.endpoint.close();
            participant.endpoint = null;
        }
        SessionDescription answer = room.context.answerer().answer(negotiation, local, participant.sdpSessionId,
                ++participant.sdpVersion);
        List<PublishedStream> old = participant.streams();
        participant.negotiation = negotiation;
        if (participant.endpoint != null) {
            participant.endpoint.receive(negotiation.remote(), negotiation.streams());
            if (negotiation.data() != null) {
                participant.endpoint.enableData(Long.toString(participant.id), negotiation.data().maxMessageSize());
            }
            if (participant.bitrate >= 0) {
                participant.endpoint.capBitrate(participant.bitrate);
            }
        }
        boolean wasPublished = participant.published;
        participant.published = true;
        forwardingChanged(participant, before);
        reply.send(VideoRoomEvents.configured(room.id, participant.streamViews()), Jsep.answer(SdpWriter.write(answer)));
        if (!wasPublished || !old.equals(participant.streams())) {
            room.notifyParticipants(VideoRoomEvents.publishers(room.id, List.of(participant.view())), participant);
        }
        if (wasPublished) {
            room.subscribers.sourceChanged(participant);
        }
    }

    /** {@code configure}'s wishes: relay audio or video or not, per-stream relay, bitrate cap, display name. */
    private static void apply(Participant participant, VideoRoomRequest.Configure settings) {
        if (settings.audio() != null) {
            participant.sendAudio = settings.audio();
        }
        if (settings.video() != null) {
            participant.sendVideo = settings.video();
        }
        for (StreamSetting stream : settings.streams()) {
            if (stream.send() != null) {
                participant.forwarding.put(stream.mid(), stream.send());
            }
        }
        if (settings.bitrate() >= 0) {
            participant.bitrate = settings.bitrate();
            if (participant.endpoint != null) {
                participant.endpoint.capBitrate(settings.bitrate());
            }
        }
        if (settings.display() != null) {
            participant.display = settings.display();
        }
        if (participant.endpoint != null && settings.streams().stream().anyMatch(StreamSetting::keyframe)) {
            participant.endpoint.requestKeyframe();
        }
    }

    /** Per mid: whether subscribers get media from it. */
    private static Map<String, Boolean> delivering(Participant participant) {
        Map<String, Boolean> delivering = new HashMap<>();
        for (PublishedStream stream : participant.streams()) {
            delivering.put(stream.mid(), participant.delivers(stream));
        }
        return delivering;
    }

    /**
     * Applies the relay settings to the media plane and tells subscribers whose streams start or stop, with Janus
     * {@code media} events on their handles.
     */
    void forwardingChanged(Participant participant, Map<String, Boolean> before) {
        for (PublishedStream stream : participant.streams()) {
            if (participant.endpoint != null) {
                participant.endpoint.setForwarding(stream.mid(), participant.relays(stream));
            }
            Boolean was = before.get(stream.mid());
            boolean now = participant.delivers(stream);
            if (was != null && was != now) {
                room.subscribers.deliveryChanged(participant, stream, now);
            }
        }
    }

    void unpublish(Participant participant) {
        participant.published = false;
        participant.negotiation = null;
        participant.receiving.clear();
        participant.talking.clear();
        room.speakers.remove(participant.id);
        if (participant.endpoint != null) {
            participant.endpoint.close();
            participant.endpoint = null;
        }
        room.notifyParticipants(VideoRoomEvents.unpublished(room.id, participant.id), participant);
        room.subscribers.sourceChanged(participant);
    }

    /** The client hung up: it stops publishing but stays in the room. */
    void hangup(Participant participant) {
        boolean hadMedia = participant.endpoint != null;
        if (participant.published) {
            unpublish(participant);
        }
        if (hadMedia) {
            participant.handle.hangup("Janus API");
        }
    }

    /** The participant leaves: the others get {@code unpublished} (if it published) and {@code leaving}. */
    void remove(Participant participant, String reason) {
        if (room.participants.get(participant.id) != participant) {
            return;
        }
        if (participant.published) {
            unpublish(participant);
        } else if (participant.endpoint != null) {
            participant.endpoint.close();
            participant.endpoint = null;
        }
        room.participants.remove(participant.id);
        room.byHandle.remove(participant.handle.handleId());
        room.notifyParticipants(VideoRoomEvents.leaving(room.id, participant.id, participant.display, reason), null);
        release(participant.handle);
    }

    /** A new join of the same user with the same id takes the participant over. */
    private void replaced(Participant old) {
        boolean hadMedia = old.endpoint != null;
        old.handle.event(VideoRoomEvents.leavingOk(room.id, "replaced"), null, null);
        if (hadMedia) {
            old.handle.hangup("Replaced by a new join");
        }
        remove(old, null);
    }

    private void release(PluginHandle handle) {
        room.plugin.released(handle, room);
        room.closeIfEmpty();
    }

    private static String sdpSessionId() {
        return Long.toString(ThreadLocalRandom.current().nextLong(1, MAX_ID));
    }
}
