package dev.parley.conference.negotiation;

import dev.parley.conference.media.MediaKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * The codecs Parley accepts from publishers, in order of preference: the first one an offer carries is the one the
 * stream uses (every subscriber then receives that codec undecoded). Like Janus's room {@code audiocodec} and
 * {@code videocodec} lists; a publisher may move one of them first with {@code audiocodec}/{@code videocodec}.
 */
public record CodecPreferences(List<String> audio, List<String> video) {

    /** What the media plane forwards. */
    public static final Set<String> AUDIO_CODECS = Set.of("opus");
    public static final Set<String> VIDEO_CODECS = Set.of("vp8", "vp9", "h264", "av1");

    public static final CodecPreferences DEFAULT = new CodecPreferences(List.of("opus"), List.of("vp8", "vp9", "h264", "av1"));

    public CodecPreferences {
        audio = normalize(audio, AUDIO_CODECS, "audio");
        video = normalize(video, VIDEO_CODECS, "video");
    }

    /** The codec names to look for in an offer, {@code forced} first when it is one of this kind's codecs. */
    public List<String> order(MediaKind kind, Optional<String> forced) {
        List<String> names = new ArrayList<>(kind == MediaKind.AUDIO ? audio : video);
        forced.map(name -> name.toLowerCase(Locale.ROOT)).filter(names::contains).ifPresent(name -> {
            names.remove(name);
            names.addFirst(name);
        });
        return names;
    }

    private static List<String> normalize(List<String> names, Set<String> allowed, String kind) {
        List<String> result = new ArrayList<>();
        for (String name : names) {
            String lower = name.toLowerCase(Locale.ROOT);
            if (!allowed.contains(lower)) {
                throw new IllegalArgumentException("Parley does not forward the " + kind + " codec " + name
                        + "; choose from " + allowed);
            }
            if (!result.contains(lower)) {
                result.add(lower);
            }
        }
        if (result.isEmpty()) {
            throw new IllegalArgumentException("name at least one " + kind + " codec");
        }
        return List.copyOf(result);
    }
}
