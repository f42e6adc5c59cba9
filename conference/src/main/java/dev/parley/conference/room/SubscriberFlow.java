package dev.parley.conference.room;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.janus.Jsep;
import dev.parley.conference.media.ForwardedStream;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.negotiation.AcceptedStream;
import dev.parley.conference.negotiation.NegotiationException;
import dev.parley.conference.negotiation.SubscriberAnswer;
import dev.parley.conference.negotiation.SubscriberAnswerReader;
import dev.parley.conference.negotiation.SubscriberOfferer;
import dev.parley.conference.room.message.PublisherView;
import dev.parley.conference.room.message.StreamRef;
import dev.parley.conference.room.message.StreamRequest;
import dev.parley.conference.room.message.StreamSetting;
import dev.parley.conference.room.message.SwitchRequest;
import dev.parley.conference.room.message.VideoRoomError;
import dev.parley.conference.room.message.VideoRoomEvents;
import dev.parley.conference.room.message.VideoRoomException;
import dev.parley.conference.room.message.VideoRoomRequest;
import dev.parley.conference.sdp.SdpException;
import dev.parley.conference.sdp.SdpWriter;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What subscribers do in a room (docs/protocol.md §4.3, §4.4): join with {@code streams} (multistream) or one {@code
 * feed} (the legacy form the ConnectyCube client uses with {@code ptype:"listener"}), answer Parley's offer with {@code
 * start}, pause and start again, subscribe, unsubscribe, update, switch, configure, leave. When a feed's stream goes
 * away its slot stops and the subscriber gets an {@code updated} offer (after the answer to the previous one, if one is
 * awaited). Runs on its room's executor.
 */
final class SubscriberFlow {

    private record Pick(Participant source, PublishedStream stream, StreamRequest request) {
    }

    private final Room room;

    SubscriberFlow(Room room) {
        this.room = room;
    }

    void join(PluginHandle handle, VideoRoomRequest.Join join, Reply reply) {
        room.admit(handle, verdict -> {
            if (verdict != Admission.Verdict.ADMITTED) {
                release(handle);
                reply.error(verdict == Admission.Verdict.REFUSED ? VideoRoomError.UNAUTHORIZED : VideoRoomError.UNKNOWN_ERROR,
                        verdict == Admission.Verdict.REFUSED ? "Unauthorized (not the host or an attendee of meeting "
                                + room.id.value() + ")" : "Cannot check the meeting's attendees now; try again");
                return;
            }
            List<Pick> picks;
            List<Participant> dataOnly = new ArrayList<>();
            Subscription subscription = new Subscription(handle, handle.user(),
                    join.legacy() ? join.streams().getFirst().feed() : 0,
                    Long.toString(ThreadLocalRandom.current().nextLong(1, 1L << 53)));
            subscription.offerData = join.offerData();
            subscription.takesWholeFeeds(join.streams());
            try {
                picks = pick(join.streams(), dataOnly);
                if (picks.isEmpty() && (dataOnly.isEmpty() || !subscription.wantsData)) {
                    throw new VideoRoomException(VideoRoomError.INVALID_SDP, "Can't offer an SDP with no stream");
                }
                if (picks.size() > Subscription.MAX_SLOTS) {
                    throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (more than "
                            + Subscription.MAX_SLOTS + " streams in one subscription)");
                }
            } catch (VideoRoomException e) {
                release(handle);
                reply.error(e.error(), e.getMessage());
                return;
            }
            for (Pick pick : picks) {
                add(subscription, pick);
            }
            if (subscription.wantsData) {
                subscription.dataFeeds.addAll(dataOnly);
            }
            subscription.addDataIfFed();
            SubscriberMediaEvents listener = new SubscriberMediaEvents(room, subscription);
            subscription.endpoint = room.media().openSubscriber(listener);
            listener.bind(subscription.endpoint);
            sendLayers(subscription);
            room.subscriptions.put(handle.handleId(), subscription);
            room.occupied();
            PublisherView legacy = subscription.legacyFeed == 0 ? null : room.participants.get(subscription.legacyFeed).view();
            reply.send(VideoRoomEvents.attached(room.id, subscription.views(), legacy), offer(subscription));
        });
    }

