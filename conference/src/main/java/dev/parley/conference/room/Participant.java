package dev.parley.conference.room;

import dev.parley.conference.auth.ConferenceUser;
import dev.parley.conference.core.PluginHandle;
import dev.parley.conference.media.MediaKind;
import dev.parley.conference.media.PublishedStream;
import dev.parley.conference.media.PublisherEndpoint;
import dev.parley.conference.negotiation.OfferedSection;
import dev.parley.conference.negotiation.PublisherNegotiation;
import dev.parley.conference.room.message.PublisherView;
import dev.parley.conference.room.message.StreamView;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A participant of a room: a handle that joined as publisher, publishing or not (Janus's {@code
 * janus_videoroom_publisher}). Confined to its room's executor.
 */
final class Participant {

    final long id;
    final ConferenceUser user;
    final PluginHandle handle;
    final long privateId;
    final String sdpSessionId;
    String display;
    /** Whether its offer was accepted: it is announced in {@code publishers} (even with no audio or video). */
    boolean published;
    PublisherEndpoint endpoint;
    PublisherNegotiation negotiation;
    long sdpVersion;
    /** {@code configure}'s audio and video wishes; null when not given. */
    Boolean sendAudio;
    Boolean sendVideo;
    long bitrate;
    /** Per mid: whether the stream is relayed ({@code configure} streams.send, moderate). */
    final Map<String, Boolean> forwarding = new HashMap<>();
    final Map<String, Boolean> moderated = new HashMap<>();
    final Map<String, Boolean> receiving = new HashMap<>();
    final Map<String, Boolean> talking = new HashMap<>();

    Participant(long id, ConferenceUser user, PluginHandle handle, long privateId, String sdpSessionId, String display) {
        this.id = id;
        this.user = user;
        this.handle = handle;
        this.privateId = privateId;
        this.sdpSessionId = sdpSessionId;
        this.display = display;
    }

    /** The streams it sends, in offer order. */
    List<PublishedStream> streams() {
        return negotiation == null ? List.of() : negotiation.streams();
    }

    PublishedStream stream(String mid) {
        for (PublishedStream stream : streams()) {
            if (stream.mid().equals(mid)) {
                return stream;
            }
        }
        return null;
    }

    /** Whether Parley relays the stream now: wanted by the publisher and not muted by a moderator. */
    boolean relays(PublishedStream stream) {
        Boolean kindWish = stream.kind() == MediaKind.AUDIO ? sendAudio : sendVideo;
        return !Boolean.FALSE.equals(kindWish) && forwarding.getOrDefault(stream.mid(), true)
                && !moderated.getOrDefault(stream.mid(), false);
    }

    /** Whether subscribers get media on the stream now: relayed and arriving from the publisher. */
    boolean delivers(PublishedStream stream) {
        return relays(stream) && receiving.getOrDefault(stream.mid(), true);
    }

    /** Whether its accepted offer has a data channel section: subscribers of its streams get a data section too. */
    boolean publishesData() {
        return published && negotiation != null && negotiation.data() != null;
    }

    boolean isTalking() {
        return talking.containsValue(true);
    }

    List<StreamView> streamViews() {
        List<StreamView> views = new ArrayList<>();
        if (negotiation != null) {
            for (OfferedSection section : negotiation.sections()) {
                if (section.stream() != null) {
                    views.add(new StreamView(section.janusType(), section.index(), section.mid(),
                            section.stream().codec().janusName(), false, !section.stream().simulcast().isEmpty()));
                }
            }
        }
        return views;
    }

    PublisherView view() {
        return new PublisherView(id, display, streamViews(), isTalking());
    }
}
