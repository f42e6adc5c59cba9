package dev.parley.conference.room;

import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.media.RemoteTransport;
import dev.parley.conference.media.SubscriberEndpoint;
import dev.parley.conference.negotiation.AcceptedStream;
import dev.parley.conference.negotiation.SubscriberSlot;
import dev.parley.conference.room.message.SlotView;
import dev.parley.conference.room.message.StreamRequest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * A subscriber handle's subscription (Janus's {@code janus_videoroom_subscriber}): its slots, its transport, and
 * where the offer/answer exchange stands. A change while an offer awaits its answer is sent with the next offer.
 * Confined to its room's executor.
 */
final class Subscription {

    /** At most this many m= sections, stopped ones included, so that the answer stays within what Parley parses. */
    static final int MAX_SLOTS = dev.parley.conference.sdp.SdpParser.MAX_MEDIA;

    final PluginHandle handle;
    final ConferenceUser user;
    /** The legacy one-feed form's feed (ConnectyCube's {@code listener}), 0 for a multistream subscription. */
    final long legacyFeed;
    final String sdpSessionId;
    final List<Slot> slots = new ArrayList<>();
    final Map<String, AcceptedStream> accepted = new HashMap<>();
    /** The slots as the last offer described them: its answer is read against these, whatever changed since. */
    List<SubscriberSlot> offered = List.of();
    /** The subscriber's {@code offer_data}, null when it did not say (then {@link #takesWholeFeeds} decides). */
    Boolean offerData;
    /** Whether it gets the feeds' data channel messages: {@code offer_data}, else whether it took a whole feed. */
    boolean wantsData;
    /** Publishers of data only (no audio or video) taken whole: their messages come with the data section. */
    final Set<Participant> dataFeeds = new LinkedHashSet<>();
    /** The m= line of the data channel section among the slots' (it keeps it), -1 while there is none. */
    int dataIndex = -1;
    /** {@link #dataIndex} as the last offer had it. */
    int offeredDataIndex = -1;
    SubscriberEndpoint endpoint;
    RemoteTransport remote;
    long sdpVersion;
    /** An offer was sent and its answer has not come. */
    boolean awaitingAnswer;
    /** The slots changed while an answer was awaited: offer again once it comes. */
    boolean offerPending;
    boolean paused;
    private final Set<Long> ssrcs = new HashSet<>();

    Subscription(PluginHandle handle, ConferenceUser user, long legacyFeed, String sdpSessionId) {
        this.handle = handle;
        this.user = user;
        this.legacyFeed = legacyFeed;
        this.sdpSessionId = sdpSessionId;
    }

    Slot slot(String mid) {
        for (Slot slot : slots) {
            if (slot.mid.equals(mid)) {
                return slot;
            }
        }
        return null;
    }

    /** A fresh SSRC for this transport (RFC 3550 §8.1: random, unique within the session). */
    long newSsrc() {
        long ssrc;
        do {
            ssrc = ThreadLocalRandom.current().nextLong(1, 1L << 32);
        } while (!ssrcs.add(ssrc));
        return ssrc;
    }

    /**
     * Gives the subscription a data channel section, after its slots so far, once one of the feeds it receives
     * publishes data channels (Janus offers subscribers data when the publisher has it).
     */
    void addDataIfFed() {
        if (!wantsData || dataIndex >= 0 || slots.size() >= MAX_SLOTS) {
            return;
        }
        if (!dataFeeds.isEmpty()) {
            dataIndex = slots.size();
            return;
        }
        for (Slot slot : slots) {
            if (slot.active() && slot.source.publishesData()) {
                dataIndex = slots.size();
                return;
            }
        }
    }

    /**
     * Janus's rule when {@code offer_data} is not given: a subscriber that takes a whole feed ({@code feed} without
     * {@code mid}, as every legacy and ConnectyCube subscription does) takes its data channel too.
     */
    void takesWholeFeeds(List<StreamRequest> requests) {
        if (offerData != null) {
            wantsData = offerData;
            return;
        }
        for (StreamRequest request : requests) {
            if (request.mid() == null) {
                wantsData = true;
                return;
            }
        }
    }

    String nextMid() {
        return String.valueOf(slots.size());
    }

    List<SubscriberSlot> sdpSlots() {
        return slots.stream().map(Slot::sdp).toList();
    }

    List<SlotView> views() {
        return slots.stream().map(Slot::view).toList();
    }
}
