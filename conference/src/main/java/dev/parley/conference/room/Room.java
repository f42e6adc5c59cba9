package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.common.time.Scheduler;
import dev.parley.common.time.SerialScheduler;
import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.media.RoomMedia;
import dev.parley.conference.meeting.MeetingDirectory;
import dev.parley.conference.room.message.RoomId;
import dev.parley.conference.room.message.RoomView;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomRequest;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Consumer;

/**
 * One video room: its participants and subscriptions, on one ordered queue (a {@link SerialScheduler}), so that its
 * state needs no locks and every participant sees events in one order. A request that must wait for the meeting
 * lookup parks its handle: that handle's later requests wait behind it, other handles go on. The room closes when
 * nobody is left in it (a room made with {@code create} waits the session timeout for someone to join); requests
 * reaching a closed room go back to {@link VideoRoom} to find or make its successor.
 *
 * <p>Threading: {@link #submit} and the media callbacks may come from any thread; everything else runs on the room's
 * executor.
 */
final class Room {

    private static final Logger LOG = LoggerFactory.getLogger(Room.class);
    /** Requests one handle may have waiting behind a meeting lookup. */
    private static final int MAX_PARKED = 64;

    final RoomKey key;
    final RoomId id;
    final RoomContext context;
    final VideoRoom plugin;
    final SerialScheduler executor;
    final Admission admission = new Admission();
    final Map<Long, Participant> participants = new LinkedHashMap<>();
    final Map<Long, Participant> byHandle = new HashMap<>();
    final Map<Long, Subscription> subscriptions = new LinkedHashMap<>();
    final PublisherFlow publishers;
    final SubscriberFlow subscribers;
    final RoomAdmin admin;
    final DominantSpeaker speakers;
    private final Map<Long, Deque<Runnable>> parked = new HashMap<>();
    private RoomMedia media;
    private Scheduler.Task idleTimer;
    private boolean closed;
    /** Made by {@code create}: it waits for participants instead of closing at once. */
    boolean created;
    int maxPublishers;
    boolean isPrivate;
    private volatile String description;
    private volatile RoomView snapshot;

    Room(RoomKey key, RoomId id, RoomContext context, VideoRoom plugin) {
        this.key = key;
        this.id = id;
        this.context = context;
        this.plugin = plugin;
        this.executor = new SerialScheduler(context.shared(), context.scheduler(), "room " + key);
        this.maxPublishers = context.settings().maxPublishers();
        this.description = "Room " + id.value();
        this.publishers = new PublisherFlow(this);
        this.subscribers = new SubscriberFlow(this);
        this.admin = new RoomAdmin(this);
        this.speakers = new DominantSpeaker(context.settings().talkingLevel());
        refreshSnapshot();
    }

    /** Handles a request of a handle; from any thread. */
    void submit(PluginHandle handle, VideoRoomRequest request, Reply reply) {
        executor.execute(() -> {
            if (closed) {
                plugin.reroute(handle, request, reply, this);
                return;
            }
            whenUnparked(handle.handleId(), () -> dispatch(handle, request, reply), reply);
        });
    }

    /** The handle went away (detach, session end); from any thread. */
    void detached(PluginHandle handle) {
        executor.execute(() -> whenUnparked(handle.handleId(), () -> {
            Participant participant = byHandle.get(handle.handleId());
            if (participant != null) {
                publishers.remove(participant, null);
            }
            Subscription subscription = subscriptions.get(handle.handleId());
            if (subscription != null) {
                subscribers.remove(subscription);
            }
        }, null));
    }

    /** The client hung up the handle's PeerConnection; from any thread. */
    void hangup(PluginHandle handle) {
        executor.execute(() -> whenUnparked(handle.handleId(), () -> {
            Participant participant = byHandle.get(handle.handleId());
            if (participant != null) {
                publishers.hangup(participant);
            }
            Subscription subscription = subscriptions.get(handle.handleId());
            if (subscription != null) {
                subscribers.hangup(subscription, "Janus API");
            }
        }, null));
    }

    private void dispatch(PluginHandle handle, VideoRoomRequest request, Reply reply) {
        long handleId = handle.handleId();
        Participant participant = byHandle.get(handleId);
        Subscription subscription = subscriptions.get(handleId);
        if (participant == null && subscription == null && joinsElsewhere(request)) {
            plugin.reroute(handle, request, reply, this);
            return;
        }
        switch (request) {
            case VideoRoomRequest.Join join -> {
                if (participant != null || subscription != null) {
                    reply.error(VideoRoomError.ALREADY_JOINED, participant != null
                            ? "Already in as a publisher on this handle" : "Already in as a subscriber on this handle");
                } else if (join.ptype() == VideoRoomRequest.Ptype.PUBLISHER) {
                    publishers.join(handle, join, null, reply);
                } else {
                    subscribers.join(handle, join, reply);
                }
            }
            case VideoRoomRequest.JoinAndConfigure both -> {
                if (participant != null || subscription != null) {
                    reply.error(VideoRoomError.ALREADY_JOINED, "Already in as a publisher on this handle");
                } else {
                    publishers.join(handle, both.join(), both.configure(), reply);
                }
            }
            case VideoRoomRequest.ListParticipants list -> admin.listParticipants(handle, reply);
            case VideoRoomRequest.Create create -> admin.create(handle, create, reply);
            case VideoRoomRequest.Edit edit -> admin.edit(handle, edit, reply);
            case VideoRoomRequest.Destroy destroy -> admin.destroy(handle, reply);
            case VideoRoomRequest.Kick kick -> admin.kick(handle, kick, reply);
            case VideoRoomRequest.Moderate moderate -> admin.moderate(handle, moderate, reply);
            case VideoRoomRequest.Allowed allowed -> admin.allowed(handle, allowed, reply);
            default -> {
                if (participant != null) {
                    publishers.request(participant, request, reply);
                } else if (subscription != null) {
                    subscribers.request(subscription, request, reply);
                } else {
                    reply.error(VideoRoomError.JOIN_FIRST, "Invalid request on unconfigured participant");
                    plugin.released(handle, this);
                    closeIfEmpty();
                }
            }
        }
    }

