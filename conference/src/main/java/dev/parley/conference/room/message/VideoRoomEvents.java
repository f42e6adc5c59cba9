package dev.parley.conference.room.message;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.List;

/**
 * Writes the video room's events and synchronous answers in Janus's shapes (Janus 1.x {@code janus_videoroom.c}, as
 * Janus 1.1.2 sends them and janus.js and the ConnectyCube client read them). Every {@code event} carries exactly one
 * of {@code publishers}, {@code unpublished}, {@code leaving}, {@code configured}, {@code started}, {@code paused},
 * {@code left} or {@code error}: the ConnectyCube client looks at the first it finds. Stateless and thread-safe.
 */
public final class VideoRoomEvents {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private VideoRoomEvents() {
    }

    public static ObjectNode joined(RoomId room, String description, long id, long privateId,
                                    List<PublisherView> publishers) {
        ObjectNode event = start("joined", room);
        event.put("description", description);
        event.put("id", id);
        event.put("private_id", privateId);
        event.set("publishers", publishers(publishers));
        return event;
    }

    /** A publisher started (or changed) publishing: {@code publishers} with one entry. */
    public static ObjectNode publishers(RoomId room, List<PublisherView> publishers) {
        ObjectNode event = start("event", room);
        event.set("publishers", publishers(publishers));
        return event;
    }

    public static ObjectNode unpublished(RoomId room, long id) {
        return start("event", room).put("unpublished", id);
    }

    /** @param reason null, or why (e.g. {@code kicked}) */
    public static ObjectNode leaving(RoomId room, long id, String display, String reason) {
        ObjectNode event = start("event", room);
        if (display != null) {
            event.put("display", display);
        }
        event.put("leaving", id);
        if (reason != null) {
            event.put("reason", reason);
        }
        return event;
    }

    /** {@code {"videoroom":"event","room":R,"<what>":"ok"}}: started, paused, left, unpublished, leaving. */
    public static ObjectNode ok(RoomId room, String what) {
        return start("event", room).put(what, "ok");
    }

    /**
     * A subscriber's stream {@code mid} now carries the simulcast layer {@code substream} and temporal layer
     * {@code temporal}, as Janus tells it (janus.js's demos read both fields of any subscriber event).
     */
    public static ObjectNode layers(RoomId room, String mid, int substream, int temporal) {
        return start("event", room).put("mid", mid).put("substream", substream).put("temporal", temporal);
    }

    /** A reason the participant's own handle hears why it is out, e.g. kicked or replaced by a new join. */
    public static ObjectNode leavingOk(RoomId room, String reason) {
        return ok(room, "leaving").put("reason", reason);
    }

    public static ObjectNode configured(RoomId room, List<StreamView> streams) {
        ObjectNode event = ok(room, "configured");
        String audio = firstCodec(streams, "audio");
        String video = firstCodec(streams, "video");
        if (audio != null) {
            event.put("audio_codec", audio);
        }
        if (video != null) {
            event.put("video_codec", video);
        }
        event.set("streams", streams(streams));
        return event;
    }

    /**
     * A subscription was made: its streams, and for the legacy one-feed form the feed's {@code id} and {@code display}
     * (the ConnectyCube client keys its remote feed on that {@code id}, docs/protocol.md §4.4).
     */
    public static ObjectNode attached(RoomId room, List<SlotView> slots, PublisherView legacyFeed) {
        ObjectNode event = start("attached", room);
        if (legacyFeed != null) {
            event.put("id", legacyFeed.id());
            if (legacyFeed.display() != null) {
                event.put("display", legacyFeed.display());
            }
        }
        event.set("streams", slots(slots));
        return event;
    }

    /** @param legacyFeed for the legacy one-feed form, its id, so that the ConnectyCube client finds the feed again */
    public static ObjectNode updated(RoomId room, List<SlotView> slots, PublisherView legacyFeed) {
        ObjectNode event = start("updated", room);
        if (legacyFeed != null) {
            event.put("id", legacyFeed.id());
        }
        event.set("streams", slots(slots));
        return event;
    }

    /** A subscription update that has to wait for the answer to the previous offer. */
    public static ObjectNode updating(RoomId room) {
        return start("updating", room);
    }

    public static ObjectNode switched(RoomId room, int changes, List<SlotView> slots) {
        ObjectNode event = ok(room, "switched");
        event.put("changes", changes);
        event.set("streams", slots(slots));
        return event;
    }

    public static ObjectNode talking(RoomId room, long id, String mid, int level, boolean talking) {
        return start(talking ? "talking" : "stopped-talking", room).put("id", id).put("mid", mid)
                .put("audio-level-dBov-avg", level);
    }