    void request(Subscription subscription, VideoRoomRequest request, Reply reply) {
        try {
            switch (request) {
                case VideoRoomRequest.Start s -> start(subscription, reply);
                case VideoRoomRequest.Pause p -> {
                    subscription.paused = true;
                    subscription.endpoint.setPaused(true);
                    reply.send(VideoRoomEvents.ok(room.id, "paused"));
                }
                case VideoRoomRequest.Configure configure -> configure(subscription, configure, reply);
                case VideoRoomRequest.Subscribe subscribe -> change(subscription, subscribe.streams(), List.of(), reply);
                case VideoRoomRequest.Unsubscribe unsubscribe -> change(subscription, List.of(), unsubscribe.streams(), reply);
                case VideoRoomRequest.Update update -> change(subscription, update.subscribe(), update.unsubscribe(), reply);
                case VideoRoomRequest.Switch change -> switchSources(subscription, change.streams(), reply);
                case VideoRoomRequest.Leave l -> {
                    reply.send(VideoRoomEvents.ok(room.id, "left"));
                    remove(subscription);
                }
                default -> reply.error(VideoRoomError.INVALID_REQUEST, "A subscriber handle cannot '"
                        + request.getClass().getSimpleName().toLowerCase(java.util.Locale.ROOT) + "'; that is for publishers");
            }
        } catch (VideoRoomException e) {
            reply.error(e.error(), e.getMessage());
        }
    }

    private void start(Subscription subscription, Reply reply) {
        Jsep jsep = reply.request().jsep();
        if (jsep == null) {
            if (subscription.remote == null) {
                reply.error(VideoRoomError.MISSING_ELEMENT, "Missing mandatory element (jsep): answer Parley's offer");
                return;
            }
            subscription.paused = false;
            subscription.endpoint.setPaused(false);
            reply.send(VideoRoomEvents.ok(room.id, "started"));
            return;
        }
        if (jsep.type() != Jsep.Type.ANSWER) {
            reply.error(VideoRoomError.INVALID_SDP_TYPE, "Subscribers answer Parley's offers; they do not send offers");
            return;
        }
        if (!subscription.awaitingAnswer) {
            reply.error(VideoRoomError.INVALID_SDP, "Unexpected answer: no offer is waiting for one");
            return;
        }
        SubscriberAnswer answer;
        try {
            answer = SubscriberAnswerReader.read(reply.request().description(), subscription.offered,
                    subscription.offeredDataIndex);
        } catch (SdpException | NegotiationException e) {
            reply.error(VideoRoomError.INVALID_SDP, "Error parsing answer: " + e.getMessage());
            return;
        }
        subscription.awaitingAnswer = false;
        subscription.accepted.clear();
        for (AcceptedStream stream : answer.accepted()) {
            subscription.accepted.put(stream.mid(), stream);
        }
        if (answer.remote() != null) {
            subscription.remote = answer.remote();
        }
        sendStreams(subscription);
        if (answer.data() != null) {
            subscription.endpoint.enableData(null, answer.data().maxMessageSize());
        }
        reply.send(VideoRoomEvents.ok(room.id, "started"));
        for (Slot slot : subscription.slots) {
            if (slot.active() && subscription.accepted.containsKey(slot.mid)
                    && !slot.source.delivers(slot.source.stream(slot.sourceMid))) {
                subscription.handle.media(slot.mid, slot.kind.sdpName(), false);
            }
        }
        if (subscription.offerPending) {
            subscription.offerPending = false;
            renegotiate(subscription, null);
        }
    }

