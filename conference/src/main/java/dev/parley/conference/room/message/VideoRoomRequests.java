package dev.parley.conference.room.message;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads video room requests from a {@code message}'s body, with Janus's codes for what is wrong: 429 a missing
 * element, 430 an element of the wrong type or out of bounds, 423 an unknown request. Lists hold at most 64 entries
 * and texts 256 characters. Stateless and thread-safe.
 */
public final class VideoRoomRequests {

    private VideoRoomRequests() {
    }

    public static VideoRoomRequest parse(ObjectNode body) throws VideoRoomException {
        Fields fields = Fields.of(body);
        String request = fields.requiredString("request").toLowerCase(Locale.ROOT);
        return switch (request) {
            case "join" -> join(fields);
            case "joinandconfigure" -> {
                VideoRoomRequest.Join join = join(fields);
                if (join.ptype() != VideoRoomRequest.Ptype.PUBLISHER) {
                    throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                            "Invalid element (joinandconfigure is for publishers)");
                }
                yield new VideoRoomRequest.JoinAndConfigure(join, configure(fields));
            }
            case "configure" -> configure(fields);
            case "publish" -> new VideoRoomRequest.Publish(configure(fields));
            case "unpublish" -> new VideoRoomRequest.Unpublish();
            case "start" -> new VideoRoomRequest.Start();
            case "pause" -> new VideoRoomRequest.Pause();
            case "subscribe" -> new VideoRoomRequest.Subscribe(streams(fields, "streams", true));
            case "unsubscribe" -> new VideoRoomRequest.Unsubscribe(refs(fields, "streams", true));
            case "update" -> {
                List<StreamRequest> subscribe = streams(fields, "subscribe", false);
                List<StreamRef> unsubscribe = refs(fields, "unsubscribe", false);
                if (subscribe.isEmpty() && unsubscribe.isEmpty()) {
                    throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT,
                            "At least one of either 'subscribe' or 'unsubscribe' must be present");
                }
                yield new VideoRoomRequest.Update(subscribe, unsubscribe);
            }
            case "switch" -> switchStreams(fields);
            case "leave" -> new VideoRoomRequest.Leave();
            case "listparticipants" -> new VideoRoomRequest.ListParticipants(fields.room(true));
            case "exists" -> new VideoRoomRequest.Exists(fields.room(true));
            case "list" -> new VideoRoomRequest.ListRooms();
            case "create" -> new VideoRoomRequest.Create(fields.room(false), fields.string("description"),
                    publishers(fields, "publishers"), fields.flag("is_private"), fields.strings("allowed"));
            case "edit" -> new VideoRoomRequest.Edit(fields.room(true), fields.string("new_description"),
                    publishers(fields, "new_publishers"), fields.bool("new_is_private"));
            case "destroy" -> new VideoRoomRequest.Destroy(fields.room(true));
            case "kick" -> new VideoRoomRequest.Kick(fields.room(true), fields.requiredId("id"));
            case "moderate" -> new VideoRoomRequest.Moderate(fields.room(true), fields.requiredId("id"),
                    fields.requiredString("mid"), requiredBool(fields, "mute"));
            case "allowed" -> allowed(fields);
            default -> throw new VideoRoomException(VideoRoomError.INVALID_REQUEST, "Unknown request '" + request + "'");
        };
    }

    private static VideoRoomRequest.Join join(Fields fields) throws VideoRoomException {
        RoomId room = fields.room(true);
        String ptype = fields.requiredString("ptype");
        String display = fields.string("display");
        return switch (ptype) {
            case "publisher" -> new VideoRoomRequest.Join(room, VideoRoomRequest.Ptype.PUBLISHER, fields.id("id"), display,
                    fields.string("token"), List.of(), false, null);
            case "subscriber", "listener" -> {
                List<StreamRequest> streams = streams(fields, "streams", false);
                boolean legacy = ptype.equals("listener") || streams.isEmpty();
                if (streams.isEmpty()) {
                    if (!fields.has("feed")) {
                        throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT,
                                "At least one between 'streams' and 'feed' must be specified");
                    }
                    streams = List.of(new StreamRequest(fields.id("feed"), null));
                }
                yield new VideoRoomRequest.Join(room, VideoRoomRequest.Ptype.SUBSCRIBER, 0, display,
                        fields.string("token"), streams, legacy, fields.bool("offer_data"));
            }
            default -> throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (ptype)");
        };
    }

    private static VideoRoomRequest.Configure configure(Fields fields) throws VideoRoomException {
        List<StreamSetting> settings = new ArrayList<>();
        for (JsonNode each : fields.objects("streams")) {
            Fields stream = new Fields(each);
            String mid = stream.string("mid");
            if (mid == null) {
                throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT,
                        "Invalid value (mid can't be null in a streams array)");
            }
            settings.add(new StreamSetting(mid, stream.bool("send"), stream.flag("keyframe"), stream.layer("substream"),
                    stream.layer("temporal")));
        }
        return new VideoRoomRequest.Configure(fields.bool("audio"), fields.bool("video"), fields.count("bitrate"),
                fields.flag("keyframe"), fields.string("display"), settings, fields.flag("restart"),
                Optional.ofNullable(fields.string("audiocodec")), Optional.ofNullable(fields.string("videocodec")),
                new StreamSetting(fields.string("mid"), null, false, fields.layer("substream"), fields.layer("temporal")));
    }

    private static List<StreamRequest> streams(Fields fields, String name, boolean required) throws VideoRoomException {
        List<JsonNode> objects = fields.objects(name);
        if (required && objects.isEmpty()) {
            throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT, "Empty subscription list");
        }
        List<StreamRequest> streams = new ArrayList<>();
        for (JsonNode each : objects) {
            Fields stream = new Fields(each);
            streams.add(new StreamRequest(stream.requiredId("feed"), stream.string("mid"), stream.layer("substream"),
                    stream.layer("temporal")));
        }
        return streams;
    }

    private static List<StreamRef> refs(Fields fields, String name, boolean required) throws VideoRoomException {
        List<JsonNode> objects = fields.objects(name);
        if (required && objects.isEmpty()) {
            throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT, "Empty unsubscription list");
        }
        List<StreamRef> refs = new ArrayList<>();
        for (JsonNode each : objects) {
            Fields ref = new Fields(each);
            StreamRef parsed = new StreamRef(ref.id("feed"), ref.string("mid"), ref.string("sub_mid"));
            if (parsed.feed() == 0 && parsed.subMid() == null) {
                throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT,
                        "Missing mandatory element (feed or sub_mid)");
            }
            refs.add(parsed);
        }
        return refs;
    }

    private static VideoRoomRequest.Switch switchStreams(Fields fields) throws VideoRoomException {
        List<SwitchRequest> streams = new ArrayList<>();
        for (JsonNode each : fields.objects("streams")) {
            Fields stream = new Fields(each);
            streams.add(new SwitchRequest(stream.requiredId("feed"), stream.requiredString("mid"),
                    stream.requiredString("sub_mid")));
        }
        if (streams.isEmpty()) {
            throw new VideoRoomException(VideoRoomError.MISSING_ELEMENT, "Empty switch list");
        }
        return new VideoRoomRequest.Switch(streams);
    }

    private static VideoRoomRequest.Allowed allowed(Fields fields) throws VideoRoomException {
        RoomId room = fields.room(true);
        String action = fields.requiredString("action");
        if (!List.of("enable", "disable", "add", "remove").contains(action)) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Unsupported action '" + action + "' (allowed)");
        }
        List<String> allowed = fields.strings("allowed");
        if ((action.equals("add") || action.equals("remove")) && allowed == null) {
            throw Fields.missing("allowed");
        }
        return new VideoRoomRequest.Allowed(room, action, allowed == null ? List.of() : allowed);
    }

    private static int publishers(Fields fields, String name) throws VideoRoomException {
        long count = fields.count(name);
        if (count == 0 || count > 1000) {
            throw new VideoRoomException(VideoRoomError.INVALID_ELEMENT, "Invalid element (" + name + " must be 1-1000)");
        }
        return (int) Math.max(0, count);
    }

    private static boolean requiredBool(Fields fields, String name) throws VideoRoomException {
        Boolean value = fields.bool(name);
        if (value == null) {
            throw Fields.missing(name);
        }
        return value;
    }
}