    /**
     * The room's dominant speaker changed: {@code {"videoroom":"dominant-speaker","room":R,"id":P}}, an event kind of
     * Parley's own that Janus's clients pass over (janus.js hands it to the app, which ignores kinds it does not know;
     * the ConnectyCube client acts on {@code joined}, {@code event} and {@code attached} only).
     */
    public static ObjectNode dominantSpeaker(RoomId room, long id) {
        return start("dominant-speaker", room).put("id", id);
    }

    public static ObjectNode destroyed(RoomId room) {
        return start("destroyed", room);
    }

    public static ObjectNode error(VideoRoomError error, String reason) {
        return NODES.objectNode().put("videoroom", "event").put("error_code", error.code()).put("error", reason);
    }

    public static ObjectNode participants(RoomId room, List<ParticipantView> participants) {
        ObjectNode answer = start("participants", room);
        ArrayNode list = answer.putArray("participants");
        for (ParticipantView participant : participants) {
            ObjectNode entry = list.addObject().put("id", participant.id());
            if (participant.display() != null) {
                entry.put("display", participant.display());
            }
            entry.put("publisher", participant.publisher()).put("talking", participant.talking());
        }
        return answer;
    }

    public static ObjectNode exists(RoomId room, boolean exists) {
        return start("success", room).put("exists", exists);
    }

    public static ObjectNode list(List<RoomView> rooms) {
        ObjectNode answer = NODES.objectNode().put("videoroom", "success");
        ArrayNode list = answer.putArray("list");
        for (RoomView room : rooms) {
            ObjectNode entry = list.addObject();
            entry.set("room", room.room().wire());
            entry.put("description", room.description()).put("pin_required", false).put("is_private", room.isPrivate())
                    .put("max_publishers", room.maxPublishers()).put("bitrate", 0).put("fir_freq", 0)
                    .put("require_pvtid", false).put("require_e2ee", false).put("notify_joining", false)
                    .put("audiocodec", room.audioCodecs()).put("videocodec", room.videoCodecs()).put("record", false)
                    .put("num_participants", room.participants());
        }
        return answer;
    }

    public static ObjectNode created(RoomId room) {
        return start("created", room).put("permanent", false);
    }

    public static ObjectNode edited(RoomId room) {
        return start("edited", room);
    }

    public static ObjectNode success() {
        return NODES.objectNode().put("videoroom", "success");
    }

    public static ObjectNode allowed(RoomId room, List<String> allowed) {
        ObjectNode answer = start("success", room);
        ArrayNode list = answer.putArray("allowed");
        allowed.forEach(list::add);
        return answer;
    }

    private static ObjectNode start(String videoroom, RoomId room) {
        ObjectNode node = NODES.objectNode().put("videoroom", videoroom);
        node.set("room", room.wire());
        return node;
    }

    private static ArrayNode publishers(List<PublisherView> publishers) {
        ArrayNode list = NODES.arrayNode();
        for (PublisherView publisher : publishers) {
            ObjectNode entry = list.addObject().put("id", publisher.id());
            if (publisher.display() != null) {
                entry.put("display", publisher.display());
            }
            String audio = firstCodec(publisher.streams(), "audio");
            String video = firstCodec(publisher.streams(), "video");
            if (audio != null) {
                entry.put("audio_codec", audio);
            }
            if (video != null) {
                entry.put("video_codec", video);
            }
            entry.set("streams", streams(publisher.streams()));
            entry.put("talking", publisher.talking());
        }
        return list;
    }

    private static ArrayNode streams(List<StreamView> streams) {
        ArrayNode list = NODES.arrayNode();
        for (StreamView stream : streams) {
            ObjectNode entry = list.addObject().put("type", stream.type()).put("mindex", stream.mindex())
                    .put("mid", stream.mid());
            if (stream.disabled()) {
                entry.put("disabled", true);
            } else if (stream.codec() != null) {
                entry.put("codec", stream.codec());
            }
            if (stream.simulcast()) {
                entry.put("simulcast", true);
            }
        }
        return list;
    }

    private static ArrayNode slots(List<SlotView> slots) {
        ArrayNode list = NODES.arrayNode();
        for (SlotView slot : slots) {
            ObjectNode entry = list.addObject().put("type", slot.type()).put("active", slot.active())
                    .put("mindex", slot.mindex()).put("mid", slot.mid()).put("ready", false).put("send", slot.send());
            if (slot.active()) {
                entry.put("feed_id", slot.feedId());
                if (slot.feedDisplay() != null) {
                    entry.put("feed_display", slot.feedDisplay());
                }
                entry.put("feed_mid", slot.feedMid()).put("codec", slot.codec());
            }
        }
        return list;
    }

    private static String firstCodec(List<StreamView> streams, String type) {
        for (StreamView stream : streams) {
            if (stream.type().equals(type) && !stream.disabled() && stream.codec() != null) {
                return stream.codec();
            }
        }
        return null;
    }
}