    private void configure(Subscription subscription, VideoRoomRequest.Configure configure, Reply reply)
            throws VideoRoomException {
        for (StreamSetting setting : configure.streams()) {
            if (subscription.slot(setting.mid()) == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such mid '" + setting.mid() + "' in subscription");
            }
        }
        StreamSetting layers = configure.layers();
        if (layers.mid() != null && subscription.slot(layers.mid()) == null) {
            throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such mid '" + layers.mid() + "' in subscription");
        }
        for (StreamSetting setting : configure.streams()) {
            if (setting.send() != null) {
                subscription.slot(setting.mid()).send = setting.send();
                subscription.endpoint.setSending(setting.mid(), setting.send());
            }
            setLayers(subscription, subscription.slot(setting.mid()), setting);
        }
        for (Slot slot : subscription.slots) {
            if (layers.mid() == null ? slot.kind == MediaKind.VIDEO : slot.mid.equals(layers.mid())) {
                setLayers(subscription, slot, layers);
            }
        }
        ObjectNode configured = VideoRoomEvents.ok(room.id, "configured");
        if (configure.restart()) {
            subscription.endpoint.restartIce();
            if (subscription.awaitingAnswer) {
                subscription.offerPending = true;
            } else {
                reply.send(configured, offer(subscription));
                return;
            }
        }
        reply.send(configured);
    }

    /** A subscriber's {@code substream}/{@code temporal} for one slot; a value not given stays as it was. */
    private static void setLayers(Subscription subscription, Slot slot, StreamSetting setting) {
        if (setting.substream() < 0 && setting.temporal() < 0) {
            return;
        }
        slot.substream = setting.substream() >= 0 ? setting.substream() : slot.substream;
        slot.temporal = setting.temporal() >= 0 ? setting.temporal() : slot.temporal;
        subscription.endpoint.setLayers(slot.mid, slot.substream, slot.temporal);
    }