    /** A join naming another room, on a handle this room still has a route for (it left, or failed to join). */
    private boolean joinsElsewhere(VideoRoomRequest request) {
        RoomId named = switch (request) {
            case VideoRoomRequest.Join join -> join.room();
            case VideoRoomRequest.JoinAndConfigure both -> both.join().room();
            default -> null;
        };
        return named != null && !named.key().equals(key.roomId());
    }

    /**
     * Runs {@code then} with the verdict on whether {@code user} may enter, looking the meeting up first when needed
     * (on a worker; the handle's later requests wait).
     */
    void admit(PluginHandle handle, Consumer<Admission.Verdict> then) {
        if (!admission.needsLookup()) {
            then.accept(admission.judgeOpen());
            return;
        }
        long handleId = handle.handleId();
        parked.put(handleId, new ArrayDeque<>());
        ConferenceUser user = handle.user();
        try {
            context.blocking().execute(() -> {
                MeetingDirectory.Lookup lookup;
                try {
                    lookup = context.meetings().find(key.applicationId(), key.roomId());
                } catch (RuntimeException e) {
                    LOG.warn("Meeting lookup for room {} failed", key, e);
                    lookup = new MeetingDirectory.Unavailable(String.valueOf(e.getMessage()));
                }
                MeetingDirectory.Lookup result = lookup;
                executor.execute(() -> {
                    then.accept(admission.judge(result, user));
                    unpark(handleId);
                });
            });
        } catch (RejectedExecutionException e) {
            executor.execute(() -> {
                then.accept(Admission.Verdict.UNAVAILABLE);
                unpark(handleId);
            });
        }
    }

    /** Runs {@code work} now, or after the handle's pending lookup; a request (with its {@code reply}) may be refused. */
    private void whenUnparked(long handleId, Runnable work, Reply reply) {
        Deque<Runnable> waiting = parked.get(handleId);
        if (waiting == null) {
            work.run();
        } else if (reply == null || waiting.size() < MAX_PARKED) {
            waiting.add(work);
        } else {
            reply.error(VideoRoomError.UNKNOWN_ERROR, "Too many requests while joining; wait for the join's answer");
        }
    }

    private void unpark(long handleId) {
        Deque<Runnable> waiting = parked.remove(handleId);
        while (waiting != null && !waiting.isEmpty()) {
            Runnable next = waiting.poll();
            Deque<Runnable> again = parked.get(handleId);
            if (again != null) {
                again.add(next);
                again.addAll(waiting);
                return;
            }
            next.run();
        }
        closeIfEmpty();
    }

    /** An event for every participant but {@code except} (null: for all), as Janus notifies publisher handles. */
    void notifyParticipants(ObjectNode event, Participant except) {
        for (Participant participant : new ArrayList<>(participants.values())) {
            if (participant != except) {
                participant.handle.event(event, null, null);
            }
        }
    }

    int publishing() {
        int count = 0;
        for (Participant participant : participants.values()) {
            if (participant.published) {
                count++;
            }
        }
        return count;
    }

    /** Someone is in the room: a pending idle close is off. */
    void occupied() {
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        refreshSnapshot();
    }

    /** Closes the room when nobody is in it and nobody is being let in. */
    void closeIfEmpty() {
        refreshSnapshot();
        if (closed || !participants.isEmpty() || !subscriptions.isEmpty() || !parked.isEmpty()) {
            return;
        }
        if (created) {
            if (idleTimer == null) {
                idleTimer = executor.schedule(() -> {
                    idleTimer = null;
                    created = false;
                    closeIfEmpty();
                }, context.settings().sessionTimeout());
            }
            return;
        }
        close();
    }

    /** The room's media, opened with its first transport. */
    RoomMedia media() {
        if (media == null) {
            media = context.media().openRoom(key.applicationId() + "/" + key.roomId());
        }
        return media;
    }

    /** Closes the room for good ({@code destroy}, or empty); later requests go to a successor. */
    void close() {
        closed = true;
        if (media != null) {
            media.close();
            media = null;
        }
        if (idleTimer != null) {
            idleTimer.cancel();
            idleTimer = null;
        }
        plugin.removed(this);
    }

    String description() {
        return description;
    }

    void describe(String newDescription) {
        description = newDescription;
        refreshSnapshot();
    }

    /** What {@code list} shows; readable from any thread. */
    RoomView snapshot() {
        return snapshot;
    }

    void refreshSnapshot() {
        snapshot = new RoomView(id, description, isPrivate || admission.isMeeting(), maxPublishers, participants.size(),
                String.join(",", context.settings().codecs().audio()), String.join(",", context.settings().codecs().video()));
    }
}