    private void change(Subscription subscription, List<StreamRequest> add, List<StreamRef> drop, Reply reply)
            throws VideoRoomException {
        List<Participant> dataOnly = new ArrayList<>();
        List<Pick> picks = pick(add, dataOnly);
        if (subscription.slots.size() + newSlotsNeeded(subscription, picks) > Subscription.MAX_SLOTS) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (more than "
                    + Subscription.MAX_SLOTS + " streams in one subscription)");
        }
        subscription.takesWholeFeeds(add); // only once the request is valid: a refused one changes nothing
        boolean dropped = false;
        for (StreamRef ref : drop) {
            for (Slot slot : subscription.slots) {
                if (slot.active() && matches(slot, ref)) {
                    slot.stop();
                    dropped = true;
                }
            }
        }
        for (Pick pick : picks) {
            add(subscription, pick);
        }
        boolean newDataFeeds = subscription.wantsData && subscription.dataFeeds.addAll(dataOnly);
        if (newDataFeeds) {
            sendStreams(subscription);
        }
        sendLayers(subscription);
        boolean dataAdded = subscription.dataIndex < 0;
        subscription.addDataIfFed();
        dataAdded &= subscription.dataIndex >= 0;
        if (dropped) {
            sendStreams(subscription);
        }
        if (!dropped && picks.isEmpty() && !dataAdded) {
            reply.send(VideoRoomEvents.updated(room.id, subscription.views(), legacyView(subscription)));
            return;
        }
        renegotiate(subscription, reply);
    }

    private void switchSources(Subscription subscription, List<SwitchRequest> switches, Reply reply)
            throws VideoRoomException {
        int changes = 0;
        for (SwitchRequest request : switches) {
            Slot slot = subscription.slot(request.subMid());
            if (slot == null) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such mid '" + request.subMid() + "' in subscription");
            }
            Pick pick = pick(List.of(new StreamRequest(request.feed(), request.mid())), new ArrayList<>()).getFirst();
            if (!slot.active() || pick.stream().kind() != slot.kind
                    || !pick.stream().codec().name().equalsIgnoreCase(slot.codec.name())) {
                continue;
            }
            slot.feedFrom(pick.source(), pick.stream());
            if (subscription.accepted.containsKey(slot.mid) && !pick.source().delivers(pick.stream())) {
                subscription.handle.media(slot.mid, slot.kind.sdpName(), false);
            }
            changes++;
        }
        if (changes > 0 && !subscription.awaitingAnswer) {
            sendStreams(subscription);
        }
        reply.send(VideoRoomEvents.switched(room.id, changes, subscription.views()));
    }

    /**
     * A participant's streams changed (unpublished, left, renegotiated): slots they fed stop, subscribers re-offered;
     * one that asked for data gets its data channel section once the participant publishes data channels.
     */
    void sourceChanged(Participant participant) {
        for (Subscription subscription : new ArrayList<>(room.subscriptions.values())) {
            boolean stopped = false;
            boolean dataAdded = false;
            for (Slot slot : subscription.slots) {
                if (slot.source != participant) {
                    continue;
                }
                PublishedStream stream = participant.published ? participant.stream(slot.sourceMid) : null;
                if (stream == null || !stream.codec().equals(slot.codec)) {
                    slot.stop();
                    stopped = true;
                }
            }
            if (subscription.dataFeeds.contains(participant) && !participant.publishesData()) {
                subscription.dataFeeds.remove(participant); // it left, or no longer sends data channels
                stopped = true;
            }
            if (subscription.dataIndex < 0) {
                subscription.addDataIfFed();
                dataAdded = subscription.dataIndex >= 0;
            }
            if (stopped) {
                sendStreams(subscription);
            }
            if (stopped || dataAdded) {
                renegotiate(subscription, null);
            }
        }
    }

    /** A publisher's stream started or stopped reaching subscribers: Janus {@code media} events on their handles. */
    void deliveryChanged(Participant participant, PublishedStream stream, boolean delivering) {
        for (Subscription subscription : room.subscriptions.values()) {
            for (Slot slot : subscription.slots) {
                if (slot.source == participant && slot.sourceMid.equals(stream.mid())
                        && subscription.accepted.containsKey(slot.mid)) {
                    subscription.handle.media(slot.mid, slot.kind.sdpName(), delivering);
                }
            }
        }
    }

    void remove(Subscription subscription) {
        if (room.subscriptions.remove(subscription.handle.handleId()) != subscription) {
            return;
        }
        subscription.endpoint.close();
        release(subscription.handle);
    }

    void hangup(Subscription subscription, String reason) {
        subscription.handle.hangup(reason);
        remove(subscription);
    }

    private void renegotiate(Subscription subscription, Reply reply) {
        if (subscription.awaitingAnswer) {
            subscription.offerPending = true;
            if (reply != null) {
                reply.send(VideoRoomEvents.updating(room.id));
            }
            return;
        }
        Jsep jsep = offer(subscription);
        ObjectNode event = VideoRoomEvents.updated(room.id, subscription.views(), legacyView(subscription));
        if (reply != null) {
            reply.send(event, jsep);
        } else {
            subscription.handle.event(event, jsep, null);
        }
    }

    private Jsep offer(Subscription subscription) {
        subscription.awaitingAnswer = true;
        subscription.offered = subscription.sdpSlots();
        subscription.offeredDataIndex = subscription.dataIndex;
        return Jsep.offer(SdpWriter.write(SubscriberOfferer.offer(subscription.offered, subscription.offeredDataIndex,
                subscription.endpoint.local(),
                subscription.sdpSessionId, ++subscription.sdpVersion)));
    }

    /** Tells the media plane what to send, as the last answer accepted it. */
    private void sendStreams(Subscription subscription) {
        if (subscription.remote == null) {
            return;
        }
        List<ForwardedStream> streams = new ArrayList<>();
        for (Slot slot : subscription.slots) {
            AcceptedStream accepted = subscription.accepted.get(slot.mid);
            if (!slot.active() || accepted == null || slot.source.endpoint == null) {
                continue;
            }
            long rtxSsrc = accepted.rtxPayloadType() >= 0 ? slot.rtxSsrc : -1;
            streams.add(new ForwardedStream(slot.mid, slot.source.endpoint, slot.sourceMid, slot.ssrc, rtxSsrc,
                    SubscriberOfferer.cname(slot.source.id), accepted.codec(), rtxSsrc >= 0 ? accepted.rtxPayloadType() : -1, accepted.extensions()));
        }
        subscription.endpoint.send(subscription.remote, streams);
        for (Slot slot : subscription.slots) {
            if (!slot.send) {
                subscription.endpoint.setSending(slot.mid, false);
            }
        }
        List<PublisherEndpoint> dataFeeds = new ArrayList<>();
        for (Participant feed : subscription.dataFeeds) {
            if (feed.endpoint != null) {
                dataFeeds.add(feed.endpoint);
            }
        }
        subscription.endpoint.receiveData(dataFeeds);
    }

    /**
     * The streams {@code requests} name. A feed taken whole that publishes data channels only has no stream: it goes
     * to {@code dataOnly} instead (Janus offers such a feed's data section).
     */
    private List<Pick> pick(List<StreamRequest> requests, List<Participant> dataOnly) throws VideoRoomException {
        List<Pick> picks = new ArrayList<>();
        for (StreamRequest request : requests) {
            Participant source = room.participants.get(request.feed());
            if (source == null || !source.published) {
                throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED, "No such feed (" + request.feed() + ")");
            }
            if (request.mid() != null) {
                PublishedStream stream = source.stream(request.mid());
                if (stream == null) {
                    throw new VideoRoomException(VideoRoomError.NO_SUCH_FEED,
                            "No such mid '" + request.mid() + "' in feed (" + request.feed() + ")");
                }
                picks.add(new Pick(source, stream, request));
            } else {
                for (PublishedStream stream : source.streams()) {
                    picks.add(new Pick(source, stream, request));
                }
                if (source.streams().isEmpty() && source.publishesData()) {
                    dataOnly.add(source);
                }
            }
        }
        return picks;
    }

    /** How many m-lines the picks add beyond the stopped slots they will reuse. */
    private static int newSlotsNeeded(Subscription subscription, List<Pick> picks) {
        Map<MediaKind, Integer> free = new EnumMap<>(MediaKind.class);
        for (Slot slot : subscription.slots) {
            if (!slot.active()) {
                free.merge(slot.kind, 1, Integer::sum);
            }
        }
        int needed = 0;
        for (Pick pick : picks) {
            int left = free.getOrDefault(pick.stream().kind(), 0);
            if (left > 0) {
                free.put(pick.stream().kind(), left - 1);
            } else {
                needed++;
            }
        }
        return needed;
    }

    /** A slot for the stream: a stopped one of its kind if there is one (its m-line reused), else a new one. */
    private static void add(Subscription subscription, Pick pick) {
        long ssrc = subscription.newSsrc();
        long rtxSsrc = pick.stream().rtxPayloadType() >= 0 ? subscription.newSsrc() : -1;
        for (Slot slot : subscription.slots) {
            if (!slot.active() && slot.kind == pick.stream().kind()) {
                slot.reuse(ssrc, rtxSsrc, pick.source(), pick.stream());
                // Nothing is sent on it until an answer accepts it again.
                subscription.accepted.remove(slot.mid);
                wantLayers(slot, pick.request());
                return;
            }
        }
        Slot slot = new Slot(subscription.nextMid(), subscription.slots.size(), ssrc, rtxSsrc, pick.source(),
                pick.stream());
        subscription.slots.add(slot);
        wantLayers(slot, pick.request());
    }

    /** The layers a {@code streams} entry asks of its video (Janus 1.x's {@code substream}/{@code temporal}). */
    private static void wantLayers(Slot slot, StreamRequest request) {
        if (slot.kind == MediaKind.VIDEO) {
            slot.substream = request.substream() >= 0 ? request.substream() : Slot.ALL_LAYERS;
            slot.temporal = request.temporal() >= 0 ? request.temporal() : Slot.ALL_LAYERS;
        }
    }

    /** Tells the media plane the layers the video slots want (after slots were added; it keeps them per mid). */
    private static void sendLayers(Subscription subscription) {
        for (Slot slot : subscription.slots) {
            if (slot.active() && slot.kind == MediaKind.VIDEO) {
                subscription.endpoint.setLayers(slot.mid, slot.substream, slot.temporal);
            }
        }
    }

    private static boolean matches(Slot slot, StreamRef ref) {
        if (ref.subMid() != null) {
            return slot.mid.equals(ref.subMid());
        }
        return slot.source.id == ref.feed() && (ref.mid() == null || ref.mid().equals(slot.sourceMid));
    }

    private static PublisherView legacyView(Subscription subscription) {
        return subscription.legacyFeed == 0 ? null : new PublisherView(subscription.legacyFeed, null, List.of(), false);
    }

    private void release(PluginHandle handle) {
        room.plugin.released(handle, room);
        room.closeIfEmpty();
    }
}
